package org.bnn4j.inference.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Some of the rows (a member's fitted rows), standardised with all rows' statistics: bit for bit the training data
     * of the standardised subset it replaces, on full batch and on minibatches, and in blocks.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 100})
    void rowsOfTheDataEqualTheStandardisedSubset(int batch) {
        int n = TrainingData.BLOCK_ROWS + 1037;
        Dataset d = data(n, 4);
        int[] rows = HeldOutRows.split(n, 0.1, new SplittableRandom(3))[0];
        Standardizer s = Standardizer.fit(d);
        TrainingData td = new TrainingData(MODEL, d, s, rows, batch);
        TrainingData subset = new TrainingData(MODEL, s.transform(d).subset(rows), false, batch);
        assertEquals(rows.length, td.size());
        assertEquals(subset.numBatches(), td.numBatches());
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        for (int epoch = 0; epoch < 2; epoch++) {
            td.nextEpoch(a);
            subset.nextEpoch(b);
            for (int k = 0; k < td.numBatches(); k++) {
                int len = td.gather(k);
                assertEquals(subset.gather(k), len);
                assertArrayEquals(bits(subset.batchX(), len * 3), bits(td.batchX(), len * 3), "batch " + k);
                assertArrayEquals(bits(subset.batchY(), len * 2), bits(td.batchY(), len * 2), "batch " + k);
            }
        }
        double[] blocks = new double[rows.length * 3];
        int[] at = {0};
        td.forEachInputBlock((block, r) -> {
            System.arraycopy(block, 0, blocks, at[0], r * 3);
            at[0] += r * 3;
        });
        assertArrayEquals(bits(subset.x(), rows.length * 3), bits(blocks, rows.length * 3));
        assertArrayEquals(bits(subset.x(), rows.length * 3), bits(td.x(), rows.length * 3));
        assertArrayEquals(bits(subset.y(), rows.length * 2), bits(td.y(), rows.length * 2));
        // without a standardiser the rows are the data's own values
        TrainingData raw = new TrainingData(MODEL, d, null, rows, batch);
        assertArrayEquals(bits(d.subset(rows).xArray(), rows.length * 3), bits(raw.x(), rows.length * 3));
        assertNull(raw.standardizer());
    }

    /** On minibatches the targets are built alone: the inputs are still read in blocks afterwards. */
    @Test
    void targetsAloneLeaveTheInputsUncopied() {
        int n = TrainingData.BLOCK_ROWS + 3;
        Dataset d = data(n, 5);
        TrainingData td = new TrainingData(MODEL, d, true, 512);
        assertArrayEquals(bits(Standardizer.fit(d).transform(d).yArray(), n * 2), bits(td.y(), n * 2));
        List<Integer> sizes = new ArrayList<>();
        td.forEachInputBlock((block, rows) -> sizes.add(rows));
        assertEquals(List.of(TrainingData.BLOCK_ROWS, 3), sizes);
    }

    @Test
    void rowPreconditions() {
        Dataset d = data(10, 6);
        Standardizer s = Standardizer.fit(d);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingData(MODEL, d, s, new int[0], 0));
        assertTrue(e.getMessage().contains("pass null for all rows"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new TrainingData(MODEL, d, s, new int[] {0, 10}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TrainingData(MODEL, d, s, new int[] {-1}, 0));
        Dataset other = Dataset.of(new double[10 * 2], new double[10 * 2], 10, 2, 2);
        BayesianModel twoIn = BayesianModel.heteroskedastic(NetworkSpec.builder(2, 2).hidden(3).build());
        e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingData(twoIn, other, s, null, 0));
        assertTrue(e.getMessage().contains("same columns"), e.getMessage());
    }
}
