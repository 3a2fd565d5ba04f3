package org.bnn4j.spark.train;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Minibatches;

/**
 * The minibatches of a distributed fit: the same seeded permutations as a single-JVM fit's
 * ({@link Minibatches} over the global row indices), each batch's indices sorted so that every partition finds its
 * rows by binary search. A small mutable driver helper, like {@link Minibatches}.
 */
final class Batches {

    private final Minibatches batches;
    private final int n;
    private final int[] rows;

    /**
     * @param n         rows
     * @param batchSize rows per minibatch, 0 or {@code >= n} for full batch
     */
    Batches(int n, int batchSize) {
        this.n = n;
        this.batches = Minibatches.of(n, batchSize == 0 ? n : batchSize);
        this.rows = new int[batches.batchSize()];
    }

    boolean isFullBatch() {
        return batches.isFullBatch();
    }

    int numBatches() {
        return batches.numBatches();
    }

    void nextEpoch(RandomGenerator rng) {
        batches.nextEpoch(rng);
    }

    /**
     * @param k batch index
     * @return the batch's global row indices sorted ascending, or null for the full batch
     */
    int[] rows(int k) {
        if (batches.isFullBatch()) {
            return null;
        }
        int len = batches.copyBatch(k, rows);
        int[] r = Arrays.copyOf(rows, len);
        Arrays.sort(r);
        return r;
    }

    /**
     * @param rows a batch from {@link #rows}
     * @return the likelihood's scale {@code n / batch} (1 for the full batch)
     */
    double scale(int[] rows) {
        return rows == null ? 1.0 : (double) n / rows.length;
    }
}
