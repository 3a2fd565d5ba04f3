package org.bnn4j.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The side-by-side comparison of one bench run: the Python reference's figures (Pyro 1.8.6 + TyXe) picked from its
 * JSON, the ratios of those to bnn4j's figures of the same run, and whether the machine was quiet enough for the
 * ratios to mean anything. Nothing here is a quoted constant: every ratio divides two figures measured in the run.
 */
final class SideBySide {

    /** Load average at the start above which the machine is not quiet (the reference's threads slow ~2.3x then). */
    static final double MAX_START_LOAD = 1.0;
    /**
     * Cores other processes may keep busy during a side. One other busy task on two cores takes at least half a
     * core from a side that uses both, so 0.5 flags a foreign load of about 1.
     */
    static final double MAX_OTHER_CORES = 0.5;
    /**
     * Largest factor between the two sides' mean leapfrog steps per iteration at which their time per iteration is
     * compared: beyond it the ratio measures the trees' sizes, not the code.
     */
    static final double MAX_STEPS_PER_ITERATION_RATIO = 2;
    /** Kept draws per chain below which an ESS figure is too rough to compare. */
    static final int MIN_ESS_DRAWS = 100;
    /** Goals: bnn4j's speed-up over the reference. */
    static final double GOAL_SVI_EPOCH = 25;
    static final double GOAL_SVI_FIT = 10;
    /** The test NLL of the time-to-quality goal: bnn4j's default fit must reach it within 1/GOAL_SVI_FIT of TyXe's. */
    static final double GOAL_SVI_FIT_NLL = FitCases.TARGET_NLL;
    static final double GOAL_PREDICT = 6;

    private SideBySide() {
    }

    /**
     * One ratio of the run.
     *
     * @param key       short name in bench.json
     * @param figure    what is compared
     * @param bnn4j     bnn4j's figure
     * @param reference the reference's figure, same unit
     * @param unit      the unit of both
     * @param speedup   how many times faster (or, for ESS per second, better) bnn4j is; NaN when not comparable
     * @param note      how each side's figure was obtained, and why it is not comparable when it is not
     * @param goal      the goal, or null
     * @param goalMet   whether the goal is met, or null when there is none or the ratio is not comparable
     */
    record Ratio(String key, String figure, double bnn4j, double reference, String unit, double speedup, String note,
                 String goal, Boolean goalMet) {

        /** @return the ratio as a JSON-ready map */
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("figure", figure);
            m.put("bnn4j", bnn4j);
            m.put("reference", reference);
            m.put("unit", unit);
            m.put("speedup", speedup);
            m.put("note", note);
            m.put("goal", goal);
            m.put("goalMet", goalMet);
            return m;
        }
    }

    /**
     * Picks the figures the bench compares from the reference's JSON results.
     *
     * @param grad its {@code results.grad}, or null if not run
     * @param svi  its {@code results.svi}, or null
     * @param nuts its {@code results.nuts}, or null
     * @param nutsArgs the NUTS run's warm-up and kept iterations, {@code [warmup, samples]}, or null
     * @return the figures, JSON-ready, one entry per variant that ran
     */
    static Map<String, Object> referenceFigures(Map<String, Object> grad, Map<String, Object> svi,
                                                Map<String, Object> nuts, int[] nutsArgs) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (grad != null) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("pyroGradMicros", num(grad.get("pyro_grad_us")));
            g.put("torchGradMicros", num(grad.get("torch_grad_us")));
            g.put("pyroGradMicrosBestBlock", num(grad.get("pyro_grad_us_best_block")));
            g.put("torchGradMicrosBestBlock", num(grad.get("torch_grad_us_best_block")));
            g.put("calls", grad.get("grad_calls"));
            m.put("grad", g);
        }
        if (svi != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("epochs", num(svi.get("units")));
            s.put("msPerEpoch", num(svi.get("ms_per_epoch")));
            s.put("fitSeconds", num(svi.get("fit_s")));
            s.put("testNll", num(svi.get("test_nll_mix")));
            s.put("testRmse", num(svi.get("test_rmse")));
            s.put("predictSamples", num(svi.get("S")));
            s.put("predictMillis", 1e3 * num(svi.get("predict_s")));
            m.put("svi", s);
        }
        if (nuts != null) {
            Map<String, Object> n = new LinkedHashMap<>();
            double fit = num(nuts.get("fit_s"));
            double steps = num(nuts.get("potential_evals_total"));
            n.put("chains", 1);
            n.put("warmup", nutsArgs == null ? Double.NaN : nutsArgs[0]);
            n.put("samples", nutsArgs == null ? Double.NaN : nutsArgs[1]);
            n.put("fitSeconds", fit);
            n.put("secondsPerIteration", num(nuts.get("s_per_iter")));
            n.put("leapfrogSteps", steps);
            n.put("microsPerLeapfrogStep", 1e6 * fit / steps);
            n.put("sampleLeapfrogStepsPerIteration", num(nuts.get("sample_leapfrog_mean")));
            n.put("stepSize", num(nuts.get("step_size")));
            n.put("essMin", num(nuts.get("ess_pred_mean_min")));
            n.put("essPerSecond", num(nuts.get("ess_pred_mean_min")) / fit);
            m.put("nuts", n);
        }
        return m;
    }

    /**
     * Divides the reference's figures by bnn4j's, for every case both sides ran.
     *
     * @param r   bnn4j's results (the map bench.json is built from)
     * @param ref the reference's figures from {@link #referenceFigures}
     * @return the ratios, in report order
     */
    @SuppressWarnings("unchecked")
    static List<Ratio> ratios(Map<String, Object> r, Map<String, Object> ref) {
        List<Ratio> out = new ArrayList<>();
        Map<String, Object> rs = (Map<String, Object>) ref.get("svi");
        Map<String, Object> rg = (Map<String, Object>) ref.get("grad");
        Map<String, Object> rn = (Map<String, Object>) ref.get("nuts");
        if (rs != null && r.get("sviEpochMillis") != null) {
            double b = median(r.get("sviEpochMillis"));
            double p = num(rs.get("msPerEpoch"));
            out.add(new Ratio("sviEpoch", "SVI epoch, tutorial settings (1 particle, full batch)", b, p, "ms", p / b,
                    f("TyXe: mean over one %.0f-epoch fit; bnn4j: median over fits", num(rs.get("epochs"))),
                    f(">= %.0fx", GOAL_SVI_EPOCH), met(p / b, GOAL_SVI_EPOCH)));
        }
        Map<String, Object> fit = (Map<String, Object>) r.get("sviDefaultFit");
        if (rs != null && fit != null) {
            double b = num(fit.get("fitSeconds"));
            double p = num(rs.get("fitSeconds"));
            double nll = num(fit.get("testNll"));
            out.add(new Ratio("sviDefaultFit", "default SVI fit (time)", b, p, "s", p / b,
                    f("test NLL bnn4j %.3f (%s epochs), TyXe %.3f (%.0f epochs)", nll,
                            fit.getOrDefault("epochs", "?"), num(rs.get("testNll")), num(rs.get("epochs"))),
                    null, null));
        }
        Map<String, Object> ttq = r.get("sviTimeToQuality") instanceof Map<?, ?> m
                ? (Map<String, Object>) m.get("none") : null;
        if (rs != null && ttq != null) {
            double b = num(ttq.get("secondsToTarget"));
            double p = num(rs.get("fitSeconds"));
            double pNll = num(rs.get("testNll"));
            out.add(new Ratio("sviTimeToQuality", f("time to test NLL <= %.2f, default SVI fit", GOAL_SVI_FIT_NLL),
                    b, p, "s", p / b,
                    f("bnn4j: first score at or below it (%s epochs); TyXe: its whole %.0f-epoch fit, which ends at "
                            + "%.3f%s", ttq.getOrDefault("epochsToTarget", "?"), num(rs.get("epochs")), pNll,
                            pNll <= GOAL_SVI_FIT_NLL ? "" : ", short of the target"),
                    f("<= 1/%.0f of TyXe's fit time", GOAL_SVI_FIT),
                    Double.isNaN(b) ? Boolean.FALSE : met(p / b, GOAL_SVI_FIT)));
        }
        if (rg != null && r.get("gradMicros") != null) {
            double b = median(r.get("gradMicros"));
            double p = num(rg.get("pyroGradMicros"));
            double t = num(rg.get("torchGradMicros"));
            out.add(new Ratio("gradPyro", "log-joint gradient, Pyro's NUTS potential", b, p, "us", p / b,
                    "Pyro: mean over its timed calls; bnn4j: median", null, null));
            out.add(new Ratio("gradTorch", "log-joint gradient, plain torch autograd", b, t, "us", t / b,
                    "torch: mean over its timed calls; bnn4j: median", null, null));
        }
        if (rs != null && r.get("predictMillis") != null) {
            double b = median(r.get("predictMillis"));
            double p = num(rs.get("predictMillis"));
            out.add(new Ratio("predict", "prediction, 100 samples x 1901 points", b, p, "ms", p / b,
                    "TyXe: one timed call pair after its SVI fit (1501 grid + 400 test points); bnn4j: median",
                    f(">= %.0fx", GOAL_PREDICT), met(p / b, GOAL_PREDICT)));
        }
        Map<String, Object> nuts = (Map<String, Object>) r.get("nuts");
        if (rn != null && nuts != null) {
            addNuts(out, nuts, rn);
        }
        return out;
    }

    private static void addNuts(List<Ratio> out, Map<String, Object> nuts, Map<String, Object> rn) {
        double secs = num(nuts.get("fitSeconds"));
        double chains = num(nuts.get("chains"));
        double iters = chains * (num(nuts.get("warmup")) + num(nuts.get("samples")));
        double steps = num(nuts.get("totalLeapfrogSteps"));
        String sides = f("bnn4j: %.0f chains on the machine's cores, wall time over all chains' steps; Pyro: one "
                + "chain", chains);
        double bStep = 1e6 * secs / steps;
        double pStep = num(rn.get("microsPerLeapfrogStep"));
        out.add(new Ratio("nutsLeapfrogStep", "NUTS, time per leapfrog step", bStep, pStep, "us", pStep / bStep,
                sides + ", warm-up included", null, null));
        double bIter = secs / iters;
        double pIter = num(rn.get("secondsPerIteration"));
        double bDepth = steps / iters;
        double pDepth = num(rn.get("leapfrogSteps")) / (num(rn.get("warmup")) + num(rn.get("samples")));
        boolean alike = bDepth <= MAX_STEPS_PER_ITERATION_RATIO * pDepth
                && pDepth <= MAX_STEPS_PER_ITERATION_RATIO * bDepth;
        out.add(new Ratio("nutsIteration", "NUTS, time per iteration", bIter, pIter, "s",
                alike ? pIter / bIter : Double.NaN,
                f("%s; leapfrog steps per iteration, warm-up included: bnn4j %.0f, Pyro %.0f%s; the posteriors differ "
                        + "(bnn4j prior %s, Pyro normal:1)", sides, bDepth, pDepth, alike ? ""
                        : f(" (not compared: more than %.0fx apart)", MAX_STEPS_PER_ITERATION_RATIO),
                        nuts.getOrDefault("prior", "?")), null, null));
        double bEss = num(nuts.get("essPerSecond"));
        double pEss = num(rn.get("essPerSecond"));
        boolean comparable = num(nuts.get("samples")) >= MIN_ESS_DRAWS && num(rn.get("samples")) >= MIN_ESS_DRAWS;
        out.add(new Ratio("nutsEssPerSecond", "NUTS, min ESS of the predictive mean per second", bEss, pEss, "1/s",
                comparable ? bEss / pEss : Double.NaN,
                f("bnn4j: min bulk ESS over the 400 test inputs, %.0f chains; Pyro: min over 6 grid points, one "
                        + "chain%s", chains, comparable ? "" : f("; not compared: needs >= %d kept draws per chain "
                        + "on both sides", MIN_ESS_DRAWS)), null, null));
    }

    /**
     * Whether the machine was quiet enough for the ratios to compare the two libraries rather than the load.
     *
     * @param startLoad the 1-minute load average before the first side ran
     * @param spans     the load around every side
     * @return a one-line warning, or null when the machine was quiet
     */
    static String loadWarning(double startLoad, List<LoadProbe.Span> spans) {
        List<String> why = new ArrayList<>();
        if (startLoad > MAX_START_LOAD) {
            why.add(f("load average %.2f at the start", startLoad));
        }
        double worst = 0;
        String where = null;
        for (LoadProbe.Span s : spans) {
            if (s.otherCores() > worst) {
                worst = s.otherCores();
                where = s.caseName() + " (" + s.side() + ")";
            }
        }
        if (worst > MAX_OTHER_CORES) {
            why.add(f("other processes kept %.2f cores busy during %s", worst, where));
        }
        if (why.isEmpty()) {
            return null;
        }
        return "WARNING: the machine was not quiet (" + String.join("; ", why) + f("; limits: load %.1f, %.1f other "
                + "cores): ratios are not comparable, re-run on a quiet machine", MAX_START_LOAD, MAX_OTHER_CORES);
    }

    /** @return whether the speed-up reaches the goal, or null when the speed-up is not a number */
    private static Boolean met(double speedup, double goal) {
        return Double.isNaN(speedup) ? null : speedup >= goal;
    }

    @SuppressWarnings("unchecked")
    private static double median(Object timing) {
        return num(((Map<String, Object>) timing).get("median"));
    }

    static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
