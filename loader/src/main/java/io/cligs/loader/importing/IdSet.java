package io.cligs.loader.importing;

import java.util.Arrays;

/**
 * A compact set of legacy ids (INT UNSIGNED, so 32 bits each): 4 bytes per id, sorted lazily.
 * Dumps list rows by id, so adding stays sorted and lookups are binary searches. Thread-safe
 * (synchronized): the reading thread fills the set of rejected cligs, the writer thread reads it
 * while rules are written, after the cligs are done.
 */
final class IdSet {

    private int[] ids = new int[1024];
    private int size;
    private boolean sorted = true;

    synchronized void add(long id) {
        int v = (int) id;
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        if (size > 0 && Integer.compareUnsigned(ids[size - 1], v) >= 0) {
            sorted = false;
        }
        ids[size++] = v;
    }

    synchronized boolean contains(long id) {
        if (!sorted) {
            int[] copy = Arrays.copyOf(ids, size);
            for (int i = 0; i < size; i++) {
                copy[i] ^= Integer.MIN_VALUE; // unsigned order
            }
            Arrays.sort(copy);
            int n = 0;
            for (int i = 0; i < size; i++) {
                int v = copy[i] ^ Integer.MIN_VALUE;
                if (n == 0 || ids[n - 1] != v) {
                    ids[n++] = v;
                }
            }
            size = n;
            sorted = true;
        }
        int key = (int) id;
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(ids[mid], key);
            if (c == 0) {
                return true;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return false;
    }

    synchronized void clear() {
        ids = new int[1024];
        size = 0;
        sorted = true;
    }

    synchronized int size() {
        return size;
    }
}
