package org.bnn4j.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.spark.SparkTests;
import org.bnn4j.spark.Synthetic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The distributed statistics and gradient are the single-JVM ones up to the order of the sums: the standardiser equals
 * {@link Standardizer#fit}, and the log-likelihood and its gradient of K parameter vectors, over all rows or over a
 * minibatch, equal one {@link ModelEvaluator} call over the same rows.
 */
class LikelihoodPassTest {

    /** 5000 rows: two full chunks and a part in one partition, one or two chunks each over 3 or 7 partitions. */
    private static final Dataset DATA = Synthetic.data(5000, 21);
    private static final BayesianModel MODEL =
            BayesianModel.heteroskedastic(NetworkSpec.builder(8, 1).hidden(20).build());

    /**
     * Relative tolerance: sums of up to 5000 terms of magnitude ~1 added in another order differ by a few ulps per
     * addition at worst, n * 2.2e-16 ~ 1e-12 relative to the sum of magnitudes; the sums here are of that order.
     */
    private static final double REL = 1e-11;

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 3, 7})
    void sameAsOneEvaluatorCall(int partitions) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTests.session().sparkContext());
        try (DistributedData data = DistributedData.of(jsc, DATA, partitions, true)) {
            Standardizer one = Standardizer.fit(DATA);
            assertClose(one.xMean(), data.standardizer().xMean(), 1e-14);
            assertClose(one.xStd(), data.standardizer().xStd(), 1e-14);
            assertClose(one.yMean(), data.standardizer().yMean(), 1e-14);
            assertClose(one.yStd(), data.standardizer().yStd(), 1e-14);
            assertEquals(5000, data.size());
            assertEquals(partitions, data.numPartitions());

            Dataset z = data.standardizer().transform(DATA);
            int k = 3;
            int p = MODEL.numParams();
            double[] thetas = new double[k * p];
            SplittableRandom r = new SplittableRandom(4);
            for (int s = 0; s < k; s++) {
                System.arraycopy(MODEL.initialParameters(r), 0, thetas, s * p, p);
            }
            DataParallelMap.Trainer t = new DataParallelMap.Trainer(MODEL, data);
            try {
                // all rows
                double[] got = t.pass(thetas, k, null);
                double[] want = single(z.xArray(), z.yArray(), z.size(), thetas, k);
                assertEquals(want[0], got[0], REL * Math.abs(want[0]));
                assertClose(Arrays.copyOfRange(want, 1, want.length), Arrays.copyOfRange(got, 1, got.length), REL);
                // a minibatch of 700 rows spread over all partitions
                Batches batches = new Batches(5000, 700);
                batches.nextEpoch(new SplittableRandom(8));
                int[] rows = batches.rows(2);
                Dataset sub = z.subset(rows);
                got = t.pass(thetas, k, rows);
                want = single(sub.xArray(), sub.yArray(), sub.size(), thetas, k);
                assertEquals(want[0], got[0], REL * Math.abs(want[0]));
                assertClose(Arrays.copyOfRange(want, 1, want.length), Arrays.copyOfRange(got, 1, got.length), REL);
                // and a second pass returns exactly the same bits (the sums do not depend on task completion order)
                assertArrayEquals(got, t.pass(thetas, k, rows));
            } finally {
                t.close();
            }
        }
    }

    private static double[] single(double[] x, double[] y, int n, double[] thetas, int k) {
        int p = MODEL.numParams();
        ModelEvaluator ev = MODEL.newEvaluator(k, n);
        ev.setBatch(x, y, n, 1.0);
        double[] out = new double[1 + k * p];
        double[] g = new double[k * p];
        out[0] = ev.logLikelihood(thetas, k, new double[k], g);
        System.arraycopy(g, 0, out, 1, g.length);
        return out;
    }

    /** Asserts |a - b| <= rel * max(1, the largest |a|) elementwise: relative to the vector's scale. */
    private static void assertClose(double[] a, double[] b, double rel) {
        double scale = 1;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], rel * scale, "element " + i);
        }
    }
}
