package io.cligs.edge.click;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.edge.testing.EdgeFixtures;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A redis-server of the test's own that keeps the click stream across its own kill
 * ({@code --appendonly yes --appendfsync always} in a temp dir; TESTING.md), killed and restarted by pid.
 */
final class OwnRedis {

    final Path dir;
    final int port;

    OwnRedis() throws IOException {
        this.dir = Files.createTempDirectory("cligs-click-redis");
        this.port = EdgeFixtures.freePort();
    }

    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    void start() throws Exception {
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "yes",
                "--dir", dir.toString(), "--pidfile", dir.resolve("redis.pid").toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        // PONG only once the AOF is loaded (before, commands fail with LOADING)
        assertTrue(EdgeFixtures.await(Duration.ofSeconds(20), this::pong), "redis-server did not start");
    }

    private boolean pong() {
        try {
            Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "ping").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 && out.equals("PONG");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, then waits until the port is closed. */
    void kill() throws Exception {
        signal("KILL");
        assertTrue(EdgeFixtures.await(Duration.ofSeconds(10), () -> !answers()), "redis-server did not die");
        Files.deleteIfExists(dir.resolve("redis.pid"));
    }

    void stop() throws Exception {
        signal("TERM");
        EdgeFixtures.await(Duration.ofSeconds(10), () -> !answers());
    }

    boolean answers() {
        try {
            new Socket("127.0.0.1", port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void signal(String name) throws Exception {
        Path pidFile = dir.resolve("redis.pid");
        if (Files.exists(pidFile)) {
            String pid = Files.readString(pidFile).trim();
            new ProcessBuilder("kill", "-" + name, pid).inheritIO().start().waitFor();
        }
    }
}
