package io.cligs.loader.importing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rejects file: one TSV line per row that was not imported ({@code table line id reason detail}),
 * under a header line. The detail says what was wrong without repeating secrets (an API key is
 * never written here). {@code loader analytics} writes its rejects in the same form. Not thread-safe: one
 * reading thread writes it.
 */
public final class Rejects implements AutoCloseable {

    private final BufferedWriter out;
    private final Path path;

    public Rejects(Path path) throws IOException {
        this.path = path;
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        out.write("table\tline\tid\treason\tdetail\n");
    }

    public Path path() {
        return path;
    }

    public void write(String table, long line, String id, String reason, String detail) {
        try {
            out.write(table);
            out.write('\t');
            out.write(Long.toString(line));
            out.write('\t');
            out.write(id == null ? "" : clean(id));
            out.write('\t');
            out.write(reason);
            out.write('\t');
            out.write(detail == null ? "" : clean(detail));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rejects file " + path, e);
        }
    }

    private static String clean(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString();
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rejects file " + path, e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
