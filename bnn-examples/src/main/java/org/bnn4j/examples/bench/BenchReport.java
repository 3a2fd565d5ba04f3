package org.bnn4j.examples.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The markdown of a {@code bnn bench} run: the load around every side, the ratios to the Python reference measured
 * in the run, bnn4j's own figures, kernels and memory. Cases the run skipped ({@code --only}) are left out.
 */
final class BenchReport {

    /** Goal for the default NUTS fit (4 x (500 + 500)): wall seconds, largest split R-hat, smallest bulk ESS. */
    static final double GOAL_NUTS_SECONDS = 120;
    static final double GOAL_NUTS_RHAT = 1.01;
    static final double GOAL_NUTS_ESS = 400;

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
        sb.append(f("Machine: %s, %s logical cores, %.1f GB, %s, OMP_NUM_THREADS=%s; suite %.0f s.%n%n",
                machine.get("cpu"), machine.get("cores"), num(machine.getOrDefault("memoryBytes", 0L)) / 1e9,
                machine.get("java"), machine.get("ompNumThreads"), num(r.get("suiteSeconds"))));
        reference(sb, (Map<String, Object>) r.get("reference"));
        load(sb, (Map<String, Object>) r.get("load"));
        ratios(sb, (List<Map<String, Object>>) r.get("ratios"));
        bnn4j(sb, r);
        if (r.get("forwardBackward") != null) {
            sb.append("\n### Forward + backward per kernel (ms, median [p10, p90])\n\n");
            sb.append("| net | B | N | fused | nd4j | AUTO picks | AUTO / best |\n|---|---|---|---|---|---|---|\n");
            for (Map<String, Object> k : (List<Map<String, Object>>) r.get("forwardBackward")) {
                sb.append(f("| %s | %s | %s | %s | %s | %s | %.2f |%n", k.get("net"), k.get("batch"), k.get("n"),
                        t(k.get("fusedMillis")), t(k.get("nd4jMillis")), k.get("auto"), num(k.get("autoOverBest"))));
            }
        }
        memory(sb, (Map<String, Object>) r.get("memory"));
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void reference(StringBuilder sb, Map<String, Object> ref) {
        if (!Boolean.TRUE.equals(ref.get("available"))) {
            Object why = ref.get("unavailable");
            sb.append(f("**Python reference not available**: %s. bnn4j's figures alone; no ratios.%n",
                    why != null ? why : "none of its runs succeeded"));
        } else {
            Map<String, Object> env = ref.get("env") instanceof Map<?, ?> e ? (Map<String, Object>) e : Map.of();
            sb.append(f("Python reference (same run, alternating with bnn4j): %s; Pyro %s, torch %s, Python %s, "
                            + "%s torch threads.%n", ref.get("script"), env.get("pyro"), env.get("torch"),
                    env.get("python"), env.get("threads")));
        }
        for (Object failure : (List<Object>) ref.getOrDefault("failures", List.of())) {
            sb.append(f("%nReference run failed: %s%n", failure));
        }
    }

    @SuppressWarnings("unchecked")
    private static void load(StringBuilder sb, Map<String, Object> load) {
        sb.append(f("%n### Load%n%nLoad average %.2f at the start, %.2f at the end. ", num(load.get("startLoadAverage")),
                num(load.get("endLoadAverage"))));
        Object warning = load.get("warning");
        sb.append(warning != null ? "**" + warning + "**" : f("Quiet: start load <= %.1f and other processes "
                + "below %.1f cores during every side.", num(load.get("maxStartLoad")), num(load.get("maxOtherCores"))));
        sb.append("\nThe load average counts the bench's own threads (NUTS chains, torch's threads) and lags by "
                + "about a minute; the last column is the CPU other processes used during each side.\n\n");
        sb.append("| case | side | seconds | load before | load after | other processes (cores) |\n"
                + "|---|---|---|---|---|---|\n");
        for (Map<String, Object> s : (List<Map<String, Object>>) load.get("sides")) {
            sb.append(f("| %s | %s | %.1f | %.2f | %.2f | %.2f |%n", s.get("case"), s.get("side"), num(s.get("seconds")),
                    num(s.get("loadBefore")), num(s.get("loadAfter")), num(s.get("otherCores"))));
        }
    }

    private static void ratios(StringBuilder sb, List<Map<String, Object>> ratios) {
        if (ratios.isEmpty()) {
            return;
        }
        sb.append("\n### Side by side (tutorial clusters: 1-50-1 tanh heteroskedastic, 400 points)\n\n");
        sb.append("| figure | bnn4j | Python reference | bnn4j faster by | goal | how measured |\n"
                + "|---|---|---|---|---|---|\n");
        for (Map<String, Object> x : ratios) {
            double speedup = num(x.get("speedup"));
            Object goal = x.get("goal");
            Object met = x.get("goalMet");
            sb.append(f("| %s | %s %s | %s %s | %s | %s | %s |%n", x.get("figure"), g(num(x.get("bnn4j"))),
                    x.get("unit"), g(num(x.get("reference"))), x.get("unit"),
                    Double.isNaN(speedup) ? "-" : f("%.1fx", speedup),
                    goal == null ? "-" : goal + ": " + (met == null ? "-" : Boolean.TRUE.equals(met) ? "met" : "NOT met"),
                    x.get("note")));
        }
    }

    @SuppressWarnings("unchecked")
    private static void bnn4j(StringBuilder sb, Map<String, Object> r) {
        sb.append("\n### bnn4j (tutorial clusters; median [p10, p90])\n\n| figure | bnn4j |\n|---|---|\n");
        if (r.get("sviEpochMillis") != null) {
            sb.append(f("| sviEpochMillis (tutorial settings: 1 particle, full batch) | %s |%n",
                    t(r.get("sviEpochMillis"))));
        }
        if (r.get("sviDefaultFit") instanceof Map<?, ?> fit) {
            sb.append(f("| sviDefaultFit (bnn clusters' default SVI, prior %s) | %.2f s, %s epochs, test NLL %.3f, "
                            + "RMSE %.4f |%n", fit.get("prior"), num(fit.get("fitSeconds")), fit.get("epochs"),
                    num(fit.get("testNll")), num(fit.get("testRmse"))));
        }
        if (r.get("sviTimeToQuality") instanceof Map<?, ?> ttq) {
            for (Map.Entry<?, ?> e : ttq.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> m) {
                    sb.append(f("| sviTimeToQuality (--stop %s) | test NLL %.2f reached at %.2f s (%s epochs); whole "
                                    + "fit %.2f s, %s epochs, test NLL %.3f |%n", e.getKey(), num(m.get("targetNll")),
                            num(m.get("secondsToTarget")), m.get("epochsToTarget"), num(m.get("fitSeconds")),
                            m.get("epochs"), num(m.get("testNll"))));
                }
            }
        }
        if (r.get("gradMicros") != null) {
            sb.append(f("| gradMicros (log joint, N = 1, B = 400) | %s |%n", t(r.get("gradMicros"))));
        }
        if (r.get("predictMillis") != null) {
            sb.append(f("| predictMillis (100 samples x 1901 points) | %s |%n", t(r.get("predictMillis"))));
        }
        if (r.get("nuts") instanceof Map<?, ?> n) {
            Map<String, Object> nuts = (Map<String, Object>) n;
            sb.append(f("| NUTS %s chains x (%s + %s), prior %s | %.1f s; %.1f iterations/s per chain; %.0f leapfrog "
                            + "steps; min bulk ESS %.0f, max R-hat %.3f, %.2f ESS/s; goal (default budget) <= %.0f s with "
                            + "R-hat <= %.2f and ESS >= %.0f: %s |%n", nuts.get("chains"), nuts.get("warmup"),
                    nuts.get("samples"), nuts.getOrDefault("prior", "?"), num(nuts.get("fitSeconds")),
                    num(nuts.get("nutsItersPerSecondPerChain")), num(nuts.get("totalLeapfrogSteps")),
                    num(nuts.get("essMin")), num(nuts.get("rhatMax")), num(nuts.get("essPerSecond")),
                    GOAL_NUTS_SECONDS, GOAL_NUTS_RHAT, GOAL_NUTS_ESS, nutsVerdict(nuts)));
        }
    }

    private static String nutsVerdict(Map<String, Object> nuts) {
        boolean defaultBudget = num(nuts.get("chains")) == 4 && num(nuts.get("warmup")) == 500
                && num(nuts.get("samples")) == 500;
        if (!defaultBudget) {
            return "not measured here (run --nuts-warmup 500 --nuts-samples 500)";
        }
        return num(nuts.get("fitSeconds")) <= GOAL_NUTS_SECONDS && num(nuts.get("rhatMax")) <= GOAL_NUTS_RHAT
                && num(nuts.get("essMin")) >= GOAL_NUTS_ESS ? "met" : "NOT met";
    }

    @SuppressWarnings("unchecked")
    private static void memory(StringBuilder sb, Map<String, Object> mem) {
        if (mem.get("svi") == null && mem.get("nuts") == null) {
            return;
        }
        sb.append("\n### Memory (after full GC; off-heap = JavaCPP tracked bytes)\n\n");
        sb.append("| run | heap before | heap after | off-heap before | off-heap after | RSS after |\n"
                + "|---|---|---|---|---|---|\n");
        for (String key : new String[] {"svi", "nuts"}) {
            if (mem.get(key) instanceof Map<?, ?> g) {
                sb.append(f("| %s | %s | %s | %s | %s | %s |%n", g.get("run"), mb(g.get("heapBeforeBytes")),
                        mb(g.get("heapAfterBytes")), mb(g.get("offHeapBeforeBytes")), mb(g.get("offHeapAfterBytes")),
                        mb(g.get("physicalAfterBytes"))));
            }
        }
        sb.append(f("%nPeak heap (sum of pool peaks): %s.%n", mb(mem.get("peakHeapBytes"))));
    }

    @SuppressWarnings("unchecked")
    private static String t(Object timing) {
        Map<String, Object> m = (Map<String, Object>) timing;
        return f("%s [%s, %s] %s", g(num(m.get("median"))), g(num(m.get("p10"))), g(num(m.get("p90"))), m.get("unit"));
    }

    /** Three significant figures or so, without exponents. */
    static String g(double v) {
        double a = Math.abs(v);
        return Double.isNaN(v) ? "-" : a >= 100 ? f("%.0f", v) : a >= 10 ? f("%.1f", v) : a >= 1 ? f("%.2f", v)
                : a >= 0.01 ? f("%.3f", v) : f("%.2g", v);
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
