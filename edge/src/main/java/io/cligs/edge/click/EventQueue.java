package io.cligs.edge.click;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded lock-free queue for many producers (every event loop) and one consumer (the drainer):
 * Dmitry Vyukov's bounded MPMC ring, each slot stamped with the position it expects next. An offer
 * is one CAS on the tail and two stores; it never blocks and allocates nothing; a full queue answers
 * false. Thread-safe for any number of producers; {@link #poll} must be called by one thread at a time.
 */
final class EventQueue<E> {

    private final int mask;
    private final AtomicReferenceArray<E> slots;
    private final AtomicLongArray stamps;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong head = new AtomicLong();

    /** @param capacity rounded up to a power of two */
    EventQueue(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        this.mask = size - 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.stamps = new AtomicLongArray(size);
        for (int i = 0; i < size; i++) {
            stamps.set(i, i);
        }
    }

    int capacity() {
        return mask + 1;
    }

    /** Adds {@code e} unless the queue is full; the number then waiting (approximately), or -1 when full. */
    long offer(E e) {
        while (true) {
            long pos = tail.get();
            int i = (int) (pos & mask);
            long dif = stamps.get(i) - pos;
            if (dif == 0) {
                if (tail.compareAndSet(pos, pos + 1)) {
                    slots.lazySet(i, e);
                    stamps.lazySet(i, pos + 1);
                    // the consumer may already have taken this and later ones (head > pos + 1): never
                    // answer a negative count for an element that was added, or callers take it for "full"
                    return Math.max(1, pos + 1 - head.get());
                }
            } else if (dif < 0) {
                return -1;
            }
            // else another producer took this position: read the tail again
        }
    }

    /** The oldest element, or null when none is ready. One consumer thread at a time. */
    E poll() {
        long pos = head.get();
        int i = (int) (pos & mask);
        if (stamps.get(i) != pos + 1) {
            return null;
        }
        E e = slots.get(i);
        slots.lazySet(i, null);
        stamps.lazySet(i, pos + mask + 1);
        head.lazySet(pos + 1);
        return e;
    }

    /** Elements waiting (approximately, while producers run). */
    long size() {
        return Math.max(0, tail.get() - head.get());
    }
}
