package org.bnn4j.inference.internal;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Minibatches;
import org.bnn4j.data.Standardizer;
import org.bnn4j.model.BayesianModel;

/**
 * The training data as an optimisation driver sees it: optionally standardised, as flat row-major arrays, with a
 * minibatch gatherer that fills reusable buffers. A small mutable driver helper: only the loop that owns it calls
 * {@link #nextEpoch} and {@link #gather}.
 */
public final class TrainingData {

    private final Standardizer standardizer;
    private final double[] x;
    private final double[] y;
    private final int n;
    private final int inDim;
    private final int outDim;
    private final Minibatches batches;
    private final double[] bx;
    private final double[] by;
    private final int[] rows;

    /**
     * @param model       the model the data must match
     * @param data        training data in original units
     * @param standardize whether to standardise with the training statistics
     * @param batchSize   rows per minibatch, 0 = full batch
     * @throws IllegalArgumentException if the data do not match the model or batchSize is negative
     */
    public TrainingData(BayesianModel model, Dataset data, boolean standardize, int batchSize) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        model.checkData(data);
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be >= 0 but was " + batchSize + "; pass 0 for full batch");
        }
        this.standardizer = standardize ? Standardizer.fit(data) : null;
        Dataset d = standardize ? standardizer.transform(data) : data;
        this.x = d.xArray();
        this.y = d.yArray();
        this.n = d.size();
        this.inDim = d.inDim();
        this.outDim = d.outDim();
        this.batches = Minibatches.of(n, batchSize == 0 ? n : batchSize);
        int b = batches.batchSize();
        this.bx = batches.isFullBatch() ? x : new double[b * inDim];
        this.by = batches.isFullBatch() ? y : new double[b * outDim];
        this.rows = new int[b];
    }

    /** @return the standardiser, or null when not standardising */
    public Standardizer standardizer() {
        return standardizer;
    }

    /** @return all inputs {@code [n, inDim]} (internal array: do not modify) */
    public double[] x() {
        return x;
    }

    /** @return all targets {@code [n, D]} (internal array: do not modify) */
    public double[] y() {
        return y;
    }

    /** @return number of rows n */
    public int size() {
        return n;
    }

    /** @return largest batch length */
    public int maxBatch() {
        return batches.batchSize();
    }

    /** @return batches per epoch */
    public int numBatches() {
        return batches.numBatches();
    }

    /** @param rng minibatch order source (unused for full batch) */
    public void nextEpoch(RandomGenerator rng) {
        batches.nextEpoch(rng);
    }

    /**
     * Copies batch k of the current epoch into {@link #batchX()} / {@link #batchY()}.
     *
     * @param k batch index
     * @return the batch length
     */
    public int gather(int k) {
        if (batches.isFullBatch()) {
            return n;
        }
        int len = batches.copyBatch(k, rows);
        for (int i = 0; i < len; i++) {
            System.arraycopy(x, rows[i] * inDim, bx, i * inDim, inDim);
            System.arraycopy(y, rows[i] * outDim, by, i * outDim, outDim);
        }
        return len;
    }

    /** @return the current batch's inputs (reused buffer) */
    public double[] batchX() {
        return bx;
    }

    /** @return the current batch's targets (reused buffer) */
    public double[] batchY() {
        return by;
    }
}
