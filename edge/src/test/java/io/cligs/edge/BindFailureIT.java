package io.cligs.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.geo.CountryTable;
import io.cligs.edge.config.EdgeConfig;
import io.cligs.edge.testing.EdgeFixtures;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An edge started on a port another process holds fails with a message naming the address. */
@ExtendWith(VertxExtension.class)
class BindFailureIT {

    @Test
    void aBusyPortFailsTheStartWithHostAndPortNamed(Vertx vertx) throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            // MySQL and Redis are closed ports: the edge starts without them, and it must fail for the port alone
            String closed = "127.0.0.1:" + EdgeFixtures.freePort();
            EdgeConfig config = EdgeFixtures.config("mysql://root@" + closed + "/cligs", "redis://" + closed + "/0", "bind:",
                    Map.of(EdgeConfig.PORT, Integer.toString(port)));
            Exception e = assertThrows(Exception.class, () -> Edge.deploy(vertx, config, CountryTable.bundledTestDatabase())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
            String message = e.getCause().getMessage();
            assertTrue(message.startsWith("cannot listen on 127.0.0.1:" + port + ": "), message);
            assertTrue(message.toLowerCase().contains("address already in use"), message);
            assertEquals(0, vertx.deploymentIDs().size(), "a failed start leaves nothing deployed");
        }
    }
}
