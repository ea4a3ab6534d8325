package io.cligs.edge.click;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClickPipelineTest {

    private static ClickEvent click() {
        return new ClickEvent(1, 0, null, null);
    }

    @Test
    void anOfferWakesTheDrainerOncePerBatchAndWhileACallIsInFlightOnlyPastTheThresholdItSet() {
        ClickPipeline pipeline = new ClickPipeline(64, 4, new ClickMetrics());
        AtomicInteger wakes = new AtomicInteger();
        pipeline.onBatchWaiting(wakes::incrementAndGet);

        for (int i = 0; i < 3; i++) {
            pipeline.offer(click());
        }
        assertEquals(0, wakes.get(), "fewer than a batch waiting");
        pipeline.offer(click());
        assertEquals(1, wakes.get(), "a batch waiting");
        pipeline.offer(click());
        assertEquals(1, wakes.get(), "one wake-up until the drainer takes it");

        // the drainer took the wake-up with a live call in flight: only past half the queue again
        pipeline.woken();
        pipeline.wakeAt(33);
        while (pipeline.queue().size() < 32) {
            pipeline.offer(click());
        }
        assertEquals(1, wakes.get(), "no wake-up per offer while the call is in flight");
        pipeline.offer(click());
        assertEquals(2, wakes.get(), "past the spill threshold");

        // the call completed: a batch wakes it again
        pipeline.woken();
        pipeline.wakeAt(4);
        pipeline.offer(click());
        assertEquals(3, wakes.get());
    }
}
