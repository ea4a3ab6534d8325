package io.cligs.loader.warm;

import io.cligs.core.config.RedisSettings;
import io.cligs.loader.LoaderException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 connection to one standalone Redis, made for pipelining: commands are
 * written into a buffer and replies read back in order (possibly by another thread, see
 * {@link #readReply()}). Reads time out after a minute, so a frozen Redis never hangs the CLI.
 *
 * <p>One writer thread and one reader thread at most.
 */
public final class RespConnection implements Closeable {

    /** A Redis error reply. */
    public record Error(String message) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] num = new byte[20];

    private RespConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    /** Connects, authenticates and selects the database of {@code CLIG_REDIS_URL}. */
    public static RespConnection open(RedisSettings settings) throws LoaderException {
        if (settings.mode() != RedisSettings.Mode.STANDALONE) {
            throw new LoaderException("the loader writes to one standalone Redis; CLIG_REDIS_MODE=cluster is not supported yet");
        }
        String url = settings.urls().get(0);
        URI uri = URI.create(url);
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(uri.getHost(), port), 10_000);
            s.setSoTimeout(60_000);
            s.setTcpNoDelay(true);
            RespConnection c = new RespConnection(s);
            String info = uri.getRawUserInfo();
            if (info != null && !info.isEmpty()) {
                int colon = info.indexOf(':');
                String user = colon < 0 ? "" : URLDecoder.decode(info.substring(0, colon), StandardCharsets.UTF_8);
                String password = URLDecoder.decode(colon < 0 ? info : info.substring(colon + 1), StandardCharsets.UTF_8);
                c.check(user.isEmpty() ? c.call("AUTH", password) : c.call("AUTH", user, password), "AUTH");
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
            if (!path.isEmpty() && !path.equals("0")) {
                c.check(c.call("SELECT", path), "SELECT " + path);
            }
            return c;
        } catch (IOException e) {
            throw new LoaderException("cannot connect to Redis at " + settings.describe() + ": " + e.getMessage(), e);
        }
    }

    private void check(Object reply, String what) throws LoaderException {
        if (reply instanceof Error e) {
            throw new LoaderException("Redis refused " + what.split(" ")[0] + ": " + e.message());
        }
    }

    /** Sends one command and waits for its reply (not for use while a pipeline is in flight). */
    public Object call(String... args) throws IOException {
        send(args);
        flush();
        return readReply();
    }

    /** Buffers one command. */
    public void send(String... args) throws IOException {
        out.write('*');
        writeNumber(args.length);
        for (String a : args) {
            bulk(a.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes commands already encoded with {@link #encodeSet} (pipelining from another thread). */
    public void writeRaw(byte[] commands, int offset, int length) throws IOException {
        out.write(commands, offset, length);
    }

    /** Appends the RESP form of {@code SET key value} to {@code buf}; key and value are ASCII (slugs, targets). */
    public static void encodeSet(java.io.ByteArrayOutputStream buf, String key, String value) {
        buf.writeBytes(SET_HEAD);
        appendBulk(buf, key);
        appendBulk(buf, value);
    }

    private static final byte[] SET_HEAD = "*3\r\n$3\r\nSET\r\n".getBytes(StandardCharsets.US_ASCII);

    private static void appendBulk(java.io.ByteArrayOutputStream buf, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        buf.write('$');
        buf.writeBytes(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        buf.write('\r');
        buf.write('\n');
        buf.writeBytes(b);
        buf.write('\r');
        buf.write('\n');
    }

    private void bulk(byte[] b) throws IOException {
        out.write('$');
        writeNumber(b.length);
        out.write(b);
        out.write('\r');
        out.write('\n');
    }

    private void writeNumber(long v) throws IOException {
        int i = num.length;
        do {
            num[--i] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        out.write(num, i, num.length - i);
        out.write('\r');
        out.write('\n');
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Reads one reply: String (status or bulk), Long, List, {@link Error}, or null. */
    public Object readReply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("Redis closed the connection");
        }
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new Error(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n + 2);
                if (data.length < n + 2) {
                    throw new IOException("Redis closed the connection in a reply");
                }
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(readReply());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP reply type '" + (char) type + "'");
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder(16);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return b.toString();
            }
            b.append((char) c);
        }
        throw new IOException("Redis closed the connection in a reply");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket we only read and wrote; nothing to recover
        }
    }
}
