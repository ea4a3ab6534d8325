package io.cligs.loader.testing;

import io.cligs.core.config.MysqlUrl;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.cligs.loader.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/** Runs the loader CLI in-process against a test's database and Redis prefix; captures what it prints. */
public final class Cli {

    /** The exit code and everything printed. */
    public record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Map<String, String> env = new HashMap<>();

    public Cli(TestDatabase db, TestRedis redis) {
        env.put("CLIG_MYSQL_URL", mysqlUrl(db.url()));
        env.put("CLIG_REDIS_URL", redis.url());
        env.put("CLIG_REDIS_PREFIX", redis.prefix());
    }

    public static String mysqlUrl(MysqlUrl url) {
        return "mysql://" + url.user() + (url.password().isEmpty() ? "" : ":" + url.password()) + "@" + url.host() + ":"
                + url.port() + "/" + url.database();
    }

    public Map<String, String> env() {
        return env;
    }

    public Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }
}
