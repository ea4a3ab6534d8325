package io.cligs.loader.testing;

import io.cligs.core.geo.CountryTable;
import io.cligs.core.testing.TestDatabase;
import io.cligs.edge.Edge;
import io.cligs.edge.config.EdgeConfig;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The loader ITs' one set-up, as a JUnit extension: a test database of its own (created, migrated
 * and dropped), a Redis key prefix of its own (deleted after), a temporary directory, generated
 * dumps (made once per class and size), and the CLI run in-process against them. Before each test
 * the imported tables and the prefix's keys are emptied and the CLI gets a fresh environment (not
 * with {@link #keepingRows()}). {@link #startEdge()} runs a real edge over the same database and Redis.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LoaderTestbed BED = new LoaderTestbed();
 * ... BED.importDump(BED.generate(2000, 1, 0.1).dir())
 * </pre>
 *
 * <p>Not thread-safe: one per test class, tests run one at a time.
 */
public final class LoaderTestbed implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final TestDatabase db;
    private final TestRedis redis = new TestRedis();
    private final boolean migrate;
    private final boolean emptyBeforeEach;
    private final Map<String, Dumps.Generated> dumps = new HashMap<>();
    private Path tmp;
    private Cli cli;
    private int runs;
    private Vertx vertx;

    /** A migrated database, emptied before each test. */
    public LoaderTestbed() {
        this(true);
    }

    /** @param migrate false: an empty database without the schema (tests of {@code migrate}) */
    public LoaderTestbed(boolean migrate) {
        this(migrate, true);
    }

    private LoaderTestbed(boolean migrate, boolean emptyBeforeEach) {
        this.migrate = migrate;
        this.emptyBeforeEach = emptyBeforeEach;
        this.db = new TestDatabase(migrate);
    }

    /** A migrated database whose rows stay from test to test (a class that sets up its rows once). */
    public static LoaderTestbed keepingRows() {
        return new LoaderTestbed(true, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        db.beforeAll(context);
        redis.beforeAll(context);
        tmp = Files.createTempDirectory("loader-it-");
        cli = new Cli(db, redis);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (vertx != null) {
                vertx.close().await();
            }
            redis.afterAll(context);
            db.afterAll(context);
        } finally {
            deleteTree(tmp);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!emptyBeforeEach) {
            return;
        }
        if (migrate) {
            Rows.clear(db);
        }
        redis.deleteAll();
        cli = new Cli(db, redis);
    }

    /**
     * Starts an edge in-process over this database and Redis prefix (port 0, one instance; stopped
     * after the class) and returns its base URL, {@code http://127.0.0.1:PORT}.
     */
    public Edge startEdge() throws IOException {
        Map<String, String> env = new HashMap<>(cli.env());
        env.put(EdgeConfig.HOST, "127.0.0.1");
        env.put(EdgeConfig.PORT, "0");
        env.put(EdgeConfig.INSTANCES, "1");
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return Edge.deploy(vertx, EdgeConfig.fromEnv(env), CountryTable.openOrBundled(null)).await();
    }

    public TestDatabase db() {
        return db;
    }

    public TestRedis redis() {
        return redis;
    }

    /** A directory of this class, deleted after it. */
    public Path tmp() {
        return tmp;
    }

    /** The CLI against this database and prefix; {@code cli().env()} may be changed by the test. */
    public Cli cli() {
        return cli;
    }

    /** A dump written by gen_legacy_dump.py, made once per class for these arguments. */
    public Dumps.Generated generate(int cligs, long seed, double dirty) throws IOException, InterruptedException {
        String key = cligs + "/" + seed + "/" + dirty;
        Dumps.Generated d = dumps.get(key);
        if (d == null) {
            d = Dumps.generate(tmp, cligs, seed, dirty);
            dumps.put(key, d);
        }
        return d;
    }

    /** {@code loader import DIR --rejects <a new file> [more]}; the rejects file is {@link #lastRejects()}. */
    public Cli.Run importDump(Path dir, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "import";
        args[1] = dir.toString();
        args[2] = "--rejects";
        args[3] = nextRejects().toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return cli.run(args);
    }

    /** The rejects file of the last {@link #importDump}. */
    public Path lastRejects() {
        return tmp.resolve("rejects-" + runs + ".tsv");
    }

    private Path nextRejects() {
        runs++;
        return lastRejects();
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
