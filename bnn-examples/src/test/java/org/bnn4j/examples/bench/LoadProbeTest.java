package org.bnn4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The load around one side: other processes' CPU is the machine's busy time minus this process tree's. */
class LoadProbeTest {

    @Test
    void otherCoresAreMachineTicksMinusOwnTicksPerSecond() {
        LoadProbe before = new LoadProbe(0L, 0.2, 1000, 100);
        LoadProbe after = new LoadProbe(2_000_000_000L, 0.3, 1400, 300);
        LoadProbe.Span s = LoadProbe.span("svi", "reference", before, after);
        // (400 - 200) ticks at 100 per second over 2 s = 1 core
        assertEquals(1.0, s.otherCores(), 1e-12);
        assertEquals(2.0, s.seconds(), 1e-12);
        assertEquals(0.2, s.loadBefore(), 0.0);
        assertEquals(0.3, s.loadAfter(), 0.0);
    }

    @Test
    void tickRoundingNeverGivesNegativeCoresAndMissingCountersGiveNaN() {
        LoadProbe before = new LoadProbe(0L, 0.2, 1000, 100);
        assertEquals(0.0, LoadProbe.span("svi", "bnn4j", before, new LoadProbe(1_000_000_000L, 0.2, 1100, 201))
                .otherCores(), 0.0);
        assertTrue(Double.isNaN(LoadProbe.span("svi", "bnn4j", before, new LoadProbe(1_000_000_000L, 0.2, -1, -1))
                .otherCores()));
    }

    @Test
    void onLinuxOwnCpuTimeIsCountedAsOwn() {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs Linux /proc");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        LoadProbe before = LoadProbe.now();
        long end = threads.getCurrentThreadCpuTime() + 300_000_000L;
        double sink = 0;
        while (threads.getCurrentThreadCpuTime() < end) { // 0.3 s of this thread's CPU time, however loaded
            sink += Math.sqrt(sink + 1);
        }
        LoadProbe after = LoadProbe.now();
        // 30 ticks spent here; the kernel's per-tick accounting may attribute a few of them elsewhere
        assertTrue(sink > 0 && after.ownTicks() - before.ownTicks() >= 25,
                "own ticks " + before.ownTicks() + " -> " + after.ownTicks());
        assertTrue(after.busyTicks() - before.busyTicks() >= 25, "machine busy ticks did not include ours");
        assertTrue(after.loadAverage() >= 0);
    }
}
