package org.bnn4j.examples.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The markdown table of a {@code bnn bench} run: figures, ratios to the Python reference, and the goals. */
final class BenchReport {

    /** Largest split R-hat at which an ESS figure is taken as meaningful (Vehtari et al. 2021 suggest 1.01). */
    static final double MAX_RHAT = 1.05;

    private BenchReport() {
    }

    /**
     * @param r the results map built by {@link BenchCommand}
     * @return markdown
     */
    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> machine = (Map<String, Object>) r.get("machine");
        sb.append(f("## bnn bench%s%n%n", Boolean.TRUE.equals(r.get("quick")) ? " --quick" : ""));
        sb.append(f("Machine: %s, %s logical cores, %.1f GB, %s, OMP_NUM_THREADS=%s; load average %.1f at start, "
                        + "%.1f at end; suite %.0f s.%n%n", machine.get("cpu"), machine.get("cores"),
                num(machine.getOrDefault("memoryBytes", 0L)) / 1e9, machine.get("java"), machine.get("ompNumThreads"),
                num(machine.get("loadAverageAtStart")), num(r.get("loadAverageAtEnd")), num(r.get("suiteSeconds"))));
        sb.append("### Forward + backward per kernel (ms, median [p10, p90])\n\n");
        sb.append("| net | B | N | fused | nd4j | AUTO picks | AUTO / best |\n|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> k : (List<Map<String, Object>>) r.get("forwardBackward")) {
            sb.append(f("| %s | %s | %s | %s | %s | %s | %.2f |%n", k.get("net"), k.get("batch"), k.get("n"),
                    t(k.get("fusedMillis")), t(k.get("nd4jMillis")), k.get("auto"), num(k.get("autoOverBest"))));
        }
        Map<String, Object> nuts = (Map<String, Object>) r.get("nuts");
        double grad = med(r.get("gradMicros"));
        double svi = med(r.get("sviEpochMillis"));
        double pred = med(r.get("predictMillis"));
        double ess = num(nuts.get("essPerSecond"));
        double itPerChain = num(nuts.get("nutsItersPerSecondPerChain"));
        sb.append("\n### Inference (seed clusters: 1-50-1 tanh heteroskedastic, 400 points)\n\n");
        sb.append("| figure | bnn4j (median [p10, p90]) | Python reference | speed-up | goal |\n|---|---|---|---|---|\n");
        sb.append(f("| sviEpochMillis (1 particle, full batch) | %s | %.0f-22 ms (TyXe) | %.0fx | >= %.0fx and <= %.1f ms "
                        + "(3x floor): %s |%n", t(r.get("sviEpochMillis")), Reference.SVI_EPOCH_MILLIS,
                Reference.SVI_EPOCH_MILLIS / svi, Reference.GOAL_SVI_SPEEDUP,
                Reference.GOAL_SVI_FLOOR_FACTOR * Reference.SVI_FLOOR_MILLIS,
                met(svi <= Reference.GOAL_SVI_FLOOR_FACTOR * Reference.SVI_FLOOR_MILLIS
                        && Reference.SVI_EPOCH_MILLIS / svi >= Reference.GOAL_SVI_SPEEDUP)));
        sb.append(f("| gradMicros (log joint, N = 1, B = 400) | %s | 2700-2900 us (Pyro), 700-850 us (torch) | %.1fx "
                        + "(%.1fx vs torch) | >= %.0fx: %s |%n", t(r.get("gradMicros")), Reference.GRAD_MICROS / grad,
                Reference.TORCH_GRAD_MICROS / grad, Reference.GOAL_GRAD_SPEEDUP,
                met(Reference.GRAD_MICROS / grad >= Reference.GOAL_GRAD_SPEEDUP)));
        sb.append(f("| NUTS %s chains x (%s + %s), prior %s: fit seconds | %.1f s | - | - | default 4 x (500 + 500) < "
                        + "%.0f s: %s |%n", nuts.get("chains"), nuts.get("warmup"), nuts.get("samples"),
                nuts.getOrDefault("prior", "?"),
                num(nuts.get("fitSeconds")), Reference.GOAL_NUTS_DEFAULT_SECONDS,
                isDefaultNuts(nuts) ? met(num(nuts.get("fitSeconds")) < Reference.GOAL_NUTS_DEFAULT_SECONDS)
                        : "not measured here (run --nuts-warmup 500 --nuts-samples 500)"));
        sb.append(f("| nutsItersPerSecond (all chains; per chain) | %.1f; %.1f | %.2f per chain (3.9 s/iter at depth "
                        + "10) | %.0fx per chain | - |%n", num(nuts.get("nutsItersPerSecond")), itPerChain,
                Reference.NUTS_ITERS_PER_SECOND, itPerChain / Reference.NUTS_ITERS_PER_SECOND));
        sb.append(f("| essPerSecond (min bulk ESS of predictive means / fit s) | %.2f (ESS %.0f, R-hat %.3f) | "
                        + "0.006-0.12 | %.0fx | >= %.0fx: %s |%n", ess, num(nuts.get("essMin")),
                num(nuts.get("rhatMax")), ess / Reference.ESS_PER_SECOND, Reference.GOAL_ESS_SPEEDUP,
                essVerdict(nuts, ess)));
        sb.append(f("| predictMillis (100 samples x 1901 points) | %s | 370 ms (TyXe) | %.0fx | >= %.0fx: %s |%n",
                t(r.get("predictMillis")), Reference.PREDICT_MILLIS / pred, Reference.GOAL_PREDICT_SPEEDUP,
                met(Reference.PREDICT_MILLIS / pred >= Reference.GOAL_PREDICT_SPEEDUP)));
        sb.append("\n### Memory (after full GC; off-heap = JavaCPP tracked bytes)\n\n");
        Map<String, Object> mem = (Map<String, Object>) r.get("memory");
        sb.append("| run | heap before | heap after | off-heap before | off-heap after | RSS after |\n"
                + "|---|---|---|---|---|---|\n");
        for (String key : new String[] {"svi", "nuts"}) {
            Map<String, Object> g = (Map<String, Object>) mem.get(key);
            sb.append(f("| %s | %s | %s | %s | %s | %s |%n", g.get("run"), mb(g.get("heapBeforeBytes")),
                    mb(g.get("heapAfterBytes")), mb(g.get("offHeapBeforeBytes")), mb(g.get("offHeapAfterBytes")),
                    mb(g.get("physicalAfterBytes"))));
        }
        sb.append(f("%nPeak heap (sum of pool peaks): %s.%n", mb(mem.get("peakHeapBytes"))));
        return sb.toString();
    }

    /** ESS per second only counts at the default budget with converged chains (R-hat <= 1.05). */
    private static String essVerdict(Map<String, Object> nuts, double ess) {
        double rhat = num(nuts.get("rhatMax"));
        if (!isDefaultNuts(nuts) || !(rhat <= MAX_RHAT)) {
            return f("not comparable (budget %s x (%s + %s), R-hat %.2f; needs the default budget and R-hat <= %.2f)",
                    nuts.get("chains"), nuts.get("warmup"), nuts.get("samples"), rhat, MAX_RHAT);
        }
        return met(ess / Reference.ESS_PER_SECOND >= Reference.GOAL_ESS_SPEEDUP);
    }

    private static boolean isDefaultNuts(Map<String, Object> nuts) {
        return num(nuts.get("chains")) == 4 && num(nuts.get("warmup")) == 500 && num(nuts.get("samples")) == 500;
    }

    private static String met(boolean ok) {
        return ok ? "met" : "NOT met";
    }

    @SuppressWarnings("unchecked")
    private static double med(Object timing) {
        return num(((Map<String, Object>) timing).get("median"));
    }

    @SuppressWarnings("unchecked")
    private static String t(Object timing) {
        Map<String, Object> m = (Map<String, Object>) timing;
        return f("%s [%s, %s] %s", g(num(m.get("median"))), g(num(m.get("p10"))), g(num(m.get("p90"))), m.get("unit"));
    }

    private static String g(double v) {
        return v >= 100 ? f("%.0f", v) : v >= 10 ? f("%.1f", v) : v >= 1 ? f("%.2f", v) : f("%.3f", v);
    }

    private static String mb(Object bytes) {
        return f("%.1f MB", num(bytes) / 1e6);
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
