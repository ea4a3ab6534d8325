package io.cligs.admin;

import io.cligs.core.config.ConfigException;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar admin-api.jar}: reads the configuration, prints it (secrets masked), deploys the admin
 * API and says where it listens. A bad variable stops it with a message and exit status 2.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final long SHUTDOWN_STEP_S = 5;

    private Main() {
    }

    /**
     * On SIGTERM: the keys' pending last use is written, then Vert.x closes (its verticles, pools and
     * clients with it), each step bounded, so a stop never hangs on a backend that does not answer.
     */
    static void shutDown(AdminApi api, Vertx vertx) {
        try {
            api.flushKeyUse().toCompletionStage().toCompletableFuture().get(SHUTDOWN_STEP_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("last use of keys not written at shutdown: {}", e.toString());
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(SHUTDOWN_STEP_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close within {} s: {}", SHUTDOWN_STEP_S, e.toString());
        }
    }

    public static void main(String[] args) {
        AdminConfig config;
        try {
            config = AdminConfig.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("admin-api: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        for (Map.Entry<String, String> e : config.describe().entrySet()) {
            LOG.info("config {}={}", e.getKey(), e.getValue());
        }
        Vertx vertx = Vertx.vertx();
        try {
            AdminApi api = AdminApi.deploy(vertx, config).await();
            LOG.info("admin-api listening on {}:{} (OpenAPI document at /api/v3/openapi.json)", config.host(), api.port());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(api, vertx), "admin-api-shutdown"));
        } catch (Exception e) {
            LOG.error("admin-api failed to start", e);
            vertx.close();
            System.exit(1);
        }
    }
}
