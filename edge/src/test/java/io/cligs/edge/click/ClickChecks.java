package io.cligs.edge.click;

import io.cligs.core.redis.RedisKeys;
import io.cligs.store.click.ClickStream;
import io.cligs.store.testing.StreamContents;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sending redirects and reading the click stream back in the click ITs (blocking, on the test thread).
 *
 * <p>Requests go through {@link Visitor}, a plain HTTP/1.1 connection that sends each request exactly
 * once, not through {@code java.net.http.HttpClient}: that client re-sends a {@code GET} on a fresh
 * connection when a pooled one ends before the first byte of its answer, and in JDK 17 its pool can
 * close a connection in use when the answer arrives early ({@code ConnectionPool$CleanupTrigger}:
 * "connection closed locally"). The edge then answered, and counted a click for, a request the test
 * counted once: {@code ClickOutageIT} saw 5,001 distinct click events for 5,000 redirects.
 */
final class ClickChecks {

    private static final int TIMEOUT_MS = 10_000;

    private ClickChecks() {
    }

    /**
     * Sends {@code n} GETs of {@code paths} in turn from {@code threads} threads, each on a keep-alive
     * connection of its own; returns how many were answered with a redirect (301/302). A request whose
     * answer does not come fails the call (it is never sent again: the edge may have counted it).
     */
    static int redirects(int port, List<String> paths, int n, int threads, String... headers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger redirected = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    try (Visitor visitor = new Visitor(port)) {
                        int i;
                        while ((i = next.getAndIncrement()) < n) {
                            int status = visitor.get(paths.get(i % paths.size()), headers);
                            if (status == 301 || status == 302) {
                                redirected.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return redirected.get();
    }

    /** One GET on a connection of its own; the status. */
    static int get(int port, String path, String... headers) throws IOException {
        try (Visitor visitor = new Visitor(port)) {
            return visitor.get(path, headers);
        }
    }

    /**
     * A visitor's HTTP/1.1 connection to 127.0.0.1: one request at a time, kept alive while the server
     * keeps it, each request written once and never again, whatever happens to its answer. Reads what
     * the edge sends: a status line, headers, a body of {@code Content-Length} bytes (or chunked).
     */
    static final class Visitor implements Closeable {

        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Visitor(int port) {
            this.port = port;
        }

        /** The status of one GET of {@code path}; an IOException when no whole answer came. */
        int get(String path, String... headers) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MS);
                socket.setSoTimeout(TIMEOUT_MS);
                socket.setTcpNoDelay(true);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            }
            StringBuilder request = new StringBuilder(128).append("GET ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try {
                return answer();
            } catch (IOException | RuntimeException e) {
                close();
                throw new IOException("GET " + path + ": no whole answer (not sent again): " + e, e);
            }
        }

        private int answer() throws IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not an HTTP/1.1 status line: " + status);
            }
            long length = -1;
            boolean chunked = false;
            boolean closing = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                String name = colon < 0 ? h : h.substring(0, colon).trim();
                String value = colon < 0 ? "" : h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    closing = value.toLowerCase(Locale.ROOT).contains("close");
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                closing = true; // a body up to the end of the connection
                while (in.read() >= 0) {
                    // drained
                }
            }
            if (closing) {
                close();
            }
            return Integer.parseInt(status.substring(9, 12));
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new EOFException("connection ended" + (b.length() == 0 ? "" : " within a line: " + b));
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        private void skip(long n) throws IOException {
            for (long left = n; left > 0; left--) {
                if (in.read() < 0) {
                    throw new EOFException("connection ended within a body");
                }
            }
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }

    /** The number of click streams an edge writes without {@code CLIG_CLICK_STREAM_SHARDS}. */
    static final int DEFAULT_SHARDS = Integer.parseInt(io.cligs.core.config.EnvVar.CLIG_CLICK_STREAM_SHARDS.defaultValue());

    /** Every entry of the click stream under {@code prefix} (every shard), decoded. */
    static List<ClickStream.Entry> entries(Vertx vertx, String redisUrl, String prefix, int shards) {
        return StreamContents.entries(vertx, redisUrl, prefix, shards);
    }

    /** Entries in the stream (XLEN), or -1 when Redis does not answer. */
    static long length(Vertx vertx, String redisUrl, String prefix, int shards) {
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl));
        try {
            return new ClickStream(redis, new RedisKeys(prefix), shards, Duration.ofSeconds(5)).length().await();
        } catch (RuntimeException e) {
            return -1;
        } finally {
            redis.close();
        }
    }
}
