package io.cligs.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the registry the one place that names a variable: no main source of any module spells a
 * {@code "CLIG_..."} string, and every variable a built module reads is read somewhere.
 */
class EnvVarUsageTest {

    private static final Pattern LITERAL = Pattern.compile("\"CLIG_[A-Z0-9_]*");
    private static final Path REGISTRY = Path.of("core/src/main/java/io/cligs/core/config/EnvVar.java");

    @Test
    void noMainSourceNamesAVariableOutsideTheRegistry() {
        Path root = RepositoryRoot.find();
        List<String> found = new ArrayList<>();
        for (Path file : mainSources(root)) {
            if (root.relativize(file).equals(REGISTRY)) {
                continue;
            }
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LITERAL.matcher(lines.get(i));
                while (m.find()) {
                    found.add(root.relativize(file) + ":" + (i + 1) + ": " + m.group() + "\" (use EnvVar)");
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void everyVariableOfABuiltModuleIsReadSomewhere() {
        Path root = RepositoryRoot.find();
        StringBuilder sources = new StringBuilder();
        for (Path file : mainSources(root)) {
            if (!root.relativize(file).equals(REGISTRY)) {
                sources.append(String.join("\n", read(file))).append('\n');
            }
        }
        List<String> unread = new ArrayList<>();
        for (EnvVar v : EnvVar.values()) {
            boolean built = v.readBy().stream().anyMatch(EnvVar.Reader::built);
            if (built && !Pattern.compile("\\b" + v.name() + "\\b").matcher(sources).find()) {
                unread.add(v.name());
            }
        }
        assertEquals(List.of(), unread, "in the registry as read by a built module, but read by nothing");
    }

    /** Every {@code *.java} under a module's {@code src/main}. */
    private static List<Path> mainSources(Path root) {
        try (Stream<Path> modules = Files.list(root)) {
            List<Path> out = new ArrayList<>();
            for (Path main : modules.map(m -> m.resolve("src/main")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(out::add);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
