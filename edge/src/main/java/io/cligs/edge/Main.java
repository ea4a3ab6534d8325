package io.cligs.edge;

import io.cligs.core.config.ConfigException;
import io.cligs.core.geo.CountryTable;
import io.cligs.edge.config.EdgeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar edge.jar}: reads the configuration, prints it (secrets masked), compiles the GeoIP
 * database (blocking, here, before any event loop runs), creates Vert.x (with Netty's epoll transport
 * unless {@code CLIG_EDGE_NATIVE_TRANSPORT=false}; it says which transport it got), deploys the edge,
 * and says where it listens.
 * A bad variable or an unreadable database stops it with a message and exit status 2.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        EdgeConfig config;
        CountryTable countries;
        try {
            config = EdgeConfig.fromEnv(System.getenv());
            for (Map.Entry<String, String> e : config.describe().entrySet()) {
                LOG.info("config {}={}", e.getKey(), e.getValue());
            }
            countries = CountryTable.openOrBundled(config.geoipDb());
            LOG.info("GeoIP table {} loaded: {} ranges", countries.source(), countries.size());
        } catch (ConfigException e) {
            System.err.println("edge: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("edge: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(config.nativeTransport()));
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("transport: native (epoll)");
        } else if (config.nativeTransport()) {
            LOG.warn("transport: NIO, native transport unavailable: {}", String.valueOf(vertx.unavailableNativeTransportCause()));
        } else {
            LOG.info("transport: NIO ({}=false)", EdgeConfig.NATIVE_TRANSPORT);
        }
        Edge edge;
        try {
            edge = Edge.deployWithClicks(vertx, config, countries).await();
            LOG.info("edge listening on {}:{}", config.host(), edge.port());
            LOG.info("edge management listening on {}:{} (/-/metrics, readiness details)", config.front().managementHost(),
                    edge.managementPort());
        } catch (Exception e) {
            LOG.error("edge failed to start: {}", e.getMessage(), e);
            vertx.close();
            System.exit(1);
            return;
        }
        // SIGTERM: stop serving, ship or journal every click still waiting, then close Vert.x (two waits:
        // a callback chained across the close would be dispatched to an event loop already shut down)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                edge.close().await();
            } catch (RuntimeException e) {
                LOG.error("edge did not stop cleanly: {}", e.getMessage(), e);
            }
            vertx.close().await();
        }, "edge-shutdown"));
    }
}
