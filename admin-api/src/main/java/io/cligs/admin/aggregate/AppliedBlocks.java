package io.cligs.admin.aggregate;

import io.cligs.core.click.EventIds;
import io.cligs.core.click.StreamEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The aggregator's dedupe (ADR 0017): which events of a stream were applied, as bitmaps per edge boot and
 * block of {@value #BLOCK} sequences in {@code click_applied_blocks}, instead of a row per event. An event
 * id is {@code <edge id>-<boot ms, base 36>-<sequence, base 36>} (core's {@code EventIds}); an id not of
 * that exact form (canonical base 36, so two spellings never meet one bit) is a block of its own,
 * {@code (id, -1, 0)}, bit 0.
 *
 * <p>{@link #markNew} runs in the batch's transaction: it locks the batch's block rows in key order (an
 * {@code INSERT ... ON DUPLICATE KEY UPDATE} that changes nothing, which creates a missing row and takes
 * an exclusive lock on an existing one; one order for every transaction, so two aggregators of a stream
 * wait for each other instead of deadlocking), reads them, keeps the events whose bit is clear and not set
 * earlier in the batch, and writes the merged bitmaps back. Stateless.
 */
final class AppliedBlocks {

    /** Sequences per block (one row): 4,096 bits, 512 bytes. */
    static final int BLOCK = 4096;
    private static final int SHIFT = 12;

    /** A row's key within a stream. */
    record BlockKey(String edge, long boot, long block) implements Comparable<BlockKey> {
        @Override
        public int compareTo(BlockKey o) {
            int c = edge.compareTo(o.edge); // ascii_bin in MySQL: the same order as String's for ASCII
            if (c != 0) {
                return c;
            }
            c = Long.compare(boot, o.boot);
            return c != 0 ? c : Long.compareUnsigned(block, o.block);
        }
    }

    /** An event's place: its block and its bit in it. */
    record Position(BlockKey key, int bit) {
    }

    private static final String LOCK_HEAD = "INSERT INTO click_applied_blocks (stream, edge_id, boot, block, bits, updated_at) VALUES ";
    private static final String LOCK_ROW = "(?, ?, ?, ?, '', ?)";
    private static final String LOCK_TAIL = " ON DUPLICATE KEY UPDATE bits = bits";
    private static final String READ_HEAD = "SELECT edge_id, boot, block, bits FROM click_applied_blocks WHERE (stream, edge_id, boot, block) IN (";
    private static final String READ_ROW = "(?, ?, ?, ?)";
    private static final String READ_TAIL = ") FOR UPDATE";
    private static final String WRITE_HEAD = LOCK_HEAD;
    private static final String WRITE_ROW = "(?, ?, ?, ?, ?, ?)";
    private static final String WRITE_TAIL = " ON DUPLICATE KEY UPDATE bits = VALUES(bits), updated_at = VALUES(updated_at)";
    /** Old blocks go, except the old system's clicks' (ADR 0019): {@code loader analytics} may send them again any time. */
    static final String PRUNE = "DELETE FROM click_applied_blocks WHERE updated_at < ? AND edge_id <> '"
            + EventIds.LEGACY_EDGE + "' LIMIT 10000";

    private AppliedBlocks() {
    }

    /** Where the event with this id goes. */
    static Position position(String eventId) {
        int last = eventId.lastIndexOf('-');
        int before = last <= 0 ? -1 : eventId.lastIndexOf('-', last - 1);
        if (before > 0) {
            long boot = base36(eventId, before + 1, last);
            long seq = base36(eventId, last + 1, eventId.length());
            if (boot >= 0 && seq >= 0) {
                return new Position(new BlockKey(eventId.substring(0, before), boot, seq >>> SHIFT), (int) (seq & (BLOCK - 1)));
            }
        }
        return new Position(new BlockKey(eventId, -1, 0), 0);
    }

    /** The canonical base-36 number (lower case, no sign, no leading zero) in s[from, to), or -1. */
    static long base36(String s, int from, int to) {
        int n = to - from;
        if (n < 1 || n > 12 || n > 1 && s.charAt(from) == '0') { // 36^12 > 2^62: 12 digits never overflow
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = v * 36 + d;
        }
        return v;
    }

    /**
     * The events (in order) not applied to {@code stream} before nor earlier in the list; their bits are set
     * when this returns, in {@code conn}'s transaction.
     */
    static Future<List<StreamEvent>> markNew(SqlConnection conn, String stream, List<StreamEvent> events, LocalDateTime now) {
        if (events.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<Position> positions = new ArrayList<>(events.size());
        TreeMap<BlockKey, byte[]> blocks = new TreeMap<>();
        for (StreamEvent e : events) {
            Position p = position(e.eventId());
            positions.add(p);
            blocks.put(p.key(), null);
        }
        List<Tuple> lockRows = new ArrayList<>(blocks.size());
        List<Tuple> readRows = new ArrayList<>(blocks.size());
        for (BlockKey k : blocks.keySet()) {
            lockRows.add(Tuple.of(stream, k.edge(), k.boot(), k.block(), now));
            readRows.add(Tuple.of(stream, k.edge(), k.boot(), k.block()));
        }
        return MultiRow.update(conn, LOCK_HEAD, LOCK_ROW, LOCK_TAIL, lockRows)
                .compose(v -> MultiRow.select(conn, READ_HEAD, READ_ROW, READ_TAIL, readRows))
                .compose(rows -> {
                    for (Row r : rows) {
                        BlockKey k = new BlockKey(r.getString(0), r.getLong(1), r.getLong(2));
                        Buffer bits = r.getBuffer(3);
                        blocks.put(k, Arrays.copyOf(bits == null ? new byte[0] : bits.getBytes(), BLOCK / 8));
                    }
                    Map<BlockKey, byte[]> changed = new HashMap<>();
                    List<StreamEvent> fresh = new ArrayList<>(events.size());
                    for (int i = 0; i < events.size(); i++) {
                        Position p = positions.get(i);
                        byte[] bits = blocks.get(p.key());
                        if (bits == null) { // cannot be: every row was created above; fail rather than count twice
                            return Future.failedFuture(new IllegalStateException("applied block missing: " + p.key()));
                        }
                        int mask = 1 << (p.bit() & 7);
                        if ((bits[p.bit() >> 3] & mask) == 0) {
                            bits[p.bit() >> 3] |= (byte) mask;
                            changed.put(p.key(), bits);
                            fresh.add(events.get(i));
                        }
                    }
                    List<Tuple> writeRows = new ArrayList<>(changed.size());
                    for (Map.Entry<BlockKey, byte[]> e : blocks.entrySet()) { // key order again
                        if (changed.containsKey(e.getKey())) {
                            BlockKey k = e.getKey();
                            writeRows.add(Tuple.of(stream, k.edge(), k.boot(), k.block(), Buffer.buffer(trim(e.getValue())), now));
                        }
                    }
                    return MultiRow.update(conn, WRITE_HEAD, WRITE_ROW, WRITE_TAIL, writeRows).map(n -> fresh);
                });
    }

    /** The bitmap without its trailing zero bytes. */
    static byte[] trim(byte[] bits) {
        int n = bits.length;
        while (n > 0 && bits[n - 1] == 0) {
            n--;
        }
        return n == bits.length ? bits : Arrays.copyOf(bits, n);
    }
}
