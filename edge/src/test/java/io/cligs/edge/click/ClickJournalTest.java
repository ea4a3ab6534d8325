package io.cligs.edge.click;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.EventText;
import io.cligs.core.click.OrphanRecord;
import io.cligs.core.click.StreamEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickJournalTest {

    private static final String HASH = "ab".repeat(32);

    @TempDir
    Path dir;

    static List<StreamEvent> events(int from, int n) {
        List<StreamEvent> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(i % 3 == 0
                    ? new OrphanRecord("e-" + i, EventText.slug("gone\r\n" + i), i, null, "t.co", "e")
                    : new ClickRecord("e-" + i, i + 1, i, null, HASH, null, EventText.userAgent("UA\u0000\t" + i), "e"));
        }
        return out;
    }

    @Test
    void segmentsComeBackOldestFirstAndLeaveOnlyWhenRemoved() throws IOException {
        ClickJournal journal = ClickJournal.open(dir, 5);
        journal.append(events(0, 3));
        journal.append(events(3, 3));
        journal.append(events(6, 2));
        assertEquals(8, journal.events());

        ClickJournal.Segment first = journal.oldest();
        assertEquals(events(0, 6), first.events());
        assertEquals(first.path(), journal.oldest().path(), "not removed yet");
        journal.remove(first);
        ClickJournal.Segment second = journal.oldest();
        assertEquals(events(6, 2), second.events(), "the segment being written is closed for replay");
        journal.remove(second);
        assertNull(journal.oldest());
        assertTrue(journal.isEmpty());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.filter(f -> f.toString().endsWith(".journal")).count());
        }
    }

    @Test
    void aReopenedJournalHasWhatAnEarlierRunLeftAndSkipsTornOrDamagedLines() throws IOException {
        ClickJournal before = ClickJournal.open(dir, 100);
        before.append(events(0, 4));
        before.close();
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(f -> f.toString().endsWith(".journal")).findFirst().orElseThrow();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(segment, StandardCharsets.UTF_8));
        lines.set(1, lines.get(1).replace("e-1", "e-X"));
        Files.write(segment, lines, StandardCharsets.UTF_8);
        Files.write(segment, "0badc0de\tv\t1\tty".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        ClickJournal after = ClickJournal.open(dir, 100);
        assertEquals(4, after.events());
        List<StreamEvent> back = after.oldest().events();
        List<StreamEvent> expected = new ArrayList<>(events(0, 4));
        expected.remove(1);
        assertEquals(expected, back, "the line whose CRC fails and the torn one are skipped");
        after.append(events(10, 1));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".journal")).count(), "a new run writes a new segment");
        }
    }

    @Test
    void segmentsLeaveOldestFirstOnly() throws IOException {
        ClickJournal journal = ClickJournal.open(dir, 1);
        journal.append(events(0, 1));
        journal.append(events(1, 1));
        ClickJournal.Segment first = journal.oldest();
        journal.remove(first);
        ClickJournal.Segment second = journal.oldest();
        assertThrows(IllegalStateException.class, () -> journal.remove(first));
        journal.remove(second);
        assertTrue(journal.isEmpty());
    }

    @Test
    void aSecondEdgeCannotTakeAJournalInUse() throws IOException {
        ClickJournal first = ClickJournal.open(dir, 10);
        IOException e = assertThrows(IOException.class, () -> ClickJournal.open(dir, 10));
        assertTrue(e.getMessage().contains("in use by another edge"), e.getMessage());
        first.close();
        ClickJournal.open(dir, 10).close();
    }
}
