package io.cligs.edge.click;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void aFullQueueRefusesWithoutBlockingAndFreesSlotsAsItIsPolled() {
        EventQueue<Integer> q = new EventQueue<>(5);
        assertEquals(8, q.capacity());
        for (int i = 0; i < 8; i++) {
            assertEquals(i + 1, q.offer(i));
        }
        assertEquals(-1, q.offer(99));
        assertEquals(0, q.poll());
        assertEquals(8, q.offer(8));
        for (int i = 1; i <= 8; i++) {
            assertEquals(i, q.poll());
        }
        assertNull(q.poll());
        assertEquals(0, q.size());
    }

    @Test
    void manyProducersOneConsumerLoseNothingAndDuplicateNothing() throws Exception {
        EventQueue<Integer> q = new EventQueue<>(1024);
        int producers = 4;
        int each = 50_000;
        AtomicInteger refused = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * each;
            Thread t = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    while (q.offer(base + i) < 0) {
                        refused.incrementAndGet();
                        Thread.onSpinWait();
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        BitSet seen = new BitSet(producers * each);
        int taken = 0;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (taken < producers * each && System.nanoTime() < deadline) {
            Integer v = q.poll();
            if (v == null) {
                Thread.onSpinWait();
                continue;
            }
            assertTrue(!seen.get(v), "twice: " + v);
            seen.set(v);
            taken++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(producers * each, taken);
        assertNull(q.poll());
    }
}
