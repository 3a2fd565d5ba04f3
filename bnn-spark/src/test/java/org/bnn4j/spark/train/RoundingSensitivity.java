package org.bnn4j.spark.train;

import java.util.Locale;
import java.util.SplittableRandom;
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
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.Activation;
import org.bnn4j.predictive.Metrics;

/**
 * How much a single-JVM full-batch MAP fit's result moves when only the order of its sums changes: the same fit on the
 * training rows in permuted orders (the same objective, initialisation and steps; only rounding differs). This is the
 * optimiser's own noise floor against which a data-parallel fit (whose sums are also ordered differently) is judged.
 *
 * <p>{@code java -cp <test classpath> org.bnn4j.spark.train.RoundingSensitivity yacht|kin8nm EPOCHS ORDERS}
 */
public final class RoundingSensitivity {

    private RoundingSensitivity() {
    }

    /** @param args dataset, epochs, number of row orders */
    public static void main(String[] args) {
        Dataset train;
        Dataset test;
        if (args[0].equals("yacht")) {
            UciSplit s = UciDataset.load(UciFixtures.sharedDir().resolve("yacht")).split(0);
            train = s.train();
            test = s.test();
        } else {
            train = org.bnn4j.spark.Synthetic.data(8192, 31);
            test = org.bnn4j.spark.Synthetic.data(2000, 32);
        }
        int epochs = Integer.parseInt(args[1]);
        int orders = Integer.parseInt(args[2]);
        BayesianModel model = UciCommand.model(train.inDim(), 50, Activation.RELU, false, UciInference.MAP);
        OptimizerConfig oc = OptimizerConfig.builder().epochs(epochs).seed(3).build();
        for (int o = 0; o < orders; o++) {
            Dataset d = o == 0 ? train : train.subset(permutation(train.size(), o));
            Posterior p = new MaximumAPosteriori(oc).fit(model, d, FitOptions.defaults());
            double ll = Metrics.meanLogPredictiveDensity(p.predict(test.x(), 1, new SplittableRandom(1)), test.y());
            System.out.printf(Locale.ROOT, "row order %d: best loss %.6f, test LL %.4f%n", o,
                    ((OptimDiagnostics) p.diagnostics()).bestLoss(), ll);
        }
    }

    /** @return a seeded random permutation of 0..n-1 (Fisher-Yates) */
    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
