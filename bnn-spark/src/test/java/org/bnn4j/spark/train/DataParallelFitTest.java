package org.bnn4j.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.UciDataset;
import org.bnn4j.datasets.UciFixtures;
import org.bnn4j.datasets.UciSplit;
import org.bnn4j.examples.uci.UciCommand;
import org.bnn4j.examples.uci.UciInference;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.OptimDiagnostics;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.inference.svi.SviDiagnostics;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.Activation;
import org.bnn4j.predictive.Metrics;
import org.bnn4j.predictive.PredictiveDistribution;
import org.bnn4j.spark.SparkTests;
import org.bnn4j.spark.Synthetic;
import org.junit.jupiter.api.Test;

/**
 * Data-parallel MAP and SVI reach the single-JVM fit's posterior: on yacht (split 0) and on a kin8nm-sized synthetic
 * set (8192 rows x 8 inputs, minibatches of 2048) the test log-likelihoods agree within 0.05 (the acceptance bound),
 * MAP's losses agree to rounding (same initialisation and minibatches), SVI's final ELBOs within their Monte Carlo
 * noise (the two fits draw different noise). Budgets are short (SVI's learning rate decays to the end so the last
 * iterates are not dominated by step noise) so the suite stays fast; {@code DataParallelConvergedTest} (slow) compares
 * fits at the UCI budgets.
 */
class DataParallelFitTest {

    /** The acceptance bound on the test log-likelihood difference (nats per point). */
    private static final double LL_BOUND = 0.05;

    private static JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(SparkTests.session().sparkContext());
    }

    private static UciSplit yacht() {
        Path uci = UciFixtures.sharedDir();
        assumeTrue(uci != null && Files.isDirectory(uci.resolve("yacht")), "shared/data/uci not found");
        return UciDataset.load(uci.resolve("yacht")).split(0);
    }

    private static double testLl(Posterior p, Dataset test) {
        PredictiveDistribution pd = p.predict(test.x(), 100, new SplittableRandom(1));
        return Metrics.meanLogPredictiveDensity(pd, test.y());
    }

    @Test
    void mapOnYachtMatchesTheSingleJvmFit() {
        UciSplit s = yacht();
        BayesianModel model = UciCommand.model(6, 50, Activation.RELU, false, UciInference.MAP);
        OptimizerConfig c = OptimizerConfig.builder().epochs(300).seed(3).build();
        Posterior one = new MaximumAPosteriori(c).fit(model, s.train(), FitOptions.defaults());
        Posterior dist;
        try (DistributedData data = DistributedData.of(jsc(), s.train(), 2, true)) {
            dist = DataParallelMap.map(c).fit(model, data, List.of());
        }
        OptimDiagnostics a = (OptimDiagnostics) one.diagnostics();
        OptimDiagnostics b = (OptimDiagnostics) dist.diagnostics();
        // same initialisation and full-batch steps; the sums' order differs, so the losses agree to rounding carried
        // over 300 Adam steps: 1e-6 relative is far above that and far below any difference of optimisation
        assertEquals(a.bestLoss(), b.bestLoss(), 1e-6 * Math.abs(a.bestLoss()));
        assertLl(one, dist, s.test(), "yacht map");
    }

    @Test
    void sviOnYachtMatchesTheSingleJvmFit() {
        UciSplit s = yacht();
        BayesianModel model = UciCommand.model(6, 50, Activation.RELU, false, UciInference.SVI);
        SviConfig c = SviConfig.builder().epochs(300).learningRate(5e-3).finalLearningRateFraction(0.05)
                .decayFraction(0.25).particles(8).localReparameterization(false).seed(3).build();
        Posterior one = new Svi(c).fit(model, s.train(), FitOptions.defaults());
        Posterior dist;
        try (DistributedData data = DistributedData.of(jsc(), s.train(), 2, true)) {
            dist = new DataParallelSvi(c).fit(model, data, List.of());
        }
        assertSameElbo((SviDiagnostics) one.diagnostics(), (SviDiagnostics) dist.diagnostics());
        assertLl(one, dist, s.test(), "yacht svi");
    }

    @Test
    void mapAndSviOnKin8nmSizedDataMatchTheSingleJvmFits() {
        Dataset train = Synthetic.data(8192, 31);
        Dataset test = Synthetic.data(2000, 32);
        BayesianModel model = UciCommand.model(8, 50, Activation.RELU, false, UciInference.SVI);
        SviConfig c = SviConfig.builder().epochs(60).learningRate(5e-3).finalLearningRateFraction(0.05)
                .decayFraction(0.25).batchSize(2048).particles(4).localReparameterization(false).seed(5).build();
        OptimizerConfig mc = OptimizerConfig.builder().epochs(40).batchSize(2048).seed(5).build();
        BayesianModel mapModel = UciCommand.model(8, 50, Activation.RELU, false, UciInference.MAP);
        Posterior sviOne = new Svi(c).fit(model, train, FitOptions.defaults());
        Posterior mapOne = new MaximumAPosteriori(mc).fit(mapModel, train, FitOptions.defaults());
        Posterior sviDist;
        Posterior mapDist;
        try (DistributedData data = DistributedData.of(jsc(), train, 4, true)) {
            sviDist = new DataParallelSvi(c).fit(model, data, List.of());
            mapDist = DataParallelMap.map(mc).fit(mapModel, data, List.of());
        }
        assertEquals(((OptimDiagnostics) mapOne.diagnostics()).bestLoss(),
                ((OptimDiagnostics) mapDist.diagnostics()).bestLoss(),
                1e-6 * Math.abs(((OptimDiagnostics) mapOne.diagnostics()).bestLoss()), "same minibatches, same losses");
        assertLl(mapOne, mapDist, test, "synthetic map");
        assertSameElbo((SviDiagnostics) sviOne.diagnostics(), (SviDiagnostics) sviDist.diagnostics());
        assertLl(sviOne, sviDist, test, "synthetic svi");
    }

    @Test
    void rejectsTheLocalReparameterization() {
        assertThrows(IllegalArgumentException.class, () -> new DataParallelSvi(SviConfig.defaults()));
    }

    private static void assertLl(Posterior one, Posterior dist, Dataset test, String what) {
        double a = testLl(one, test);
        double b = testLl(dist, test);
        System.out.printf("%s: test LL single JVM %.4f, data-parallel %.4f%n", what, a, b);
        assertEquals(a, b, LL_BOUND, what + " test LL");
    }

    /**
     * The mean ELBO over the last fifth of the epochs of two fits with different noise: equal within four standard
     * errors of the difference of the means. Each epoch's ELBO is a Monte Carlo estimate with fresh noise; its noise
     * level is estimated from the differences of consecutive epochs ({@code sd(diff) / sqrt 2}), which a slow trend
     * of the ELBO does not inflate.
     */
    private static void assertSameElbo(SviDiagnostics a, SviDiagnostics b) {
        double[] ma = tailStats(a.elbo());
        double[] mb = tailStats(b.elbo());
        double tol = 4 * Math.hypot(ma[1], mb[1]);
        System.out.printf("final ELBO single JVM %.2f +- %.2f, data-parallel %.2f +- %.2f%n", ma[0], ma[1], mb[0], mb[1]);
        assertEquals(ma[0], mb[0], tol, "final ELBO (tolerance " + tol + ")");
    }

    /** @return mean of the last fifth of the trace and its standard error from the epoch-to-epoch noise */
    private static double[] tailStats(double[] elbo) {
        int from = elbo.length - elbo.length / 5;
        int n = elbo.length - from;
        double m = 0;
        for (int i = from; i < elbo.length; i++) {
            m += elbo[i];
        }
        m /= n;
        double ss = 0;
        for (int i = from + 1; i < elbo.length; i++) {
            double d = elbo[i] - elbo[i - 1];
            ss += d * d;
        }
        double noiseSd = Math.sqrt(ss / (n - 1) / 2);
        return new double[] {m, noiseSd / Math.sqrt(n)};
    }
}
