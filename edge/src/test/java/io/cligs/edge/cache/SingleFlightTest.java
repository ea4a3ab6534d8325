package io.cligs.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    @Test
    void concurrentCallsForOneKeyShareOneLoad() throws Exception {
        SingleFlight<String, String> flights = new SingleFlight<>();
        AtomicInteger loads = new AtomicInteger();
        CompletableFuture<String> slow = new CompletableFuture<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<java.util.concurrent.Future<SingleFlight.Flight<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                return flights.run("abc", k -> {
                    loads.incrementAndGet();
                    return slow;
                });
            }));
        }
        go.countDown();
        int joined = 0;
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (var c : calls) {
            SingleFlight.Flight<String> f = c.get(5, TimeUnit.SECONDS);
            joined += f.joined() ? 1 : 0;
            futures.add(f.future());
        }
        pool.shutdown();
        assertEquals(1, loads.get());
        assertEquals(63, joined);
        slow.complete("target");
        for (CompletableFuture<String> f : futures) {
            assertEquals("target", f.get(1, TimeUnit.SECONDS));
        }
        assertEquals(0, flights.size());
    }

    @Test
    void aCompletedLoadLetsTheNextCallLoadAgain() {
        SingleFlight<String, String> flights = new SingleFlight<>();
        AtomicInteger loads = new AtomicInteger();
        flights.run("k", k -> CompletableFuture.completedFuture("v" + loads.incrementAndGet()));
        SingleFlight.Flight<String> second = flights.run("k", k -> CompletableFuture.completedFuture("v" + loads.incrementAndGet()));
        assertFalse(second.joined());
        assertEquals("v2", second.future().join());
    }

    @Test
    void aFailedLoadFailsEveryWaiterAndIsNotKept() {
        SingleFlight<String, String> flights = new SingleFlight<>();
        CompletableFuture<String> load = new CompletableFuture<>();
        SingleFlight.Flight<String> first = flights.run("k", k -> load);
        SingleFlight.Flight<String> second = flights.run("k", k -> CompletableFuture.completedFuture("never"));
        assertTrue(second.joined());
        assertSame(first.future(), second.future());
        load.completeExceptionally(new IllegalStateException("down"));
        assertTrue(second.future().isCompletedExceptionally());
        assertEquals(0, flights.size());
    }

    @Test
    void forgetMakesTheNextCallStartAFreshLoad() {
        SingleFlight<String, String> flights = new SingleFlight<>();
        flights.run("k", k -> new CompletableFuture<>());
        flights.forget("k");
        assertFalse(flights.run("k", k -> new CompletableFuture<>()).joined());
    }
}
