package io.cligs.loader.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    @TempDir
    Path dir;

    private String failure(String manifest) throws Exception {
        Files.writeString(dir.resolve("MANIFEST"), manifest);
        return assertThrows(DumpException.class, () -> Manifest.read(dir)).getMessage();
    }

    @Test
    void readsFormatZoneAndRowCounts() throws Exception {
        Files.writeString(dir.resolve("MANIFEST"),
                "format=cligs-legacy-1\nexported_at=2009-09-14 02:00:00\ntimezone=Europe/London\nrows.cligs=12\n");
        Manifest m = Manifest.read(dir);
        assertEquals(ZoneId.of("Europe/London"), m.zone());
        assertEquals(12, m.rowsOf("cligs").getAsLong());
        assertEquals("2009-09-14T01:00:00Z", m.exportedAt().toString());
    }

    @Test
    void unknownFormatIsRefused() throws Exception {
        String m = failure("format=cligs-legacy-2\nexported_at=2009-09-14 02:00:00\ntimezone=Europe/London\n");
        assertTrue(m.contains("unknown dump format 'cligs-legacy-2'"), m);
    }

    @Test
    void missingOrBadZoneIsRefused() throws Exception {
        assertTrue(failure("format=cligs-legacy-1\nexported_at=2009-09-14 02:00:00\n").contains("no timezone"));
        assertTrue(failure("format=cligs-legacy-1\nexported_at=2009-09-14 02:00:00\ntimezone=Mars/Olympus\n")
                .contains("not an IANA time zone"));
    }

    @Test
    void missingManifestIsNotADump() {
        DumpException e = assertThrows(DumpException.class, () -> Manifest.read(dir));
        assertTrue(e.getMessage().contains("has no MANIFEST"), e.getMessage());
    }

    @Test
    void badRowCountIsRefused() throws Exception {
        assertTrue(failure("format=cligs-legacy-1\nexported_at=2009-09-14 02:00:00\ntimezone=UTC\nrows.cligs=many\n")
                .contains("rows.cligs='many' is not a row count"));
    }
}
