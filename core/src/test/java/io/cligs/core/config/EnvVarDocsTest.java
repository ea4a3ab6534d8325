package io.cligs.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The READMEs and the registry agree. The rule: the root {@code README.md}'s configuration table
 * lists every variable of the registry, with its default and the modules that read it; the README
 * of each built module ({@code edge/README.md}, {@code loader/README.md}) lists exactly the
 * variables that module reads, with the same defaults. A default cell starts with
 * {@link EnvVar#documentedDefault()} and may go on with a remark in parentheses.
 */
class EnvVarDocsTest {

    @Test
    void theRootTableListsEveryVariableWithItsDefaultAndReaders() throws IOException {
        Map<String, List<String>> rows = variableTable(RepositoryRoot.find().resolve("README.md"));
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> documented = new TreeMap<>();
        for (EnvVar v : EnvVar.values()) {
            expected.put(v.name(), v.documentedDefault() + " | " + readers(v));
        }
        rows.forEach((name, cells) -> documented.put(name,
                defaultAsRegistered(name, cells.get(1)) + " | " + (cells.size() > 2 ? cells.get(2) : "")));
        assertEquals(expected, documented, "README.md's configuration table (variable | default | read by | meaning)");
    }

    @Test
    void theEdgeReadmeListsExactlyTheVariablesTheEdgeReads() throws IOException {
        assertModuleTable(EnvVar.Reader.EDGE);
    }

    @Test
    void theLoaderReadmeListsExactlyTheVariablesTheLoaderReads() throws IOException {
        assertModuleTable(EnvVar.Reader.LOADER);
    }

    @Test
    void theAdminApiReadmeListsExactlyTheVariablesTheAdminApiReads() throws IOException {
        assertModuleTable(EnvVar.Reader.ADMIN_API);
    }

    private static void assertModuleTable(EnvVar.Reader module) throws IOException {
        Path readme = RepositoryRoot.find().resolve(module.directory()).resolve("README.md");
        Map<String, String> expected = new TreeMap<>();
        for (EnvVar v : EnvVar.values()) {
            if (v.readBy().contains(module)) {
                expected.put(v.name(), v.documentedDefault());
            }
        }
        Map<String, String> documented = new TreeMap<>();
        variableTable(readme).forEach((name, cells) -> documented.put(name, defaultAsRegistered(name, cells.get(1))));
        assertEquals(expected, documented, readme + "'s variables table");
    }

    /** The registry's form of a default cell: the cell without a trailing remark in parentheses. */
    private static String defaultAsRegistered(String name, String cell) {
        EnvVar v;
        try {
            v = EnvVar.valueOf(name);
        } catch (IllegalArgumentException e) {
            return cell;
        }
        String registered = v.documentedDefault();
        return cell.equals(registered) || cell.startsWith(registered + " (") ? registered : cell;
    }

    private static String readers(EnvVar v) {
        StringJoiner out = new StringJoiner(", ");
        for (EnvVar.Reader r : v.readBy()) {
            out.add(r.directory() + (r.built() ? "" : " (not yet built)"));
        }
        return out.toString();
    }

    /**
     * The rows of the file's tables whose header starts with "variable", by the variable's name
     * (backticks removed); each row's cells after the name. A name listed twice fails.
     */
    static Map<String, List<String>> variableTable(Path markdown) throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(markdown)) {
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            List<String> cells = cells(line);
            if (!inTable) {
                inTable = cells.get(0).equals("variable");
                continue;
            }
            if (cells.get(0).startsWith("---")) {
                continue;
            }
            String name = cells.get(0).replace("`", "");
            if (rows.put(name, cells) != null) {
                throw new AssertionError(markdown + " lists " + name + " twice");
            }
        }
        return rows;
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        String[] parts = line.split("\\|", -1);
        for (int i = 1; i < parts.length - 1; i++) {
            out.add(parts[i].trim());
        }
        return out;
    }
}
