package org.bnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MinibatchesTest {

    @Test
    void everyRowExactlyOncePerEpochWithSmallerLastBatch() {
        Minibatches mb = Minibatches.of(10, 4);
        assertEquals(3, mb.numBatches());
        assertEquals(4, mb.batchLength(0));
        assertEquals(2, mb.batchLength(2));
        SplittableRandom rng = new SplittableRandom(11);
        int[] buf = new int[4];
        for (int epoch = 0; epoch < 5; epoch++) {
            mb.nextEpoch(rng);
            int[] seen = new int[10];
            for (int k = 0; k < mb.numBatches(); k++) {
                int len = mb.copyBatch(k, buf);
                for (int i = 0; i < len; i++) {
                    seen[buf[i]]++;
                }
            }
            int[] ones = new int[10];
            Arrays.fill(ones, 1);
            assertArrayEquals(ones, seen, "epoch " + epoch);
        }
    }

    @Test
    void epochsDifferAndSameSeedGivesSameBatches() {
        Minibatches a = Minibatches.of(50, 8);
        Minibatches b = Minibatches.of(50, 8);
        SplittableRandom ra = new SplittableRandom(906);
        SplittableRandom rb = new SplittableRandom(906);
        a.nextEpoch(ra);
        b.nextEpoch(rb);
        int[] first = a.permutation();
        assertArrayEquals(first, b.permutation());
        for (int k = 0; k < a.numBatches(); k++) {
            assertArrayEquals(a.batch(k), b.batch(k));
        }
        a.nextEpoch(ra);
        b.nextEpoch(rb);
        assertArrayEquals(a.permutation(), b.permutation());
        // two independent uniform permutations of 50 coincide with probability 1/50!
        assertFalse(Arrays.equals(first, a.permutation()));
        int[] identity = java.util.stream.IntStream.range(0, 50).toArray();
        assertFalse(Arrays.equals(identity, first));
    }

    @Test
    void dropLastOmitsTheSmallerBatch() {
        Minibatches mb = new Minibatches(10, 4, true);
        assertEquals(2, mb.numBatches());
        mb.nextEpoch(new SplittableRandom(1));
        int[] rows = new int[8];
        System.arraycopy(mb.batch(0), 0, rows, 0, 4);
        System.arraycopy(mb.batch(1), 0, rows, 4, 4);
        assertEquals(8, Arrays.stream(rows).distinct().count());
        assertThrows(IllegalArgumentException.class, () -> mb.batch(2));
        assertEquals(5, new Minibatches(10, 2, true).numBatches()); // exact division: nothing dropped
    }

    @Test
    void fullBatchWhenBatchSizeAtLeastN() {
        for (int b : new int[] {7, 8, 1000}) {
            Minibatches mb = new Minibatches(7, b, true);
            assertTrue(mb.isFullBatch());
            assertEquals(1, mb.numBatches());
            assertEquals(7, mb.batchSize());
            SplittableRandom rng = new SplittableRandom(3);
            long before = new SplittableRandom(3).nextLong();
            mb.nextEpoch(rng);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, mb.batch(0));
            assertEquals(before, rng.nextLong()); // full batch consumes no randomness
        }
    }

    @Test
    void permutationIsUniformOverFirstPosition() {
        // n = 4: the row placed first is uniform over 4 values. With 8000 epochs each count is Binomial(8000, 1/4):
        // mean 2000, sd sqrt(8000 * 1/4 * 3/4) = 38.7; a 5 sd bound is 194.
        Minibatches mb = Minibatches.of(4, 1);
        SplittableRandom rng = new SplittableRandom(5);
        int[] counts = new int[4];
        for (int e = 0; e < 8000; e++) {
            mb.nextEpoch(rng);
            counts[mb.batch(0)[0]]++;
        }
        for (int c : counts) {
            assertEquals(2000, c, 194);
        }
    }

    @Test
    void returnedArraysAreCopies() {
        Minibatches mb = Minibatches.of(5, 2);
        mb.permutation()[0] = 4;
        mb.batch(0)[0] = 4;
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, mb.permutation());
        int[] dest = {9, 9, 9};
        assertEquals(1, mb.copyBatch(2, dest));
        assertArrayEquals(new int[] {4, 9, 9}, dest);
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> Minibatches.of(10, 0));
        assertThrows(IllegalArgumentException.class, () -> Minibatches.of(10, -3));
        assertThrows(IllegalArgumentException.class, () -> Minibatches.of(0, 4));
        Minibatches mb = Minibatches.of(10, 4);
        assertThrows(NullPointerException.class, () -> mb.nextEpoch(null));
        assertThrows(IllegalArgumentException.class, () -> mb.batchLength(-1));
        assertThrows(IllegalArgumentException.class, () -> mb.batchLength(3));
        assertThrows(IllegalArgumentException.class, () -> mb.copyBatch(0, new int[3]));
        assertThrows(NullPointerException.class, () -> mb.copyBatch(0, null));
    }
}
