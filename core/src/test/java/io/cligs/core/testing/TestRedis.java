package io.cligs.core.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: a key prefix of its own on the real local Redis (127.0.0.1:6379, or
 * {@code CLIG_TEST_REDIS_PORT}) for one test class; every key under it is deleted afterwards.
 * Also offers a tiny blocking RESP client ({@link #command}) for arranging and checking keys.
 */
public final class TestRedis implements BeforeAllCallback, AfterAllCallback {

    private final String host = "127.0.0.1";
    private final int port = Integer.parseInt(System.getenv().getOrDefault("CLIG_TEST_REDIS_PORT", "6379"));
    private String prefix;

    @Override
    public void beforeAll(ExtensionContext context) {
        prefix = "cligs-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        deleteAll();
    }

    public String prefix() {
        if (prefix == null) {
            throw new IllegalStateException("TestRedis is used before beforeAll: register it as a static @RegisterExtension field");
        }
        return prefix;
    }

    public String url() {
        return "redis://" + host + ":" + port + "/0";
    }

    public int port() {
        return port;
    }

    /** Deletes every key under this prefix. */
    public void deleteAll() throws IOException {
        List<String> keys = keys();
        for (String k : keys) {
            command("DEL", k);
        }
    }

    /** Every key under this prefix (SCAN). */
    public List<String> keys() throws IOException {
        List<String> out = new ArrayList<>();
        String cursor = "0";
        do {
            Object reply = command("SCAN", cursor, "MATCH", prefix() + "*", "COUNT", "1000");
            List<?> parts = (List<?>) reply;
            cursor = (String) parts.get(0);
            for (Object k : (List<?>) parts.get(1)) {
                out.add((String) k);
            }
        } while (!cursor.equals("0"));
        return out;
    }

    /** Sends one command and returns the reply: String, Long, List or null. Errors throw. */
    public Object command(String... args) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
                b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(new BufferedInputStream(s.getInputStream()));
        }
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+': return line;
            case '-': throw new IOException("Redis error: " + line);
            case ':': return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n + 2);
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default: throw new IOException("unexpected RESP type " + type);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }
}
