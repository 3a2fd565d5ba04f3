package org.bnn4j.data;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Seeded minibatching: each epoch is a fresh uniformly random permutation of the row indices {@code 0..n-1},
 * cut into consecutive batches of {@code batchSize} rows; the last batch is smaller unless {@code dropLast}.
 * When {@code batchSize >= n} there is one full batch {@code 0..n-1} in order and no randomness is consumed.
 *
 * <p>This is a small mutable driver helper (it reuses one permutation array across epochs to avoid allocation):
 * only the training loop that owns it should call {@link #nextEpoch}; it is not thread-safe. Before the first
 * {@code nextEpoch} the permutation is the identity. The permutation of an epoch depends only on the state of the
 * generator passed in, so the same seed gives the same batches.
 *
 * <pre>{@code
 * Minibatches batches = Minibatches.of(data.size(), 32);
 * int[] rows = new int[batches.batchSize()];
 * RandomGenerator rng = new SplittableRandom(seed);
 * for (int epoch = 0; epoch < numEpochs; epoch++) {
 *     batches.nextEpoch(rng);
 *     for (int k = 0; k < batches.numBatches(); k++) {
 *         int len = batches.copyBatch(k, rows);   // rows[0..len) are this batch's row indices
 *         // ... data.subset(java.util.Arrays.copyOf(rows, len)) or index the arrays directly
 *     }
 * }
 * }</pre>
 *
 * <p>References: Fisher &amp; Yates shuffle as in Knuth, TAOCP vol. 2, Algorithm 3.4.2 P (Durstenfeld's variant).
 */
public final class Minibatches {

    private final int datasetSize;
    private final int batchSize;
    private final boolean dropLast;
    private final int numBatches;
    private final int[] permutation;

    /**
     * @param datasetSize number of rows n, {@code >= 1}
     * @param batchSize   requested rows per batch b, {@code >= 1}; values {@code >= n} mean full batch
     * @param dropLast    if true and {@code n % b != 0}, the last smaller batch of each epoch is omitted
     *                    (ignored for full batch, which is never dropped)
     * @throws IllegalArgumentException if {@code datasetSize < 1} or {@code batchSize < 1}
     */
    public Minibatches(int datasetSize, int batchSize, boolean dropLast) {
        if (datasetSize < 1) {
            throw new IllegalArgumentException("datasetSize must be >= 1 but was " + datasetSize
                    + "; pass the number of training rows");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1 but was " + batchSize
                    + "; pass a positive batch size (or datasetSize for full batch)");
        }
        this.datasetSize = datasetSize;
        this.batchSize = Math.min(batchSize, datasetSize);
        this.dropLast = dropLast;
        this.numBatches = dropLast ? datasetSize / this.batchSize
                : (datasetSize + this.batchSize - 1) / this.batchSize;
        this.permutation = new int[datasetSize];
        resetToIdentity();
    }

    /**
     * @param datasetSize number of rows n, {@code >= 1}
     * @param batchSize   rows per batch, {@code >= 1}; the last batch of an epoch holds the remainder
     * @return minibatches that keep the last smaller batch
     * @throws IllegalArgumentException if {@code datasetSize < 1} or {@code batchSize < 1}
     */
    public static Minibatches of(int datasetSize, int batchSize) {
        return new Minibatches(datasetSize, batchSize, false);
    }

    /**
     * Starts a new epoch: draws a fresh uniform permutation (Fisher-Yates from the identity) using
     * {@code rng}; for full batch the order stays {@code 0..n-1} and {@code rng} is not used.
     *
     * @param rng the random generator (advanced by {@code n - 1} draws unless full batch)
     */
    public void nextEpoch(RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng must not be null");
        if (isFullBatch()) {
            return;
        }
        resetToIdentity();
        for (int i = datasetSize - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
    }

    private void resetToIdentity() {
        for (int i = 0; i < datasetSize; i++) {
            permutation[i] = i;
        }
    }

    /** @return number of rows n */
    public int datasetSize() {
        return datasetSize;
    }

    /** @return the effective batch size {@code min(requested, n)}: the length of every batch but a last smaller one */
    public int batchSize() {
        return batchSize;
    }

    /** @return whether the last smaller batch of each epoch is omitted */
    public boolean dropLast() {
        return dropLast;
    }

    /** @return whether there is a single batch holding all rows (requested batch size {@code >= n}) */
    public boolean isFullBatch() {
        return batchSize == datasetSize;
    }

    /** @return number of batches per epoch */
    public int numBatches() {
        return numBatches;
    }

    /**
     * @param k batch index in {@code [0, numBatches())}
     * @return the number of rows in batch k
     * @throws IllegalArgumentException if k is out of range
     */
    public int batchLength(int k) {
        checkBatch(k);
        return Math.min(batchSize, datasetSize - k * batchSize);
    }

    /**
     * Copies the row indices of batch k of the current epoch into {@code dest} without allocating.
     *
     * @param k    batch index in {@code [0, numBatches())}
     * @param dest destination with length {@code >= batchLength(k)}; entries from index {@code batchLength(k)}
     *             on are left untouched
     * @return the number of indices written, {@code batchLength(k)}
     * @throws IllegalArgumentException if k is out of range or dest is too short
     */
    public int copyBatch(int k, int[] dest) {
        Objects.requireNonNull(dest, "dest must not be null");
        int len = batchLength(k);
        if (dest.length < len) {
            throw new IllegalArgumentException("dest must hold at least " + len + " indices but had length "
                    + dest.length + "; allocate new int[batchSize()]");
        }
        System.arraycopy(permutation, k * batchSize, dest, 0, len);
        return len;
    }

    /**
     * @param k batch index in {@code [0, numBatches())}
     * @return a new array with the row indices of batch k of the current epoch
     * @throws IllegalArgumentException if k is out of range
     */
    public int[] batch(int k) {
        int[] rows = new int[batchLength(k)];
        copyBatch(k, rows);
        return rows;
    }

    /** @return a copy of the current epoch's permutation of {@code 0..n-1} */
    public int[] permutation() {
        return permutation.clone();
    }

    private void checkBatch(int k) {
        if (k < 0 || k >= numBatches) {
            throw new IllegalArgumentException("batch index must be in [0, " + numBatches + ") but was " + k
                    + "; iterate k from 0 to numBatches() - 1");
        }
    }

    @Override
    public String toString() {
        return "Minibatches[datasetSize=" + datasetSize + ", batchSize=" + batchSize + ", dropLast=" + dropLast
                + ", numBatches=" + numBatches + "]";
    }
}
