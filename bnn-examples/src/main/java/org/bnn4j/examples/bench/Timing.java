package org.bnn4j.examples.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall-clock statistics of one benchmark case: median and spread over repetitions after warm-up.
 *
 * @param median median time per repetition, in the case's unit
 * @param p10    10th percentile
 * @param p90    90th percentile
 * @param min    fastest repetition
 * @param reps   number of timed repetitions
 * @param unit   unit of the figures ("us", "ms", "s")
 */
public record Timing(double median, double p10, double p90, double min, int reps, String unit) {

    /** Work measured by {@link #measure}. */
    @FunctionalInterface
    public interface Case {
        /** Runs one repetition. @throws Exception if the case fails */
        void run() throws Exception;
    }

    /**
     * Runs at least {@code warmup} untimed repetitions and keeps warming up until {@code warmupSeconds} have passed,
     * then timed ones until {@code maxReps} or {@code budgetSeconds} (at least {@code minReps}). Warm-up by time
     * matters in a fresh JVM: the cluster-net prediction runs ~3x slower for its first ~1.5 s, until C2 has compiled its
     * loops (docs/benchmarks.md).
     *
     * @param c             the work
     * @param warmup        fewest untimed repetitions
     * @param warmupSeconds shortest warm-up time
     * @param minReps       fewest timed repetitions, {@code >= 1}
     * @param maxReps       most timed repetitions
     * @param budgetSeconds time budget of the timed phase
     * @param unitNanos     nanoseconds per reported unit (1e3 for us, 1e6 for ms)
     * @param unit          the unit's name
     * @return the statistics
     * @throws Exception if the case fails
     */
    public static Timing measure(Case c, int warmup, double warmupSeconds, int minReps, int maxReps,
                                 double budgetSeconds, double unitNanos, String unit) throws Exception {
        if (minReps < 1 || maxReps < minReps) {
            throw new IllegalArgumentException("need 1 <= minReps <= maxReps but were " + minReps + ", " + maxReps);
        }
        long w0 = System.nanoTime();
        for (int i = 0; i < warmup || System.nanoTime() - w0 < warmupSeconds * 1e9; i++) {
            c.run();
        }
        double[] t = new double[maxReps];
        int n = 0;
        long start = System.nanoTime();
        while (n < maxReps && (n < minReps || System.nanoTime() - start < budgetSeconds * 1e9)) {
            long s = System.nanoTime();
            c.run();
            t[n++] = (System.nanoTime() - s) / unitNanos;
        }
        double[] v = Arrays.copyOf(t, n);
        Arrays.sort(v);
        return new Timing(quantile(v, 0.5), quantile(v, 0.1), quantile(v, 0.9), v[0], n, unit);
    }

    /** Linear-interpolation quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** @return the figures as a JSON-ready map */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", median);
        m.put("p10", p10);
        m.put("p90", p90);
        m.put("min", min);
        m.put("reps", reps);
        m.put("unit", unit);
        return m;
    }
}
