package io.cligs.core.config;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The registry of every {@code CLIG_*} environment variable: its name (the constant's own name),
 * its default, what it means, whether its value is secret, and which modules read it. It is the
 * one home of these facts (ADR 0006, after Shlink's {@code EnvVars}): each module's configuration
 * reads through {@link Env} with these constants, never with a name of its own, and the README
 * tables are checked against this list by a test ({@code EnvVarDocsTest}).
 *
 * <p>A default of {@code null} means "unset": the reader then does without (a flag that is off, the
 * bundled GeoIP database); {@link #documentedDefault()} says so in words.
 */
public enum EnvVar {

    CLIG_EDGE_HOST("0.0.0.0", "address the edge listens on", Reader.EDGE),
    CLIG_EDGE_PORT("8080", "edge HTTP port", Reader.EDGE),
    CLIG_EDGE_INSTANCES(null, "available processors",
            "redirect verticles (event loops) sharing one cache", false, Reader.EDGE) {
        @Override
        public String defaultValue() {
            return Integer.toString(Runtime.getRuntime().availableProcessors());
        }
    },
    CLIG_ADMIN_HOST("0.0.0.0", "address the admin API listens on", Reader.ADMIN_API),
    CLIG_ADMIN_PORT("8081", "admin API HTTP port", Reader.ADMIN_API),
    CLIG_PUBLIC_BASE_URL("http://127.0.0.1:8080", "how short URLs are written in API answers", Reader.ADMIN_API),
    CLIG_MYSQL_URL("mysql://root@127.0.0.1:3306/cligs", null,
            "the database of record (user, password, host, port, database)", true, Reader.EDGE, Reader.LOADER,
            Reader.ADMIN_API),
    CLIG_MYSQL_POOL_SIZE("8", "MySQL connections of the edge", Reader.EDGE),
    CLIG_MYSQL_TIMEOUT_MS("1000", "limit of each MySQL lookup (and connect) of the edge", Reader.EDGE),
    CLIG_MYSQL_IDLE_TIMEOUT_MS("60000", "a MySQL connection of the edge unused this long is closed", Reader.EDGE),
    CLIG_MYSQL_MAX_LIFETIME_MS("1800000", "a MySQL connection of the edge is replaced after this long, used or not",
            Reader.EDGE),
    CLIG_REDIS_URL("redis://127.0.0.1:6379/0", null,
            "Redis; a comma list of nodes with CLIG_REDIS_MODE=cluster", true, Reader.EDGE, Reader.LOADER,
            Reader.ADMIN_API),
    CLIG_REDIS_MODE("standalone", "standalone or cluster", Reader.EDGE, Reader.LOADER, Reader.ADMIN_API),
    CLIG_REDIS_PREFIX("clig:", "prefix of every Redis key and channel, so several deployments or test runs"
            + " can share one Redis", Reader.EDGE, Reader.LOADER, Reader.ADMIN_API),
    CLIG_REDIS_POOL_SIZE("8", "Redis connections per event loop of the edge", Reader.EDGE),
    CLIG_REDIS_TIMEOUT_MS("150", "limit of each Redis command (and connect) of the edge", Reader.EDGE),
    CLIG_EDGE_PING_INTERVAL_MS("1000", "how often the edge PINGs its kept Redis connections (lookups, eviction"
            + " subscription); one that leaves a PING unanswered for an interval is replaced", Reader.EDGE),
    CLIG_GEOIP_DB(null, "the bundled MaxMind test database", "GeoIP2/GeoLite2 Country .mmdb", false,
            Reader.EDGE, Reader.LOADER),
    CLIG_TRUSTED_PROXIES("127.0.0.1/32,::1/128", "CIDRs whose X-Forwarded-For is believed", Reader.EDGE),
    CLIG_REDIRECT_MAX_AGE("90", "seconds a browser may keep a 301", Reader.EDGE),
    CLIG_EDGE_CACHE_SIZE("1000000", "entries of the edge's link cache", Reader.EDGE),
    CLIG_EDGE_CACHE_TTL_MS("600000", "a cached link expires after this, besides invalidation", Reader.EDGE),
    CLIG_EDGE_NEGATIVE_CACHE_SIZE("100000", "entries of the edge's unknown-slug cache", Reader.EDGE),
    CLIG_EDGE_NEGATIVE_TTL_MS("5000", "how long an unknown slug is answered 404 without asking Redis or MySQL",
            Reader.EDGE),
    CLIG_RETRY_AFTER_S("5", "Retry-After of a 503", Reader.EDGE),
    CLIG_EDGE_NATIVE_TRANSPORT("true", "use Netty's native epoll transport instead of Java NIO", Reader.EDGE),
    CLIG_EDGE_IDLE_TIMEOUT_MS("75000", "a client connection that sends nothing for this long is closed",
            Reader.EDGE),
    CLIG_EDGE_HEAD_TIMEOUT_MS("10000", "a client connection whose request head is not complete this long after the"
            + " connection opened or the request's first byte came is closed (slow clients)", Reader.EDGE),
    CLIG_EDGE_MAX_CONNECTIONS("10000", "open client connections of the edge; one more is closed at once", Reader.EDGE),
    CLIG_EDGE_H2C("false", "true: cleartext HTTP/2 (Upgrade: h2c and prior knowledge) is spoken on the edge port",
            Reader.EDGE),
    CLIG_EDGE_MANAGEMENT_HOST("127.0.0.1", "address of the edge's management port", Reader.EDGE),
    CLIG_EDGE_MANAGEMENT_PORT("8082", "the edge's management port: /-/metrics and readiness details", Reader.EDGE),
    CLIG_ADMIN_POOL_SIZE("8", "MySQL and Redis connections of the admin API", Reader.ADMIN_API),
    CLIG_ADMIN_TIMEOUT_MS("5000", "limit of each MySQL or Redis call of the admin API", Reader.ADMIN_API),
    CLIG_SESSION_TTL("86400", "seconds a login session lasts", Reader.ADMIN_API),
    CLIG_PASSWORD_WORKERS("2", "threads hashing passwords (Argon2id) in the admin API", Reader.ADMIN_API),
    CLIG_PASSWORD_QUEUE("64", "password hashings waiting for a thread; beyond it a login answers 503",
            Reader.ADMIN_API),
    CLIG_RATE_READS_PER_MIN("600", "API reads per minute per key (or session) and per address", Reader.ADMIN_API),
    CLIG_RATE_WRITES_PER_MIN("120", "API writes per minute per key (or session) and per address", Reader.ADMIN_API),
    CLIG_LOGIN_FAILURES_PER_MIN("5", "failed logins per minute per account (ten times that per address) before 429",
            Reader.ADMIN_API),
    CLIG_EDGE_ID(null, "the host name", "this edge's name in its click events (letters, digits, . _ -)", false,
            Reader.EDGE),
    CLIG_CLICKS("on", "on or off: emit click and orphan events to the click stream", Reader.EDGE),
    CLIG_VISITOR_SECRET(null, "unset: a random one per start",
            "key (16 bytes or more) from which the daily visitor-hash keys are derived; the same on every edge,"
            + " or uniques do not count across edges and restarts", true, Reader.EDGE, Reader.LOADER),
    CLIG_CLICK_JOURNAL_DIR("click-journal", "directory of the click journal: batches Redis did not take,"
            + " replayed when it answers again and at start", Reader.EDGE),
    CLIG_CLICK_BATCH("500", "click events per pipelined XADD batch; this many waiting are shipped at once",
            Reader.EDGE),
    CLIG_CLICK_FLUSH_MS("10", "the click drainer ships what waits at least this often", Reader.EDGE),
    CLIG_CLICK_TIMEOUT_MS("1000", "limit of each click-stream call to Redis; a batch not acknowledged by then is"
            + " journaled", Reader.EDGE),
    CLIG_CLICK_QUEUE("65536", "capacity of the in-memory click queue (a power of two at least)", Reader.EDGE),
    CLIG_CLICK_STREAM_SHARDS("4", "click streams (<prefix>clicks:{n}): a link's events go to its id modulo this",
            Reader.EDGE, Reader.LOADER, Reader.ADMIN_API),
    CLIG_AGGREGATOR("on", "on or off: this admin API also rolls the click streams up into MySQL", Reader.ADMIN_API),
    CLIG_AGGREGATOR_BATCH("2000", "stream entries the aggregator reads and applies in one MySQL transaction",
            Reader.ADMIN_API),
    CLIG_AGGREGATOR_BLOCK_MS("1000", "how long the aggregator's XREADGROUP waits for new entries", Reader.ADMIN_API),
    CLIG_AGGREGATOR_CLAIM_IDLE_MS("30000", "entries pending this long on another consumer (a dead aggregator)"
            + " are claimed (XAUTOCLAIM)", Reader.ADMIN_API),
    CLIG_LOADER_DEBUG(null, "unset", "any value: print the stack trace of an unexpected failure", false,
            Reader.LOADER),
    CLIG_LOADER_TIMING(null, "unset", "any value: import prints per table the seconds spent writing and committing",
            false, Reader.LOADER);

    /** The modules that read variables; those not built yet are named so the docs can say so. */
    public enum Reader {
        EDGE("edge", true),
        LOADER("loader", true),
        ADMIN_API("admin-api", true);

        private final String directory;
        private final boolean built;

        Reader(String directory, boolean built) {
            this.directory = directory;
            this.built = built;
        }

        /** The module's directory under the repository root, also its name in the docs. */
        public String directory() {
            return directory;
        }

        /** False while the module is a placeholder: its variables are reserved, read by nothing yet. */
        public boolean built() {
            return built;
        }
    }

    /** {@code user:password@} in any URL; the password is group 2. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(//[^/@:]*:)[^@/]*@");

    private final String defaultValue;
    private final String documentedDefault;
    private final String meaning;
    private final boolean secret;
    private final Set<Reader> readBy;

    EnvVar(String defaultValue, String meaning, Reader... readBy) {
        this(defaultValue, null, meaning, false, readBy);
    }

    EnvVar(String defaultValue, String documentedDefault, String meaning, boolean secret, Reader... readBy) {
        if (readBy.length == 0) {
            throw new IllegalArgumentException(name() + ": a variable nothing reads does not belong here");
        }
        if (defaultValue == null && documentedDefault == null) {
            throw new IllegalArgumentException(name() + ": an unset default needs words for the docs");
        }
        this.defaultValue = defaultValue;
        this.documentedDefault = documentedDefault;
        this.meaning = meaning;
        this.secret = secret;
        this.readBy = EnumSet.of(readBy[0], readBy);
    }

    /** The value used when the variable is unset or blank; null when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    /**
     * The default as the READMEs write it: the value in backticks, or words where the default is
     * not a fixed value ("unset", "available processors").
     */
    public String documentedDefault() {
        return documentedDefault != null ? documentedDefault : "`" + defaultValue + "`";
    }

    public String meaning() {
        return meaning;
    }

    /** Whether the value may hold a password: it is printed only through {@link #printable}. */
    public boolean secret() {
        return secret;
    }

    public Set<Reader> readBy() {
        return readBy;
    }

    /** Whether the variable is present in {@code vars}, whatever its value (the loader's flags). */
    public boolean isSetIn(Map<String, String> vars) {
        return vars.containsKey(name());
    }

    /**
     * The value as it may be printed (the start-up log): a secret variable's URL passwords become
     * {@code ****}, and a secret value that is not a URL is hidden whole.
     */
    public String printable(String value) {
        if (!secret || value == null || value.isEmpty()) {
            return value;
        }
        return value.contains("//") ? maskUrlPasswords(value) : "****";
    }

    /**
     * The effective values of a configuration, in the registry's order, each as {@link #printable}
     * makes it: what every module prints at start.
     */
    public static Map<String, String> describe(Map<EnvVar, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        new EnumMap<>(values).forEach((var, value) -> out.put(var.name(), var.printable(value)));
        return out;
    }

    /** The {@code //user:password@} password of every URL in {@code text} (a comma list too) as {@code ****}. */
    public static String maskUrlPasswords(String text) {
        return text == null ? "null" : URL_PASSWORD.matcher(text).replaceAll("$1****@");
    }
}
