package io.cligs.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.testing.TestDatabase;
import io.cligs.loader.testing.Cli;
import io.cligs.loader.testing.LoaderTestbed;
import io.cligs.loader.testing.Rows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shaded jar works as shipped: Flyway's service files merged, --help everywhere, exit codes. */
class ShadedJarIT {

    @RegisterExtension
    static final LoaderTestbed BED = new LoaderTestbed(false);
    static final TestDatabase DB = BED.db();

    private record Result(int code, String output) {
    }

    private static Result java(String... args) throws IOException, InterruptedException {
        Path jar = Path.of("target/loader.jar");
        assertTrue(Files.isRegularFile(jar), "run after the package phase: " + jar.toAbsolutePath());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CLIG_MYSQL_URL", Cli.mysqlUrl(DB.url()));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), output);
    }

    @Test
    void migrateFromTheShadedJarCreatesTheSchema() throws Exception {
        Result r = java("migrate");
        assertEquals(0, r.code(), r.output());
        // every migration core ships (V1, V2, ...), whatever their number
        assertTrue(java.util.regex.Pattern.compile("applied [1-9][0-9]* migration").matcher(r.output()).find(), r.output());
        assertEquals(Rows.count(DB, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL"),
                Long.parseLong(r.output().replaceAll("(?s).*applied ([0-9]+) migration.*", "$1")), r.output());
        assertEquals(0, Rows.count(DB, "SELECT COUNT(*) FROM cligs"));
        Result again = java("migrate");
        assertEquals(0, again.code(), again.output());
        assertTrue(again.output().contains("schema is up to date"), again.output());
    }

    @Test
    void everyCommandHasHelpAndBadUsageExitsNonZero() throws Exception {
        for (String c : List.of("migrate", "import", "warm", "verify")) {
            Result r = java(c, "--help");
            assertEquals(0, r.code(), r.output());
            assertTrue(r.output().contains("Usage: loader " + c), r.output());
        }
        Result none = java();
        assertEquals(2, none.code(), none.output());
        Result missing = java("import");
        assertEquals(2, missing.code(), missing.output());
    }
}
