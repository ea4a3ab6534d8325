package io.cligs.loader.importing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows encoded for {@code LOAD DATA LOCAL INFILE} with MySQL's default escapes (the bulk path): fields
 * separated by TAB, rows ended by LF, {@code \\ \t \n \0} escaped with a backslash, NULL as {@code \N},
 * text in UTF-8. A growable byte buffer, reused batch after batch by the writer thread.
 */
final class Tsv {

    private byte[] buf = new byte[1 << 16];
    private int len;
    private boolean rowStart = true;
    private int rows;

    void clear() {
        len = 0;
        rows = 0;
        rowStart = true;
    }

    int rows() {
        return rows;
    }

    int size() {
        return len;
    }

    InputStream stream() {
        return new ByteArrayInputStream(buf, 0, len);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private void sep() {
        if (!rowStart) {
            ensure(1);
            buf[len++] = '\t';
        }
        rowStart = false;
    }

    Tsv field(long v) {
        sep();
        String s = Long.toString(v);
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    Tsv field(Long v) {
        return v == null ? nullField() : field(v.longValue());
    }

    Tsv nullField() {
        sep();
        ensure(2);
        buf[len++] = '\\';
        buf[len++] = 'N';
        return this;
    }

    Tsv field(String s) {
        if (s == null) {
            return nullField();
        }
        sep();
        int n = s.length();
        ensure(n * 2);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                // not ASCII: encode the rest of the field as UTF-8 (a lone surrogate would become '?': a
                // validated field has none, and the server's round trip is checked by the tests)
                escapeBytes(s.substring(i).getBytes(StandardCharsets.UTF_8));
                return this;
            }
            putAscii(c);
        }
        return this;
    }

    private void escapeBytes(byte[] b) {
        ensure(b.length * 2);
        for (byte x : b) {
            if (x >= 0) {
                putAscii((char) x);
            } else {
                buf[len++] = x;
            }
        }
    }

    /** One ASCII character, escaped; the caller made room for two bytes. */
    private void putAscii(char c) {
        switch (c) {
            case '\\' -> {
                buf[len++] = '\\';
                buf[len++] = '\\';
            }
            case '\t' -> {
                buf[len++] = '\\';
                buf[len++] = 't';
            }
            case '\n' -> {
                buf[len++] = '\\';
                buf[len++] = 'n';
            }
            case '\0' -> {
                buf[len++] = '\\';
                buf[len++] = '0';
            }
            default -> buf[len++] = (byte) c;
        }
    }

    Tsv endRow() {
        ensure(1);
        buf[len++] = '\n';
        rowStart = true;
        rows++;
        return this;
    }

    /** For tests: the encoded bytes as text. */
    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }
}
