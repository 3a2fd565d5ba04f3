package org.bnn4j.inference;

import java.util.HashMap;
import java.util.Map;
import org.bnn4j.data.ClusterConfig;
import org.bnn4j.data.ClusterData;
import org.bnn4j.inference.mcmc.ChainStatistics;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.mcmc.Metric;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.model.LayerwiseNormalPrior;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.model.Prior;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;

/**
 * Experiment driver for NUTS on the seed clusters (not a test): one fit with {@code key=value} settings, printing
 * the cluster experiment's figures, R-hat / ESS over the test inputs, leapfrog steps per second and per-chain
 * statistics. Keys: warmup, samples, chains (defaults 500, 500, 4), depth (10), accept (0.8), metric
 * (DIAGONAL|DENSE), seed (0), init (default|map), std (true: standardise the data), hidden (50), priorkind
 * (normal|layerwise) and prior (its scale, 1). Used for the prior and chain-scaling measurements in
 * docs/benchmarks.md and docs/user-guide.md, e.g.
 * {@code java -cp <test classpath> org.bnn4j.inference.NutsProbe priorkind=layerwise prior=5 chains=2}.
 */
public final class NutsProbe {

    private NutsProbe() {
    }

    /** @param args the settings, {@code key=value} */
    public static void main(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (String s : args) {
            String[] kv = s.split("=", 2);
            o.put(kv[0], kv[1]);
        }
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "500"));
        int samples = Integer.parseInt(o.getOrDefault("samples", "500"));
        int chains = Integer.parseInt(o.getOrDefault("chains", "4"));
        double scale = Double.parseDouble(o.getOrDefault("prior", "1"));
        ClusterData data = ClusterData.generate(ClusterConfig.defaults());
        NetworkSpec spec = NetworkSpec.builder(1, 1).hidden(Integer.parseInt(o.getOrDefault("hidden", "50"))).build();
        Prior prior = o.getOrDefault("priorkind", "normal").equals("layerwise") ? new LayerwiseNormalPrior(scale)
                : new NormalPrior(scale);
        BayesianModel model = new BayesianModel(new FeedForwardNetwork(spec), prior, new HeteroskedasticGaussian());
        McmcConfig cfg = McmcConfig.builder().numWarmup(warmup).numSamples(samples).numChains(chains)
                .maxTreeDepth(Integer.parseInt(o.getOrDefault("depth", "10")))
                .targetAccept(Double.parseDouble(o.getOrDefault("accept", "0.8")))
                .metric(Metric.valueOf(o.getOrDefault("metric", "DIAGONAL")))
                .seed(Long.parseLong(o.getOrDefault("seed", "0"))).build();
        McmcInitialization init = o.getOrDefault("init", "default").equals("map") ? McmcInitialization.map()
                : McmcInitialization.networkDefault();
        long t0 = System.nanoTime();
        SamplePosterior post = (SamplePosterior) new McmcInference(cfg, init).fit(model, data.train(),
                FitOptions.defaults().withStandardize(!o.getOrDefault("std", "true").equals("false")));
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("true model's test NLL %.4f%n", data.oracleTestNll());
        ClusterFigures f = ClusterFigures.of(post, data);
        StringBuilder al = new StringBuilder();
        for (double a : f.aleatoricStd()) {
            al.append(String.format(" %.4f", a));
        }
        SamplePosterior.PredictiveConvergence conv = post.convergence(data.test().x());
        McmcInference.McmcDiagnostics diag = (McmcInference.McmcDiagnostics) post.diagnostics();
        System.out.printf("%s%n  %.1f s NLL %.3f ale%s epi c %.4f g %.4f o %.4f gap/c %.2f out/c %.2f rhat %.3f "
                        + "ess %.1f lf/s %.0f%n  %s%n", o, secs, f.nll(), al, f.epiCluster(), f.epiGap(),
                f.epiOutside(),
                f.gapRatio(), f.outsideRatio(), conv.rhatMax(), conv.essMin(), diag.totalLeapfrogSteps() / secs,
                diag.summary());
        for (ChainStatistics cs : diag.chains()) {
            System.out.println("  " + cs);
        }
    }
}
