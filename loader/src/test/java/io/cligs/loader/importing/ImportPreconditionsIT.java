package io.cligs.loader.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.loader.testing.Cli;
import io.cligs.loader.testing.Dumps;
import io.cligs.loader.testing.LoaderTestbed;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An import into a database that is not ready says, in one line, to run {@code loader migrate}. */
class ImportPreconditionsIT {

    /** A database without the schema. */
    @RegisterExtension
    static final LoaderTestbed BED = new LoaderTestbed(false);

    private static Path dump() {
        return Dumps.write(BED.tmp().resolve("d"), Map.of("users",
                List.of("1\tuser1\t\\N\t5f4dcc3b5aa765d61d8327deb882cf99\t2009-07-01 12:00:00\t\\N\tactive")));
    }

    private static void assertOneLineToMigrate(Cli.Run run) {
        assertEquals(1, run.exitCode(), run::toString);
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run::toString);
        assertTrue(lines.get(0).startsWith("import failed: the database") && lines.get(0).endsWith("run `loader migrate` first"),
                run::toString);
        assertFalse(run.err().contains("SQL"), run::toString);
    }

    @Test
    void aDatabaseWithoutTheSchemaSaysToMigrate() {
        assertOneLineToMigrate(BED.importDump(dump()));
    }

    @Test
    void aDatabaseThatDoesNotExistSaysToMigrate() {
        String url = BED.cli().env().get("CLIG_MYSQL_URL");
        BED.cli().env().put("CLIG_MYSQL_URL", url.substring(0, url.lastIndexOf('/') + 1) + "cligs_no_such_db_7");
        Cli.Run run = BED.importDump(dump());
        assertOneLineToMigrate(run);
        assertTrue(run.err().contains("'cligs_no_such_db_7' does not exist"), run::toString);
    }
}
