package io.cligs.edge.click;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The click ITs count clicks exactly, so the client that sends their redirects must send each request
 * once: ClickOutageIT once found 5,001 click events for 5,000 redirects because
 * {@code java.net.http.HttpClient} sent a {@code GET} again after its pooled connection ended before the
 * answer's first byte, and the edge answered (and counted) both. A server that reads a request and hangs
 * up without answering acts that out.
 */
class ClickChecksTest {

    private static final String REDIRECT = "HTTP/1.1 302 Found\r\nLocation: https://example.com/\r\nContent-Length: 5\r\n\r\nmoved";

    /** A one-thread HTTP/1.1 server on loopback: {@code answer} gets the request's number (from 1) and returns the
     * bytes to send, or null to close the connection without a word. */
    private static final class Server implements AutoCloseable {

        final ServerSocket socket;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger connections = new AtomicInteger();
        private final Thread thread;

        Server(IntFunction<String> answer) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket c = socket.accept()) {
                        connections.incrementAndGet();
                        BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
                        OutputStream out = c.getOutputStream();
                        while (true) {
                            String line = in.readLine();
                            if (line == null) {
                                break;
                            }
                            while (!line.isEmpty()) {
                                line = in.readLine();
                            }
                            String reply = answer.apply(requests.incrementAndGet());
                            if (reply == null) {
                                break;
                            }
                            out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the next connection
                    }
                }
            }, "click-checks-test-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aRequestWhoseAnswerNeverCameIsNotSentAgain() throws Exception {
        // the first request answered on a kept-alive connection; the second read, then the connection ends
        try (Server server = new Server(i -> i == 2 ? null : REDIRECT)) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> ClickChecks.redirects(server.port(), List.of("/a"), 2, 1));
            assertInstanceOf(IOException.class, failed.getCause());
            assertEquals(2, server.requests.get(), "requests the server received: each sent once");
        }
    }

    @Test
    void answersAreReadWholeOnOneKeptAliveConnection() throws Exception {
        String[] answers = {
            REDIRECT,
            "HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.com/\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n",
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\nContent-Length: 2\r\n\r\n{}",
            REDIRECT,
        };
        try (Server server = new Server(i -> answers[(i - 1) % answers.length])) {
            assertEquals(6, ClickChecks.redirects(server.port(), List.of("/a", "/b"), 8, 1));
            assertEquals(8, server.requests.get());
            assertEquals(1, server.connections.get(), "one connection, kept alive");
        }
    }

    @Test
    void aConnectionTheServerClosesIsOpenedAgainForTheNextRequest() throws Exception {
        String closing = "HTTP/1.1 302 Found\r\nLocation: https://example.com/\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        try (Server server = new Server(i -> closing)) {
            assertEquals(3, ClickChecks.redirects(server.port(), List.of("/a"), 3, 1));
            assertEquals(3, server.requests.get());
            assertEquals(3, server.connections.get());
        }
    }
}
