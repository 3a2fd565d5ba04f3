package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.bnn4j.datasets.Cluster;
import org.bnn4j.datasets.ClusterConfig;
import org.bnn4j.datasets.ClusterData;
import org.bnn4j.datasets.Region;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.predictive.Metrics;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cluster experiment of the seed notebook (cos clusters, seed 906) with SVI at its default settings: the
 * regression test of the defaults documented in docs/svi-defaults.md.
 */
@Tag("slow")
class ClusterDemoTest {

    /** Result figures of one run. */
    record Figures(double testNll, double[] aleatoric, double epistemicGap, double epistemicCluster,
                   double epistemicOutside, double msPerEpoch) {
        double ratio() {
            return epistemicGap / epistemicCluster;
        }

        @Override
        public String toString() {
            return String.format("NLL %.3f, aleatoric %s, epistemic gap %.4f cluster %.4f ratio %.2f outside/cluster "
                            + "%.2f, %.3f ms/epoch",
                    testNll, java.util.Arrays.toString(java.util.Arrays.stream(aleatoric)
                            .map(v -> Math.round(v * 1e4) / 1e4).toArray()), epistemicGap, epistemicCluster, ratio(),
                    epistemicOutside / epistemicCluster, msPerEpoch);
        }
    }

    /** Harness switch: the data seed of {@link #run} (the demo's is 906). */
    private static long dataSeed = ClusterConfig.DEFAULT_SEED;

    /** Harness switch: print the epistemic profile and loss trace of each run. */
    private static boolean profile;

    /** Epochs the last run of {@link #run} took. */
    static int lastEpochs;

    /** Harness switch: write the per-epoch ELBO, NLL, KL and KL weight of each run to this CSV file. */
    private static String tracePath;

    static Figures run(SviConfig config, boolean standardize, BayesianModel model) {
        return run(config, standardize, false, model);
    }

    /**
     * @param standardizeYOnly fit on raw x and standardised y (by hand here; predictions mapped back), ignoring
     *                         {@code standardize}
     */
    static Figures run(SviConfig config, boolean standardize, boolean standardizeYOnly, BayesianModel model) {
        ClusterData data = ClusterData.generate(ClusterConfig.builder().seed(dataSeed).build());
        org.bnn4j.data.Dataset train = data.train();
        double ym = 0;
        double ys = 1;
        if (standardizeYOnly) {
            double[] y = train.yArray();
            ym = java.util.Arrays.stream(y).average().orElseThrow();
            double mm = ym;
            ys = Math.sqrt(java.util.Arrays.stream(y).map(v -> (v - mm) * (v - mm)).sum() / y.length);
            double ss = ys;
            train = org.bnn4j.data.Dataset.of(train.xArray(),
                    java.util.Arrays.stream(y).map(v -> (v - mm) / ss).toArray(), train.size(), 1, 1);
            standardize = false;
        }
        org.bnn4j.inference.Posterior q = new Svi(config).fit(model, train,
                org.bnn4j.inference.FitOptions.defaults().withStandardize(standardize));
        double[] shift = {ym};
        double[] scale = {ys};
        PredictiveDistribution test = q.predict(data.test().x(), 100, new SplittableRandom(1)).affine(shift, scale);
        double nll = Metrics.nll(test, data.test().y());
        PredictiveDistribution grid = q.predict(data.grid().x(), 100, new SplittableRandom(2)).affine(shift, scale);
        double[] gx = data.grid().xArray();
        double[] alea = grid.aleatoricVariance().toDoubleVector();
        double[] epi = grid.epistemicVariance().toDoubleVector();
        Region[] reg = data.gridRegions();
        List<Cluster> cl = data.clusters();
        double[] aleaStd = new double[cl.size()];
        for (int c = 0; c < cl.size(); c++) {
            double s = 0;
            int n = 0;
            for (int i = 0; i < gx.length; i++) {
                if (gx[i] >= cl.get(c).lo() && gx[i] <= cl.get(c).hi()) {
                    s += alea[i];
                    n++;
                }
            }
            aleaStd[c] = Math.sqrt(s / n);
        }
        double gap = 0;
        double in = 0;
        double out = 0;
        int ng = 0;
        int ni = 0;
        int no = 0;
        for (int i = 0; i < gx.length; i++) {
            if (reg[i] == Region.GAP) {
                gap += epi[i];
                ng++;
            } else if (reg[i] == Region.CLUSTER) {
                in += epi[i];
                ni++;
            } else {
                out += epi[i];
                no++;
            }
        }
        if (tracePath != null) {
            SviDiagnostics dd = (SviDiagnostics) q.diagnostics();
            StringBuilder csv = new StringBuilder("epoch,elbo,nll,kl,klWeight\n");
            for (int e = 0; e < dd.elbo().length; e++) {
                csv.append(e).append(',').append(dd.elbo()[e]).append(',').append(dd.nll()[e]).append(',')
                        .append(dd.kl()[e]).append(',').append(dd.klWeight()[e]).append('\n');
            }
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(tracePath), csv);
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }
        if (profile) {
            StringBuilder sb = new StringBuilder("epi profile:");
            for (double lo = -6.5; lo < 8.5; lo += 0.5) {
                double s = 0;
                int n = 0;
                for (int i = 0; i < gx.length; i++) {
                    if (gx[i] >= lo && gx[i] < lo + 0.5) {
                        s += epi[i];
                        n++;
                    }
                }
                sb.append(String.format(" %.1f:%.4f", lo, Math.sqrt(s / n)));
            }
            System.out.println(sb);
            SviDiagnostics dd = (SviDiagnostics) q.diagnostics();
            StringBuilder tr = new StringBuilder("trace:");
            double[] tn = dd.nll();
            double[] tk = dd.kl();
            for (int e = 0; e < tn.length; e += tn.length / 16) {
                tr.append(String.format(" %d:%.0f/%.0f", e, tn[e], tk[e]));
            }
            System.out.println(tr);
        }
        SviDiagnostics d = (SviDiagnostics) q.diagnostics();
        lastEpochs = d.elbo().length;
        return new Figures(nll, aleaStd, Math.sqrt(gap / ng), Math.sqrt(in / ni), Math.sqrt(out / no),
                d.millisPerEpoch());
    }

    /** The cluster demo's model for SVI: 1-50-1 tanh, heteroskedastic, {@code LayerwiseNormalPrior(10)} (the CLI's default). */
    static BayesianModel demoModel() {
        BayesianModel m = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(50).build());
        return new BayesianModel(m.network(), new org.bnn4j.model.LayerwiseNormalPrior(10), m.likelihood());
    }

    /**
     * The targets, as written, for {@link SviConfig#defaults()} on the demo's model at eight fit seeds: a
     * default that met them on one lucky seed would not be a default (fit seed 906, the CLI's, is checked end to
     * end by bnn-examples' ClustersSviDemoTest).
     */
    @Test
    void defaultsMeetTheClusterTargetsOnEveryFitSeed() {
        double[] trueStd = {0.01, 0.25, 0.05, 0.01};
        List<org.junit.jupiter.api.function.Executable> checks = new java.util.ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (long seed = 0; seed < 8; seed++) {
            Figures f = run(SviConfig.defaults().toBuilder().seed(seed).build(), true, demoModel());
            System.err.println("SVI defaults on clusters, fit seed " + seed + ": " + f);
            all.append("\n  seed ").append(seed).append(": ").append(f);
            long s = seed;
            checks.add(() -> assertTrue(f.testNll() <= -1.0, "seed " + s + ": test NLL " + f));
            for (int c = 0; c < trueStd.length; c++) {
                int cc = c;
                double a = f.aleatoric()[c];
                boolean ok = trueStd[c] == 0.01 ? a <= 0.02 : a <= 2 * trueStd[c] && a >= trueStd[c] / 2;
                checks.add(() -> assertTrue(ok, "seed " + s + ": cluster " + cc + " aleatoric std " + a + " vs true "
                        + trueStd[cc]));
            }
            checks.add(() -> assertTrue(f.ratio() >= 1.5, "seed " + s + ": epistemic gap/cluster ratio " + f.ratio()));
        }
        org.junit.jupiter.api.Assertions.assertAll("SVI defaults on the clusters:" + all, checks.stream());
    }

    /**
     * Experiment driver: one fit of {@link SviConfig#defaults()} with {@code key=value} overrides (lr, epochs, k,
     * lrt, loc, slope, init, max, decay, decayf, seed, data (the data seed), guide, warm, kl=warm,final,weight,
     * batch, layerwise, normal,
     * hidden=50,50, std, stdy = standardise y only, profile=true = also print the epistemic std per 0.5-wide bin of
     * x and the loss trace), printing the figures. The model starts as 1-50-1 with {@code NormalPrior(1)}; the demo's
     * prior is {@code layerwise=10}.
     *
     * @param args the overrides
     */
    public static void main(String[] args) {
        SviConfig.Builder b = SviConfig.defaults().toBuilder();
        boolean std = true;
        boolean stdy = false;
        BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(50).build());
        for (String a : args) {
            String[] kv = a.split("=");
            switch (kv[0]) {
                case "lr" -> b.learningRate(Double.parseDouble(kv[1]));
                case "epochs" -> b.epochs(Integer.parseInt(kv[1]));
                case "k" -> b.particles(Integer.parseInt(kv[1]));
                case "lrt" -> b.localReparameterization(Boolean.parseBoolean(kv[1]));
                case "loc" -> b.locInitRange(Double.parseDouble(kv[1]));
                case "init" -> b.initScale(Double.parseDouble(kv[1]));
                case "slope" -> b.unitSlope(Double.parseDouble(kv[1]));
                case "max" -> b.maxScale(Double.parseDouble(kv[1]));
                case "decay" -> b.finalLearningRateFraction(Double.parseDouble(kv[1]));
                case "decayf" -> b.decayFraction(Double.parseDouble(kv[1]));
                case "seed" -> b.seed(Long.parseLong(kv[1]));
                case "data" -> dataSeed = Long.parseLong(kv[1]);
                case "guide" -> b.guide(Guide.parse(kv[1]));
                case "warm" -> b.klSchedule(new KlSchedule(Double.parseDouble(kv[1]), 0.05, 1e-3));
                case "batch" -> b.batchSize(Integer.parseInt(kv[1]));
                case "layerwise" -> model = new BayesianModel(model.network(),
                        new org.bnn4j.model.LayerwiseNormalPrior(Double.parseDouble(kv[1])), model.likelihood());
                case "normal" -> model = new BayesianModel(model.network(),
                        new org.bnn4j.model.NormalPrior(Double.parseDouble(kv[1])), model.likelihood());
                case "hidden" -> model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(
                        java.util.Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray()).build());
                case "kl" -> {
                    String[] p = kv[1].split(",");
                    b.klSchedule(new KlSchedule(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2])));
                }
                case "std" -> std = Boolean.parseBoolean(kv[1]);
                case "stdy" -> stdy = Boolean.parseBoolean(kv[1]);
                case "profile" -> profile = Boolean.parseBoolean(kv[1]);
                case "trace" -> tracePath = kv[1];
                case "stop" -> {
                    String[] p = kv[1].split(",");
                    b.stopping(org.bnn4j.inference.optim.StoppingRule.plateau().toBuilder()
                            .window(Integer.parseInt(p[0])).tolerance(Double.parseDouble(p[1]))
                            .minEpochs(Integer.parseInt(p[2])).finalPhase(Double.parseDouble(p[3])).build());
                }
                case "nostop" -> b.stopping(org.bnn4j.inference.optim.StoppingRule.none());
                default -> throw new IllegalArgumentException(a);
            }
        }
        long c0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        Figures f = run(b.build(), std, stdy, model);
        double cpu = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0) / 1e9;
        System.out.println(java.util.Arrays.toString(args) + " -> " + f + String.format(", %d epochs, %.2f s cpu "
                + "(fit + report)", lastEpochs, cpu));
    }
}
