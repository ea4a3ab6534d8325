package io.cligs.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A redis-server of the test's own on a free loopback port that keeps what it acknowledged across its own
 * kill ({@code --appendonly yes --appendfsync always} in a temp dir; TESTING.md), {@link #kill}ed with
 * SIGKILL and {@link #start}ed again by the test. Use it as a JUnit extension (started before the test
 * class, {@link #stop}ped after; register it before what connects to it) or by hand: {@link #start},
 * then {@link #stop}, which also deletes its directory.
 */
public final class KillableRedis implements BeforeAllCallback, AfterAllCallback {

    private final String prefix;
    private final Path dir;
    private final int port;

    /** @param prefix the key prefix the test's clients use on it */
    public KillableRedis(String prefix) {
        this.prefix = prefix;
        try {
            this.dir = Files.createTempDirectory("cligs-own-redis");
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                this.port = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public String prefix() {
        return prefix;
    }

    /** Starts redis-server (again) on its port and directory; returns once it answers PING (its AOF loaded). */
    public void start() throws Exception {
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "yes",
                "--dir", dir.toString(), "--pidfile", dir.resolve("redis.pid").toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("redis-server did not start");
        }
        // PONG only once the AOF is loaded (before, commands fail with LOADING)
        if (!within(Duration.ofSeconds(20), this::pong)) {
            throw new IllegalStateException("redis-server on port " + port + " does not answer PING");
        }
    }

    /** SIGKILL: no shutdown, no save; returns once the port is closed. */
    public void kill() throws Exception {
        signal("KILL");
        if (!within(Duration.ofSeconds(10), () -> !answers())) {
            throw new IllegalStateException("redis-server did not die");
        }
        Files.deleteIfExists(dir.resolve("redis.pid"));
    }

    /** SIGTERM, then deletes its directory (the AOF with it). */
    public void stop() throws Exception {
        signal("TERM");
        within(Duration.ofSeconds(10), () -> !answers());
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Whether something accepts connections on its port. */
    public boolean answers() {
        try {
            new Socket(InetAddress.getLoopbackAddress(), port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
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

    private void signal(String name) throws Exception {
        Path pidFile = dir.resolve("redis.pid");
        if (Files.exists(pidFile)) {
            String pid = Files.readString(pidFile).trim();
            new ProcessBuilder("kill", "-" + name, pid).inheritIO().start().waitFor();
        }
    }

    private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
