package io.cligs.loader.dump;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.loader.testing.Dumps;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutfileReaderTest {

    @TempDir
    Path tmp;

    private String[] only(String line, int fields) throws Exception {
        Path f = tmp.resolve("t.tsv.gz");
        Dumps.writeGz(f, List.of(line));
        try (OutfileReader r = OutfileReader.open(f)) {
            assertTrue(r.next());
            return r.fields(fields);
        }
    }

    @Test
    void readsFormatEscapesAndNull() throws Exception {
        String[] f = only("1\t\\N\ta\\tb\\nc\\\\d\\0e\\xf\t\\\\N", 4);
        assertEquals("1", f[0]);
        assertNull(f[1]);
        assertEquals("a\tb\nc\\d\0exf", f[2]);
        assertEquals("\\N", f[3], "an escaped backslash before N is text, not NULL");
    }

    @Test
    void readsMysqlStyleEscapedTabAndNewlineAsData() throws Exception {
        Path f = tmp.resolve("m.tsv.gz");
        Dumps.writeGz(f, List.of("1\tx\\\ty", "2\tline\\\nnext", "3\tz"));
        try (OutfileReader r = OutfileReader.open(f)) {
            List<String[]> rows = new ArrayList<>();
            while (r.next()) {
                rows.add(r.fields(2));
            }
            assertEquals(3, rows.size());
            assertEquals("x\ty", rows.get(0)[1]);
            assertEquals("line\nnext", rows.get(1)[1]);
            assertEquals(3, r.lineNumber());
        }
        assertEquals(3, OutfileReader.countLines(f), "escaped line feeds are data, not line ends");
    }

    @Test
    void keepsRawCarriageReturnsAndUtf8() throws Exception {
        assertArrayEquals(new String[] {"  http://ex.com/\r", "Title — ünïcode"}, only("  http://ex.com/\r\tTitle — ünïcode", 2));
    }

    @Test
    void wrongFieldCountIsABadRow() {
        BadRowException e = assertThrows(BadRowException.class, () -> only("1\t2\t3", 4));
        assertEquals("bad_field_count", e.reason());
        assertTrue(e.getMessage().contains("3 fields where 4"), e.getMessage());
    }

    @Test
    void brokenUtf8IsABadRow() throws Exception {
        Path f = tmp.resolve("u.tsv.gz");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("1\tab".getBytes());
        b.write(new byte[] {(byte) 0xC3, (byte) 0x28});
        b.write('\n');
        Dumps.writeGzBytes(f, b.toByteArray());
        try (OutfileReader r = OutfileReader.open(f)) {
            assertTrue(r.next());
            BadRowException e = assertThrows(BadRowException.class, () -> r.fields(2));
            assertEquals("bad_utf8", e.reason());
            assertEquals("1", r.rawFirstField());
        }
    }

    @Test
    void truncatedGzipFailsWithTheFileName() throws Exception {
        Path f = tmp.resolve("cligs.tsv.gz");
        List<String> lines = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < 5000; i++) {
            lines.add(i + "\t" + Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong()));
        }
        Dumps.writeGz(f, lines);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        DumpException e = assertThrows(DumpException.class, () -> OutfileReader.countLines(f));
        assertTrue(e.getMessage().startsWith("cligs.tsv.gz is truncated"), e.getMessage());
        try (OutfileReader r = OutfileReader.open(f)) {
            DumpException e2 = assertThrows(DumpException.class, () -> {
                while (r.next()) {
                    r.fields(2);
                }
            });
            assertTrue(e2.getMessage().contains("truncated"), e2.getMessage());
        }
    }

    @Test
    void notAGzipFileIsAClearError() throws Exception {
        Path f = tmp.resolve("users.tsv.gz");
        Files.writeString(f, "1\tplain text\n");
        DumpException e = assertThrows(DumpException.class, () -> OutfileReader.open(f));
        assertTrue(e.getMessage().startsWith("users.tsv.gz is not a gzip file"), e.getMessage());
    }

    @Test
    void emptyFileHasNoLines() throws Exception {
        Path f = tmp.resolve("e.tsv.gz");
        Dumps.writeGz(f, List.of());
        try (OutfileReader r = OutfileReader.open(f)) {
            assertFalse(r.next());
        }
        assertEquals(0, OutfileReader.countLines(f));
    }

    private Path gzOfLines(int n) throws Exception {
        List<String> lines = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 1; i <= n; i++) {
            lines.add(i + "\t" + Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong()));
        }
        Path f = tmp.resolve("lines.tsv.gz");
        Dumps.writeGz(f, lines);
        return f;
    }

    @Test
    void aTruncatedGzipNamesTheLastCompleteLine() throws Exception {
        Path f = gzOfLines(3000);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length * 3 / 4));
        DumpException e = assertThrows(DumpException.class, () -> OutfileReader.countLines(f));
        long after = Long.parseLong(e.getMessage().replaceAll("(?s).*ends after line (\\d+).*", "$1"));
        assertTrue(after > 1000 && after < 3000, e.getMessage());
    }

    @Test
    void aCorruptGzipNamesTheLastCompleteLine() throws Exception {
        Path f = gzOfLines(3000);
        byte[] all = Files.readAllBytes(f);
        for (int i = all.length / 2; i < all.length / 2 + 64; i++) {
            all[i] ^= 0x5a;
        }
        Files.write(f, all);
        DumpException e = assertThrows(DumpException.class, () -> OutfileReader.countLines(f));
        assertTrue(e.getMessage().matches("(?s).*(corrupt|truncated).* after line [1-9][0-9]*.*"), e.getMessage());
    }
}
