package org.bnn4j.examples.clusters;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.bnn4j.datasets.ClusterConfig;
import org.bnn4j.datasets.ClusterData;
import org.bnn4j.datasets.Region;
import org.bnn4j.examples.cli.PriorChoice;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.ensemble.DeepEnsemble;
import org.bnn4j.inference.ensemble.EnsembleConfig;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.predictive.PredictiveDistribution;

/**
 * Experiment driver for deep ensembles on the cluster demo (not a test): for each data seed, one fit with
 * {@code key=value} settings, printing the figures {@code bnn clusters} reports (same {@link ClusterReport} code):
 * fit time, test NLL, aleatoric std per cluster, epistemic std gap/cluster and outside/cluster. Keys: seeds
 * (comma-separated data seeds, default 906,0,1,2), members (10, the demo's), epochs, lr, final (final lr fraction), decay,
 * anchored (false), slope (unitSlope), range (unitRange), prior (e.g. layerwise:5), fitseed (default: the data seed), threads (0),
 * repeat (1: fits per seed, for timing), progress (false: a
 * disabled ProgressBar listener, to time the listener path). Used for the measurements in docs/ensemble-defaults.md, e.g.
 * {@code java -cp <test classpath> org.bnn4j.examples.clusters.EnsembleProbe prior=layerwise:5 epochs=4000}.
 */
public final class EnsembleProbe {

    private EnsembleProbe() {
    }

    /** @param args the settings, {@code key=value} */
    public static void main(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (String s : args) {
            String[] kv = s.split("=", 2);
            o.put(kv[0], kv[1]);
        }
        OptimizerConfig d = EnsembleConfig.defaultOptimizer();
        OptimizerConfig opt = d.toBuilder()
                .epochs(Integer.parseInt(o.getOrDefault("epochs", "" + d.epochs())))
                .learningRate(Double.parseDouble(o.getOrDefault("lr", "" + d.learningRate())))
                .finalLearningRateFraction(Double.parseDouble(o.getOrDefault("final", "" + d.finalLearningRateFraction())))
                .decayFraction(Double.parseDouble(o.getOrDefault("decay", "" + d.decayFraction()))).build();
        PriorChoice prior = PriorChoice.parse(o.getOrDefault("prior", "layerwise:5"));
        int repeat = Integer.parseInt(o.getOrDefault("repeat", "1"));
        System.out.println(o);
        double worstGap = Double.POSITIVE_INFINITY;
        double worstOut = Double.POSITIVE_INFINITY;
        for (String seedText : o.getOrDefault("seeds", "906,0,1,2").split(",")) {
            long seed = Long.parseLong(seedText);
            EnsembleConfig cfg = EnsembleConfig.builder().optimizer(opt)
                    .members(Integer.parseInt(o.getOrDefault("members", "10")))
                    .anchored(Boolean.parseBoolean(o.getOrDefault("anchored", "false")))
                    .unitSlope(Double.parseDouble(o.getOrDefault("slope", "" + EnsembleConfig.DEFAULT_UNIT_SLOPE)))
                    .unitRange(Double.parseDouble(o.getOrDefault("range", "" + EnsembleConfig.DEFAULT_UNIT_RANGE)))
                    .threads(Integer.parseInt(o.getOrDefault("threads", "0")))
                    .seed(Long.parseLong(o.getOrDefault("fitseed", seedText))).build();
            ClusterData data = ClusterData.generate(ClusterConfig.builder().seed(seed).build());
            BayesianModel model = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(1, 1).hidden(50).build()),
                    prior.prior(), new HeteroskedasticGaussian());
            Posterior post = null;
            double secs = Double.POSITIVE_INFINITY;
            double cpu = Double.POSITIVE_INFINITY;
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                long c0 = os.getProcessCpuTime();
                FitOptions fo = Boolean.parseBoolean(o.getOrDefault("progress", "false"))
                        ? FitOptions.defaults().withListeners(new org.bnn4j.inference.listen.ProgressBar(System.err, false))
                        : FitOptions.defaults();
                post = new DeepEnsemble(cfg).fit(model, data.train(), fo);
                secs = Math.min(secs, (System.nanoTime() - t0) / 1e9);
                cpu = Math.min(cpu, (os.getProcessCpuTime() - c0) / 1e9);
            }
            int n = cfg.members();
            SplittableRandom rng = new SplittableRandom(seed).split();
            PredictiveDistribution grid = post.predict(data.grid().x(), n, rng.split());
            PredictiveDistribution test = post.predict(data.test().x(), n, rng.split());
            ClusterReport.TestMetrics tm = ClusterReport.testMetrics(test, data.test(), data.oracleTestNll());
            List<ClusterReport.ClusterStats> cs = ClusterReport.clusterStats(grid, data.grid(), data.clusters());
            Map<Region, ClusterReport.UncertaintyStats> rs = ClusterReport.regionStats(grid, data.grid(),
                    data.gridRegions());
            double c = rs.get(Region.CLUSTER).epistemicStd();
            double g = rs.get(Region.GAP).epistemicStd() / c;
            double out = rs.get(Region.OUTSIDE).epistemicStd() / c;
            worstGap = Math.min(worstGap, g);
            worstOut = Math.min(worstOut, out);
            StringBuilder al = new StringBuilder();
            boolean aleOk = true;
            for (ClusterReport.ClusterStats s : cs) {
                al.append(String.format(Locale.ROOT, " %.4f", s.stats().aleatoricStd()));
                aleOk &= Math.abs(s.stats().aleatoricStd() / s.trueStd() - 1) <= 0.3;
            }
            System.out.printf(Locale.ROOT, "seed %4d  fit %5.2f s (cpu %5.2f s)  NLL %.3f (oracle %.3f)  ale%s %s  epi c %.4f  "
                            + "g %.4f  o %.4f  gap/c %.2f  out/c %.2f  refits %s%n", seed, secs, cpu, tm.nll(), tm.oracleNll(), al,
                    aleOk ? "ok" : "OUT", c, g * c, out * c, g, out, post.diagnostics().summary().get("refits"));
        }
        System.out.printf(Locale.ROOT, "worst gap/c %.2f  worst out/c %.2f%n", worstGap, worstOut);
    }
}
