package io.cligs.loader.dump;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams a gzipped {@code SELECT ... INTO OUTFILE} file (MySQL defaults, FORMAT.md) one line at a
 * time, in constant memory. A TAB separates fields and a LF ends a line unless a backslash escapes
 * it (MySQL itself writes {@code \}+TAB and {@code \}+LF; FORMAT.md's {@code \t} and {@code \n}
 * are read too). A field that is exactly {@code \N} is SQL NULL; {@code \0} is NUL; any other
 * character after a backslash stands for itself. Fields are strict UTF-8.
 *
 * <p>Not thread-safe: one reader per file and thread.
 */
public final class OutfileReader implements Closeable {

    /** A line longer than this is a reject, never an OutOfMemoryError. */
    static final int MAX_LINE = 16 << 20;

    private final String name;
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private byte[] line = new byte[8192];
    private int lineLen;
    private boolean lineTooLong;
    private long lineNumber;
    private byte[] scratch = new byte[8192];
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private OutfileReader(String name, InputStream in) {
        this.name = name;
        this.in = in;
    }

    /** Opens {@code file}; a missing or unreadable file is a {@link DumpException}. */
    public static OutfileReader open(Path file) throws DumpException {
        try {
            InputStream raw = Files.newInputStream(file);
            try {
                return new OutfileReader(file.getFileName().toString(),
                        new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
            } catch (IOException e) {
                raw.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new DumpException("the dump has no " + file.getFileName() + " (" + file + ")");
        } catch (ZipException e) {
            throw new DumpException(file.getFileName() + " is not a gzip file: " + e.getMessage());
        } catch (EOFException e) {
            throw new DumpException(file.getFileName() + " is truncated: the gzip stream ends before its header does");
        } catch (IOException e) {
            throw new DumpException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Counts the lines of a file (escaped line feeds are data) by reading it to its end, which also
     * checks its gzip trailer (CRC and length): a truncated or corrupt file fails here, before any
     * row is written.
     */
    public static long countLines(Path file) throws DumpException {
        try (OutfileReader r = open(file)) {
            long n = 0;
            boolean escaped = false;
            boolean open = false;
            while (true) {
                r.lineNumber = n; // a failing read names the last complete line
                if (!r.fill()) {
                    break;
                }
                byte[] b = r.buf;
                for (int i = r.pos, lim = r.lim; i < lim; i++) {
                    byte c = b[i];
                    if (escaped) {
                        escaped = false;
                        open = true;
                    } else if (c == '\\') {
                        escaped = true;
                        open = true;
                    } else if (c == '\n') {
                        n++;
                        open = false;
                    } else {
                        open = true;
                    }
                }
                r.pos = r.lim;
            }
            return open ? n + 1 : n;
        }
    }

    /** Advances to the next line; false at the end of the file. */
    public boolean next() throws DumpException {
        lineLen = 0;
        lineTooLong = false;
        boolean escaped = false;
        boolean any = false;
        while (true) {
            if (pos == lim && !fill()) {
                if (any) {
                    lineNumber++;
                    return true;
                }
                return false;
            }
            any = true;
            byte c = buf[pos++];
            if (!escaped && c == '\n') {
                lineNumber++;
                return true;
            }
            escaped = !escaped && c == '\\';
            if (lineLen == line.length) {
                if (line.length >= MAX_LINE) {
                    lineTooLong = true;
                    continue;
                }
                line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
            }
            line[lineLen++] = c;
        }
    }

    /** 1-based number of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The first field of the current line as raw text, for reject reports (the legacy id). */
    public String rawFirstField() {
        int end = 0;
        while (end < lineLen && end < 32 && line[end] != '\t') {
            end++;
        }
        StringBuilder b = new StringBuilder(end);
        for (int i = 0; i < end; i++) {
            int c = line[i] & 0xff;
            b.append(c >= '0' && c <= '9' ? (char) c : '?');
        }
        return b.toString();
    }

    /**
     * The fields of the current line, unescaped.
     *
     * @throws BadRowException {@code bad_field_count}, {@code bad_utf8} or {@code line_too_long}
     */
    public String[] fields(int expected) throws BadRowException {
        if (lineTooLong) {
            throw new BadRowException("line_too_long", "the line is longer than " + MAX_LINE + " bytes");
        }
        int n = 0;
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i < lineLen; i++) {
            byte c = line[i];
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '\t') {
                add(n++, start, i);
                start = i + 1;
            }
        }
        add(n++, start, lineLen);
        if (n != expected) {
            throw new BadRowException("bad_field_count", n + " fields where " + expected + " were expected");
        }
        String[] out = new String[n];
        for (int f = 0; f < n; f++) {
            out[f] = decode(f, starts[f], ends[f]);
        }
        return out;
    }

    private void add(int index, int start, int end) {
        if (index == starts.length) {
            starts = java.util.Arrays.copyOf(starts, index * 2);
            ends = java.util.Arrays.copyOf(ends, index * 2);
        }
        starts[index] = start;
        ends[index] = end;
    }

    private String decode(int field, int start, int end) throws BadRowException {
        if (end - start == 2 && line[start] == '\\' && line[start + 1] == 'N') {
            return null;
        }
        if (scratch.length < end - start) {
            scratch = new byte[Math.max(end - start, scratch.length * 2)];
        }
        int len = 0;
        boolean ascii = true;
        for (int i = start; i < end; i++) {
            byte c = line[i];
            if (c == '\\' && i + 1 < end) {
                byte e = line[++i];
                switch (e) {
                    case '0': c = 0; break;
                    case 't': c = '\t'; break;
                    case 'n': c = '\n'; break;
                    default: c = e; break;
                }
            }
            ascii &= c >= 0;
            scratch[len++] = c;
        }
        if (ascii) {
            return new String(scratch, 0, len, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(scratch, 0, len));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new BadRowException("bad_utf8", "field " + (field + 1) + " is not valid UTF-8");
        }
    }

    private boolean fill() throws DumpException {
        if (pos < lim) {
            return true;
        }
        try {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        } catch (EOFException e) {
            throw new DumpException(name + " is truncated: the gzip stream ends after line " + lineNumber
                    + " (was the download cut short?)");
        } catch (ZipException e) {
            throw new DumpException(name + " is corrupt after line " + lineNumber + ": " + e.getMessage());
        } catch (IOException e) {
            throw new DumpException("cannot read " + name + " after line " + lineNumber + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was written; a failing close of a read-only stream changes nothing
        }
    }
}
