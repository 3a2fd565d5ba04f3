package org.bnn4j.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How busy the machine is around one side of the bench (one bnn4j case or one run of the Python reference).
 *
 * <p>Two measures, because the bench loads the machine itself: the 1-minute load average of {@code /proc/loadavg}
 * (what {@code uptime} shows; it counts the bench's own threads and lags by about a minute, so after a NUTS run on
 * every core it stays above 1 even on an idle machine), and the CPU time other processes used during the side: the
 * machine's busy time from {@code /proc/stat} minus this process's and its reaped children's time from
 * {@code /proc/self/stat} (a forked case JVM or the Python reference is reaped before the side ends), in cores.
 * Off Linux the load average comes from the JVM and the other processes' share is NaN.
 *
 * @param nanos       {@link System#nanoTime()} at the snapshot
 * @param loadAverage 1-minute load average, or NaN where unavailable
 * @param busyTicks   the machine's non-idle CPU time in clock ticks, or -1 where unavailable
 * @param ownTicks    this process's CPU time plus its reaped children's, in clock ticks, or -1 where unavailable
 */
record LoadProbe(long nanos, double loadAverage, long busyTicks, long ownTicks) {

    /** Clock ticks per second of {@code /proc/stat} and {@code /proc/[pid]/stat} (USER_HZ, 100 on Linux). */
    static final double TICKS_PER_SECOND = 100.0;

    /** @return the current load, read from {@code /proc} where it exists */
    static LoadProbe now() {
        return new LoadProbe(System.nanoTime(), currentLoadAverage(), machineBusyTicks(), readOwnTicks());
    }

    /**
     * The load around one side, from snapshots taken just before and just after it.
     *
     * @param caseName the case (kernels, gradient, svi, predict, nuts)
     * @param side     {@code bnn4j} or {@code reference}
     * @param before   snapshot before the side started
     * @param after    snapshot after it ended (and after a child process was reaped)
     * @return the span
     */
    static Span span(String caseName, String side, LoadProbe before, LoadProbe after) {
        double secs = (after.nanos - before.nanos) / 1e9;
        double other = Double.NaN;
        if (before.busyTicks >= 0 && after.busyTicks >= 0 && before.ownTicks >= 0 && after.ownTicks >= 0
                && secs > 0) {
            long ticks = (after.busyTicks - before.busyTicks) - (after.ownTicks - before.ownTicks);
            other = Math.max(0.0, ticks / TICKS_PER_SECOND / secs); // tick rounding can make it slightly negative
        }
        return new Span(caseName, side, secs, before.loadAverage, after.loadAverage, other);
    }

    /**
     * The load around one side of the bench.
     *
     * @param caseName   the case
     * @param side       {@code bnn4j} or {@code reference}
     * @param seconds    wall time of the side
     * @param loadBefore 1-minute load average before it
     * @param loadAfter  1-minute load average after it
     * @param otherCores average number of cores other processes kept busy during it, NaN where unknown
     */
    record Span(String caseName, String side, double seconds, double loadBefore, double loadAfter,
                double otherCores) {

        /** @return the span as a JSON-ready map */
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("case", caseName);
            m.put("side", side);
            m.put("seconds", seconds);
            m.put("loadBefore", loadBefore);
            m.put("loadAfter", loadAfter);
            m.put("otherCores", otherCores);
            return m;
        }
    }

    /** @return the 1-minute load average from {@code /proc/loadavg}, else the JVM's, else NaN */
    static double currentLoadAverage() {
        try {
            String s = Files.readString(Path.of("/proc/loadavg")).trim();
            return Double.parseDouble(s.substring(0, s.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return l >= 0 ? l : Double.NaN;
        }
    }

    /** user + nice + system + irq + softirq + steal of the {@code cpu} line of /proc/stat (guest is in user). */
    private static long machineBusyTicks() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = 0;
                    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                        busy += i < f.length ? Long.parseLong(f[i]) : 0;
                    }
                    return busy;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** utime + stime + cutime + cstime of /proc/self/stat (fields 14-17; the name in field 2 may hold spaces). */
    private static long readOwnTicks() {
        try {
            String s = Files.readString(Path.of("/proc/self/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+"); // f[0] is field 3 (state)
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
