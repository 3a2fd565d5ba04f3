package org.bnn4j.inference.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Minibatches;
import org.bnn4j.data.Standardizer;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data a driver sees are the same doubles whether they are standardised whole first (what {@link TrainingData}
 * once held) or row by row as batches are gathered: every comparison here is exact, bit for bit.
 */
class TrainingDataTest {

    private static final BayesianModel MODEL = BayesianModel.heteroskedastic(NetworkSpec.builder(3, 2).hidden(4)
            .build());

    /** n rows of 3 inputs (means and scales far from 0 and 1, so standardising changes every value) and 2 targets. */
    static Dataset data(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * 3];
        double[] y = new double[n * 2];
        for (int i = 0; i < n; i++) {
            x[i * 3] = 40 + 7 * rng.nextGaussian();
            x[i * 3 + 1] = -3e-4 * rng.nextDouble();
            x[i * 3 + 2] = 1e6 + 1e3 * rng.nextGaussian();
            y[i * 2] = 5 + rng.nextGaussian();
            y[i * 2 + 1] = -250 * rng.nextDouble();
        }
        return Dataset.of(x, y, n, 3, 2);
    }

    private static long[] bits(double[] v, int len) {
        return Arrays.stream(v, 0, len).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    /**
     * Minibatches of 100 over 1037 rows (a last batch of 37), two epochs: each batch equals the rows of the
     * standardised-first data in the order a {@link Minibatches} on the same seed gives, so neither the values nor the
     * minibatch order change.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void minibatchesEqualStandardiseFirstThenGather(boolean standardize) {
        Dataset d = data(1037, 1);
        Dataset z = standardize ? Standardizer.fit(d).transform(d) : d;
        TrainingData td = new TrainingData(MODEL, d, standardize, 100);
        Minibatches expected = Minibatches.of(1037, 100);
        SplittableRandom rng = new SplittableRandom(7);
        SplittableRandom expectedRng = new SplittableRandom(7);
        assertEquals(11, td.numBatches());
        assertEquals(100, td.maxBatch());
        for (int epoch = 0; epoch < 2; epoch++) {
            td.nextEpoch(rng);
            expected.nextEpoch(expectedRng);
            for (int k = 0; k < td.numBatches(); k++) {
                int len = td.gather(k);
                Dataset batch = z.subset(expected.batch(k));
                assertEquals(batch.size(), len);
                assertArrayEquals(bits(batch.xArray(), len * 3), bits(td.batchX(), len * 3), "epoch " + epoch + " batch " + k);
                assertArrayEquals(bits(batch.yArray(), len * 2), bits(td.batchY(), len * 2), "epoch " + epoch + " batch " + k);
            }
        }
        // and the generator advanced as the plain minibatches advance it
        assertEquals(expectedRng.nextLong(), rng.nextLong());
    }

    /** Every row once, in order, in blocks of 4096 with a last odd block of 5; the same bits as the whole copy. */
    @Test
    void inputBlocksCoverEveryRowInOrder() {
        int n = 2 * TrainingData.BLOCK_ROWS + 5;
        Dataset d = data(n, 2);
        double[] whole = Standardizer.fit(d).transform(d).xArray();
        TrainingData td = new TrainingData(MODEL, d, true, 512);
        List<Integer> sizes = new ArrayList<>();
        double[] seen = new double[n * 3];
        int[] at = {0};
        td.forEachInputBlock((block, rows) -> {
            sizes.add(rows);
            System.arraycopy(block, 0, seen, at[0], rows * 3);
            at[0] += rows * 3;
        });
        assertEquals(List.of(TrainingData.BLOCK_ROWS, TrainingData.BLOCK_ROWS, 5), sizes);
        assertArrayEquals(bits(whole, n * 3), bits(seen, n * 3));
        // x() and y() build the whole standardised data on demand, the same bits
        assertArrayEquals(bits(whole, n * 3), bits(td.x(), n * 3));
        assertArrayEquals(bits(Standardizer.fit(d).transform(d).yArray(), n * 2), bits(td.y(), n * 2));
        // once built, the blocks are the whole array at once
        sizes.clear();
        td.forEachInputBlock((block, rows) -> {
            assertSame(td.x(), block);
            sizes.add(rows);
        });
        assertEquals(List.of(n), sizes);
    }

    /** Full batch: one batch, the whole standardised data, in row order; the generator is not used. */
    @Test
    void fullBatchIsTheWholeStandardisedData() {
        Dataset d = data(53, 3);
        Dataset z = Standardizer.fit(d).transform(d);
        TrainingData td = new TrainingData(MODEL, d, true, 0);
        SplittableRandom rng = new SplittableRandom(1);
        td.nextEpoch(rng);
        assertEquals(53, td.gather(0));
        assertSame(td.x(), td.batchX());
        assertSame(td.y(), td.batchY());
        assertArrayEquals(bits(z.xArray(), 53 * 3), bits(td.x(), 53 * 3));
        assertArrayEquals(bits(z.yArray(), 53 * 2), bits(td.y(), 53 * 2));
        assertEquals(new SplittableRandom(1).nextLong(), rng.nextLong());
        // a batch size at least n is full batch too
        assertEquals(1, new TrainingData(MODEL, d, true, 53).numBatches());
    }
}
