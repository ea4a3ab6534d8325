package io.cligs.edge.click;

import io.cligs.core.click.InvalidEventException;
import io.cligs.core.click.StreamEvent;
import io.cligs.core.click.StreamEventCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's append-only click journal (ADR 0013): events Redis did not take, kept on local disk until
 * it does. A directory of segment files {@code clicks-<20-digit number>.journal}, replayed oldest
 * first; each line one event, {@code <CRC-32 of the rest, 8 hex>\t<field>\t<value>...}, the fields of
 * {@link StreamEventCodec} (no value holds a tab or a line break). Every {@link #append} ends with an
 * {@code fsync} of the segment (and of the directory when it created the segment), so what it
 * accepted survives a crash of the process or the machine. A line torn by a crash fails its CRC and
 * is skipped (logged); a failed write is cut off and the segment closed, so no later line is glued to it.
 *
 * <p>A segment leaves the journal ({@link #remove}) only after Redis acknowledged all of its events;
 * a crash in between replays it again: at least once, the event ids let the aggregator dedupe.
 *
 * <p>Blocking file I/O: used by one thread at a time, never an event loop (the drainer is a worker verticle).
 */
final class ClickJournal {

    private static final Logger LOG = LoggerFactory.getLogger(ClickJournal.class);
    private static final String PREFIX = "clicks-";
    private static final String SUFFIX = ".journal";

    /** A closed segment's events, read back. */
    record Segment(Path path, List<StreamEvent> events) {
    }

    private final Path dir;
    private final int segmentEvents;
    private FileChannel lockFile;
    private FileLock lock;
    /** Closed segments, oldest first, with their event counts. */
    private final Deque<Path> closed = new ArrayDeque<>();
    private long nextNumber;
    private long events;
    private FileChannel active;
    private Path activePath;
    private int activeEvents;

    private ClickJournal(Path dir, int segmentEvents) {
        this.dir = dir;
        this.segmentEvents = segmentEvents;
    }

    /**
     * Opens the journal in {@code dir} (created if absent); segments left by an earlier run are closed
     * and wait for replay.
     *
     * @param segmentEvents a segment is closed once it holds this many events
     */
    static ClickJournal open(Path dir, int segmentEvents) throws IOException {
        Files.createDirectories(dir);
        ClickJournal journal = new ClickJournal(dir, segmentEvents);
        journal.lock();
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            files.forEach(found::add);
        }
        found.sort(null);
        for (Path p : found) {
            journal.closed.add(p);
            journal.events += countLines(p);
            journal.nextNumber = Math.max(journal.nextNumber, number(p) + 1);
        }
        return journal;
    }

    /** One process per journal: a second edge on the same directory would replay and number segments alike. */
    private void lock() throws IOException {
        lockFile = FileChannel.open(dir.resolve("journal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockFile.close();
            throw new IOException("click journal " + dir + " is in use by another edge (journal.lock is held)");
        }
    }

    /** The events in a journal directory, read without taking it (for checks while an edge runs on it). */
    static long eventsIn(Path dir) throws IOException {
        long n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path p : files) {
                n += countLines(p);
            }
        }
        return n;
    }

    private static long number(Path segment) {
        String name = segment.getFileName().toString();
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long countLines(Path p) throws IOException {
        long n = 0;
        for (byte b : Files.readAllBytes(p)) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    Path dir() {
        return dir;
    }

    /** Events in the journal (written, not yet removed). */
    long events() {
        return events;
    }

    boolean isEmpty() {
        return events == 0 && closed.isEmpty() && activeEvents == 0;
    }

    /** Writes the events at the end of the journal and syncs them to disk; on failure nothing of them counts. */
    void append(List<? extends StreamEvent> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        byte[] bytes = encode(batch);
        if (active == null) {
            activePath = dir.resolve(String.format("%s%020d%s", PREFIX, nextNumber++, SUFFIX));
            active = FileChannel.open(activePath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            activeEvents = 0;
            syncDirectory();
        }
        long before = active.size();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                active.write(buffer);
            }
            active.force(false);
        } catch (IOException e) {
            cutOff(before);
            throw e;
        }
        activeEvents += batch.size();
        events += batch.size();
        if (activeEvents >= segmentEvents) {
            closeActive();
        }
    }

    /** After a failed write: the partial line removed, the segment closed (later lines go to a new one). */
    private void cutOff(long size) {
        try {
            active.truncate(size);
            active.force(false);
        } catch (IOException e) {
            LOG.error("click journal: cannot cut the failed write off {}: {}", activePath, e.toString());
        }
        closeActive();
    }

    private void closeActive() {
        if (active == null) {
            return;
        }
        try {
            active.close();
        } catch (IOException e) {
            LOG.warn("click journal: closing {} failed: {}", activePath, e.toString());
        }
        if (activeEvents > 0) {
            closed.add(activePath);
        } else {
            deleteQuietly(activePath);
        }
        active = null;
        activePath = null;
        activeEvents = 0;
    }

    /**
     * The oldest segment's events (the segment being written is closed first when it is the only one),
     * or null when the journal is empty. Lines that fail their CRC or do not decode are skipped, logged.
     */
    Segment oldest() throws IOException {
        if (closed.isEmpty()) {
            closeActive();
        }
        Path p = closed.peekFirst();
        return p == null ? null : new Segment(p, read(p));
    }

    /** Forgets a segment once Redis acknowledged every event of it. */
    void remove(Segment segment) throws IOException {
        if (!segment.path().equals(closed.peekFirst())) {
            throw new IllegalStateException("segments leave the journal oldest first: " + segment.path());
        }
        closed.removeFirst();
        long lines = countLines(segment.path());
        Files.deleteIfExists(segment.path());
        events = Math.max(0, events - lines);
    }

    /** Closes the segment being written and releases the directory; the journal stays on disk for the next start. */
    void close() {
        closeActive();
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockFile != null) {
                lockFile.close();
            }
        } catch (IOException e) {
            LOG.warn("click journal: releasing {} failed: {}", dir, e.toString());
        }
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the segment's own fsync still holds its lines
            LOG.debug("click journal: directory sync of {} failed: {}", dir, e.toString());
        }
    }

    static byte[] encode(List<? extends StreamEvent> batch) {
        StringBuilder out = new StringBuilder(batch.size() * 256);
        CRC32 crc = new CRC32();
        for (StreamEvent e : batch) {
            String body = String.join("\t", StreamEventCodec.fields(e));
            crc.reset();
            crc.update(body.getBytes(StandardCharsets.UTF_8));
            out.append(String.format("%08x", crc.getValue())).append('\t').append(body).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static List<StreamEvent> read(Path segment) throws IOException {
        List<StreamEvent> out = new ArrayList<>();
        int lineNumber = 0;
        String text = new String(Files.readAllBytes(segment), StandardCharsets.UTF_8);
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            lineNumber++;
            if (end < 0) {
                LOG.warn("click journal {}: line {} has no end (torn by a crash), skipped", segment.getFileName(), lineNumber);
                break;
            }
            StreamEvent e = decodeLine(text.substring(start, end));
            if (e == null) {
                LOG.warn("click journal {}: line {} is damaged, skipped", segment.getFileName(), lineNumber);
            } else {
                out.add(e);
            }
            start = end + 1;
        }
        return out;
    }

    private static StreamEvent decodeLine(String line) {
        int tab = line.indexOf('\t');
        if (tab != 8) {
            return null;
        }
        String body = line.substring(9);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        if (!String.format("%08x", crc.getValue()).equals(line.substring(0, 8))) {
            return null;
        }
        try {
            return StreamEventCodec.decode(Arrays.asList(body.split("\t", -1)));
        } catch (InvalidEventException e) {
            return null;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("click journal: cannot delete {}: {}", p, e.toString());
        }
    }
}
