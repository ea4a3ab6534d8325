package io.cligs.loader.importing;

import io.cligs.core.config.EnvVar;
import io.cligs.core.config.MysqlUrl;
import io.cligs.loader.Database;
import io.cligs.loader.LoaderException;
import io.cligs.loader.Progress;
import io.cligs.loader.dump.DumpException;
import io.cligs.loader.dump.Manifest;
import io.cligs.loader.dump.OutfileReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One import of a legacy dump: checks the MANIFEST and every table file (gzip intact, row count as
 * announced) before anything is written, then imports users, cligs, rules and keys in that order,
 * one transaction per batch, each table as its {@link TableSpec} describes it and {@link TableImport}
 * runs it. {@link #stats()} says what was committed, also after a failure. Not thread-safe: one
 * thread runs an import (which has its own writer thread inside).
 */
public final class LegacyImport {

    /** The tables imported here, in order (clicks are {@code loader analytics}'). */
    public static final List<String> TABLES = List.of("users", "cligs", "rightclig", "api_keys");

    private final Path dir;
    private final MysqlUrl mysql;
    private final Path rejectsFile;
    private final int batchSize;
    private final long abortAfterBatches;
    private final PrintWriter out;
    private final List<TableStats> stats = new ArrayList<>();
    private Manifest manifest;
    private Map<String, String> env = System.getenv();
    private PrintWriter err = new PrintWriter(System.err, true);

    /** The environment (CLIG_LOADER_TIMING) and where timings go (tests pass their own). */
    public LegacyImport environment(Map<String, String> env, PrintWriter err) {
        this.env = env;
        this.err = err;
        return this;
    }

    public LegacyImport(Path dir, MysqlUrl mysql, Path rejectsFile, int batchSize, long abortAfterBatches, PrintWriter out) {
        if (batchSize < 1 || batchSize > 20_000) {
            throw new IllegalArgumentException("batch size " + batchSize + " is out of range 1..20000");
        }
        this.dir = dir;
        this.mysql = mysql;
        this.rejectsFile = rejectsFile;
        this.batchSize = batchSize;
        this.abortAfterBatches = abortAfterBatches;
        this.out = out;
    }

    /** Checks the dump as a whole; nothing is written when this fails. */
    public Manifest check() throws DumpException {
        if (!Files.isDirectory(dir)) {
            throw new DumpException(dir + " is not a directory");
        }
        Manifest m = Manifest.read(dir);
        List<String> problems = new ArrayList<>();
        Map<String, Long> counted = new LinkedHashMap<>();
        for (String table : TABLES) {
            if (m.rowsOf(table).isEmpty()) {
                problems.add("MANIFEST has no rows." + table + "=");
                continue;
            }
            long n = OutfileReader.countLines(dir.resolve(table + ".tsv.gz"));
            counted.put(table, n);
            if (n != m.rowsOf(table).getAsLong()) {
                problems.add(table + ".tsv.gz has " + n + " rows where the MANIFEST says rows." + table + "="
                        + m.rowsOf(table).getAsLong());
            }
        }
        if (!problems.isEmpty()) {
            throw new DumpException("the dump does not match its MANIFEST, nothing was imported: " + String.join("; ", problems));
        }
        out.println("dump " + dir + ": format " + m.format() + ", timezone " + m.zone() + ", exported " + m.exportedAt()
                + "; row counts match the MANIFEST " + counted);
        out.flush();
        this.manifest = m;
        return m;
    }

    /** Checks, then imports users, cligs, rules and keys, each table committed before the next begins. */
    public List<TableStats> run() throws DumpException, LoaderException, SQLException, IOException {
        Manifest m = check();
        long total = 0;
        for (String t : TABLES) {
            total += m.rowsOf(t).getAsLong();
        }
        IdSet rejectedCligs = new IdSet();
        List<TableSpec<?>> specs = List.of(UsersTable.spec(), CligsTable.spec(rejectedCligs), RulesTable.spec(rejectedCligs),
                KeysTable.spec());
        try (Connection db = Database.connect(mysql);
             Rejects rejects = new Rejects(rejectsFile);
             Progress progress = Progress.start("import", total, "rows", out)) {
            Database.requireSchema(db, mysql);
            db.setAutoCommit(false);
            try (Committer committer = new Committer(db, abortAfterBatches)) {
                TableImport.Run run = new TableImport.Run(dir, m, committer, rejects, progress, batchSize,
                        EnvVar.CLIG_LOADER_TIMING.isSetIn(env) ? err : null);
                for (TableSpec<?> spec : specs) {
                    TableImport<?> table = new TableImport<>(spec, run);
                    stats.add(table.stats());
                    table.run();
                }
            }
        }
        return List.copyOf(stats);
    }

    /** What was committed per table so far (complete after {@link #run}, partial after a failure). */
    public List<TableStats> stats() {
        return List.copyOf(stats);
    }

    public Path rejectsFile() {
        return rejectsFile;
    }

    public Manifest manifest() {
        return manifest;
    }
}
