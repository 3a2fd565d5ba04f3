package org.bnn4j.inference;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.bnn4j.datasets.ClusterConfig;
import org.bnn4j.datasets.ClusterData;
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
 * the cluster experiment's figures, R-hat / ESS over the test inputs, leapfrog steps, the process CPU time of the
 * fit, ESS per CPU second and per 1000 leapfrog steps, per-chain statistics, and how far the chains' own
 * predictive means at the test inputs lie apart (in units of the within-chain standard deviation). Keys: warmup,
 * samples, chains (defaults 500, 500, 4), depth (10), accept (0.8), metric (DIAGONAL|DENSE|LOW_RANK), seed (0), init
 * (default|map), param (FULL|MARGINAL_MEAN_HEAD|AUTO), std (true: standardise the data), hidden (50), priorkind
 * (normal|layerwise) and prior (its scale, 1). Used for the measurements in docs/benchmarks.md and
 * docs/user-guide.md, e.g.
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
        long cpu0 = processCpuNanos();
        McmcInference.Parameterization param = McmcInference.Parameterization.valueOf(
                o.getOrDefault("param", "FULL"));
        SamplePosterior post = (SamplePosterior) new McmcInference(cfg, init, param).fit(model, data.train(),
                FitOptions.defaults().withStandardize(!o.getOrDefault("std", "true").equals("false")));
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("true model's test NLL %.4f%n", data.oracleTestNll());
        ClusterFigures f = ClusterFigures.of(post, data);
        StringBuilder al = new StringBuilder();
        for (double a : f.aleatoricStd()) {
            al.append(String.format(" %.4f", a));
        }
        SamplePosterior.PredictiveConvergence conv = post.convergence(data.test().x());
        McmcInference.McmcDiagnostics diag = (McmcInference.McmcDiagnostics) post.diagnostics();
        long steps = diag.totalLeapfrogSteps();
        System.out.printf("%s%n  %.1f s wall, %.1f s cpu, NLL %.3f ale%s epi c %.4f g %.4f o %.4f gap/c %.2f "
                        + "out/c %.2f%n  rhat %.4f ess %.1f steps %d ess/cpu-s %.2f ess/1k-steps %.3f%n  %s%n", o,
                secs, cpu, f.nll(), al, f.epiCluster(), f.epiGap(), f.epiOutside(), f.gapRatio(), f.outsideRatio(),
                conv.rhatMax(), conv.essMin(), steps, conv.essMin() / cpu, 1000.0 * conv.essMin() / steps,
                diag.summary());
        for (ChainStatistics cs : diag.chains()) {
            System.out.println("  " + cs);
        }
        chainSeparation(post, data, chains);
        if (o.containsKey("save")) {
            saveDraws(post, o.get("save"));
        }
    }

    /** Writes the draws (chain-major, standardised units) as text: a header {@code numDraws dim}, then one row each. */
    private static void saveDraws(SamplePosterior post, String path) {
        double[] d = post.draw(post.numDraws(), new SplittableRandom(0));
        int dim = d.length / post.numDraws();
        StringBuilder sb = new StringBuilder(post.numDraws() + " " + dim + "\n");
        for (int k = 0; k < post.numDraws(); k++) {
            for (int i = 0; i < dim; i++) {
                sb.append(i == 0 ? "" : " ").append(d[k * dim + i]);
            }
            sb.append('\n');
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(path), sb);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Per test input: the chains' own mean of the predictive mean, their spread (std over chains) against the
     * pooled within-chain std; prints the worst inputs, the chain means there, and the count above 0.2 (which
     * alone gives split R-hat ~ 1 + 0.2^2 / 2 = 1.02 for long chains).
     */
    private static void chainSeparation(SamplePosterior post, ClusterData data, int chains) {
        int n = post.numDraws();
        int per = n / chains;
        int b = data.test().size();
        double[] m = post.predict(data.test().x(), n, new SplittableRandom(3)).sampleMeans().data().asDouble();
        double[] tx = data.test().xArray();
        int[] cluster = data.testClusters();
        double[] ratio = new double[b];
        double[][] chainMean = new double[b][chains];
        int above = 0;
        int[] aboveByCluster = new int[data.clusters().size()];
        for (int i = 0; i < b; i++) {
            double within = 0;
            double grand = 0;
            for (int c = 0; c < chains; c++) {
                double s = 0;
                for (int t = 0; t < per; t++) {
                    s += m[(c * per + t) * b + i];
                }
                double mc = s / per;
                double v = 0;
                for (int t = 0; t < per; t++) {
                    double e = m[(c * per + t) * b + i] - mc;
                    v += e * e;
                }
                within += v / (per - 1);
                chainMean[i][c] = mc;
                grand += mc;
            }
            grand /= chains;
            double between = 0;
            for (int c = 0; c < chains; c++) {
                between += (chainMean[i][c] - grand) * (chainMean[i][c] - grand);
            }
            ratio[i] = Math.sqrt(between / Math.max(1, chains - 1)) / Math.sqrt(within / chains);
            if (ratio[i] > 0.2) {
                above++;
                aboveByCluster[cluster[i]]++;
            }
        }
        Integer[] idx = new Integer[b];
        for (int i = 0; i < b; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (p, q) -> Double.compare(ratio[q], ratio[p]));
        System.out.printf("  chain separation (sd of chain means / within-chain sd): > 0.2 at %d of %d inputs, by "
                + "cluster %s; worst:%n", above, b, java.util.Arrays.toString(aboveByCluster));
        for (int k = 0; k < Math.min(5, b); k++) {
            int i = idx[k];
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < chains; c++) {
                s.append(String.format(" %.5f", chainMean[i][c]));
            }
            System.out.printf("    x=%.3f cluster %d ratio %.2f chain means%s%n", tx[i], cluster[i], ratio[i], s);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
