package org.bnn4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The benchmark timer's statistics and preconditions. */
class TimingTest {

    @Test
    void quantilesInterpolateLinearly() {
        double[] v = {1, 2, 3, 4, 5};
        assertEquals(3.0, Timing.quantile(v, 0.5), 0.0);
        assertEquals(1.4, Timing.quantile(v, 0.1), 1e-15); // position 0.4 between 1 and 2
        assertEquals(5.0, Timing.quantile(v, 1.0), 0.0);
    }

    @Test
    void measureRunsWarmupPlusAtLeastMinReps() throws Exception {
        int[] calls = {0};
        Timing t = Timing.measure(() -> calls[0]++, 3, 0.0, 7, 7, 0.0, 1e3, "us");
        assertEquals(10, calls[0]);
        assertEquals(7, t.reps());
        assertTrue(t.min() <= t.p10() && t.p10() <= t.median() && t.median() <= t.p90());
        assertEquals("us", t.unit());
    }

    @Test
    void warmupLastsAtLeastItsTime() throws Exception {
        int[] calls = {0};
        long t0 = System.nanoTime();
        Timing.measure(() -> {
            calls[0]++;
            Thread.sleep(1);
        }, 1, 0.05, 1, 1, 0.0, 1e3, "us");
        assertTrue(System.nanoTime() - t0 >= 50_000_000L, "warm-up shorter than 0.05 s");
        // at least one warm-up call and the one measured repetition; how many 1 ms sleeps fit into the 50 ms depends
        // on the scheduler (at a load average of 20 on 2 cores one sleep took over 25 ms), so the time is the contract
        assertTrue(calls[0] >= 2, "calls " + calls[0]);
    }

    @Test
    void rejectsBadRepetitionCounts() {
        assertThrows(IllegalArgumentException.class, () -> Timing.measure(() -> { }, 0, 0, 0, 5, 1, 1, "ns"));
        assertThrows(IllegalArgumentException.class, () -> Timing.measure(() -> { }, 0, 0, 6, 5, 1, 1, "ns"));
    }
}
