package org.bnn4j.spark.train;


import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.UciDataset;
import org.bnn4j.datasets.UciFixtures;
import org.bnn4j.datasets.UciSplit;
import org.bnn4j.examples.uci.UciCommand;
import org.bnn4j.examples.uci.UciInference;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.inference.svi.SviDiagnostics;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.Activation;
import org.bnn4j.predictive.Metrics;
import org.bnn4j.predictive.PredictiveDistribution;
import org.bnn4j.spark.Synthetic;

/**
 * The measurement behind docs/spark.md's training figures: one single-JVM fit and one data-parallel fit of the same
 * config, with their test log-likelihoods, final ELBOs (SVI) and milliseconds per optimiser step.
 *
 * <p>{@code java -cp <test classpath> org.bnn4j.spark.train.TrainingComparison MASTER DATA METHOD EPOCHS BATCH
 * PARTICLES PARTITIONS}, e.g. {@code local[2] yacht svi 8000 0 1 2} or {@code local[2] kin8nm map 4000 0 1 2}.
 */
public final class TrainingComparison {

    private TrainingComparison() {
    }

    /** @param args master, yacht|kin8nm, map|svi, epochs, batch size (0 = full), particles, partitions */
    public static void main(String[] args) {
        String master = args[0];
        String data = args[1];
        String method = args[2];
        int epochs = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        int particles = Integer.parseInt(args[5]);
        int partitions = Integer.parseInt(args[6]);
        Dataset train;
        Dataset test;
        if (data.equals("yacht")) {
            UciSplit s = UciDataset.load(UciFixtures.sharedDir().resolve("yacht")).split(0);
            train = s.train();
            test = s.test();
        } else {
            train = Synthetic.data(8192, 31);
            test = Synthetic.data(2000, 32);
        }
        UciInference kind = method.equals("svi") ? UciInference.SVI : UciInference.MAP;
        BayesianModel model = UciCommand.model(train.inDim(), 50, Activation.RELU, false, kind);
        SviConfig sc = SviConfig.builder().epochs(epochs).learningRate(5e-3).finalLearningRateFraction(0.05)
                .decayFraction(0.25).batchSize(batch).particles(particles).localReparameterization(false).seed(3)
                .build();
        OptimizerConfig oc = OptimizerConfig.builder().epochs(epochs).batchSize(batch).seed(3).build();
        long t0 = System.nanoTime();
        Posterior one = method.equals("svi") ? new Svi(sc).fit(model, train, FitOptions.defaults())
                : new MaximumAPosteriori(oc).fit(model, train, FitOptions.defaults());
        double oneMs = (System.nanoTime() - t0) / 1e6;
        SparkSession spark = SparkSession.builder().master(master).appName("training-comparison")
                .config("spark.ui.enabled", "false").getOrCreate();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Posterior dist;
        double distMs;
        try (DistributedData d = DistributedData.of(jsc, train, partitions, true)) {
            long t1 = System.nanoTime();
            dist = method.equals("svi") ? new DataParallelSvi(sc).fit(model, d, List.of())
                    : DataParallelMap.map(oc).fit(model, d, List.of());
            distMs = (System.nanoTime() - t1) / 1e6;
        }
        int steps = epochs * (batch == 0 ? 1 : (train.size() + batch - 1) / batch);
        int passes = method.equals("svi") ? steps : steps + (batch == 0 ? 1 : epochs);
        System.out.printf(Locale.ROOT, "%s %s epochs=%d batch=%d particles=%d partitions=%d master=%s%n", data,
                method, epochs, batch, particles, partitions, master);
        System.out.printf(Locale.ROOT, "test LL: single JVM %.4f, data-parallel %.4f%n", ll(one, test), ll(dist, test));
        if (one.diagnostics() instanceof SviDiagnostics a && dist.diagnostics() instanceof SviDiagnostics b) {
            System.out.printf(Locale.ROOT, "final ELBO (mean of last 10%%): single JVM %.2f, data-parallel %.2f%n",
                    tail(a.elbo()), tail(b.elbo()));
        }
        System.out.printf(Locale.ROOT, "ms per step: single JVM %.3f, data-parallel %.3f (%d passes)%n",
                oneMs / steps, distMs / passes, passes);
        spark.stop();
    }

    private static double ll(Posterior p, Dataset test) {
        PredictiveDistribution pd = p.predict(test.x(), 100, new SplittableRandom(1));
        return Metrics.meanLogPredictiveDensity(pd, test.y());
    }

    private static double tail(double[] v) {
        int from = v.length - Math.max(1, v.length / 10);
        double s = 0;
        for (int i = from; i < v.length; i++) {
            s += v[i];
        }
        return s / (v.length - from);
    }

}
