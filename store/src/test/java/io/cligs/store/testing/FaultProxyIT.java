package io.cligs.store.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The fault proxy in front of the real local Redis does what each mode says. */
class FaultProxyIT {

    private static final int REDIS = Integer.parseInt(System.getenv().getOrDefault("CLIG_TEST_REDIS_PORT", "6379"));

    @Test
    void passesThenHoldsExistingConnectionsWhileNewOnesPass() throws IOException {
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", REDIS); Socket old = connect(proxy)) {
            assertEquals("+PONG", ping(old));
            proxy.mode(FaultProxy.Mode.HOLD_EXISTING);
            assertThrows(SocketTimeoutException.class, () -> ping(old), "the held connection stays silent");
            try (Socket fresh = connect(proxy)) {
                assertEquals("+PONG", ping(fresh), "a new connection passes");
            }
        }
    }

    @Test
    void refusesAndBlackholes() throws IOException {
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", REDIS)) {
            proxy.mode(FaultProxy.Mode.REFUSE);
            try (Socket s = connect(proxy)) {
                assertEquals(-1, s.getInputStream().read(), "closed at once");
            }
            proxy.mode(FaultProxy.Mode.BLACKHOLE);
            try (Socket s = connect(proxy)) {
                assertThrows(SocketTimeoutException.class, () -> ping(s));
            }
            proxy.mode(FaultProxy.Mode.PASS);
            try (Socket s = connect(proxy)) {
                assertEquals("+PONG", ping(s));
            }
        }
    }

    private static Socket connect(FaultProxy proxy) throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(500);
        return s;
    }

    private static String ping(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\r') {
            b.append((char) c);
        }
        in.read();
        return b.toString();
    }
}
