package io.cligs.loader.importing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What writing one batch did, as an immutable value the writer thread hands back to the reading
 * thread (which alone adds it to the table's {@link TableStats}): rows inserted, updated, found
 * unchanged, or superseded by a higher legacy id, rows rejected on the way, and notes.
 */
record Written(long inserted, long updated, long unchanged, long superseded, List<Reject> rejects, Map<String, Long> notes) {

    static final Written NOTHING = new Written(0, 0, 0, 0, List.of(), Map.of());

    Written {
        if (inserted < 0 || updated < 0 || unchanged < 0 || superseded < 0) {
            throw new IllegalArgumentException("negative counts: " + inserted + "/" + updated + "/" + unchanged + "/" + superseded);
        }
        rejects = List.copyOf(rejects);
        notes = Map.copyOf(notes);
    }

    /** The same rows, with the rejects and notes of a check made before writing put first. */
    Written after(BatchCheck.Checked<?> check) {
        List<Reject> all = new ArrayList<>(check.rejects());
        all.addAll(rejects);
        Map<String, Long> n = new TreeMap<>(check.notes());
        notes.forEach((k, v) -> n.merge(k, v, Long::sum));
        return new Written(inserted, updated, unchanged, superseded, all, n);
    }
}
