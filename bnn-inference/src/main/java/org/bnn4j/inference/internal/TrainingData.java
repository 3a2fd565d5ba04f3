package org.bnn4j.inference.internal;

import java.util.Objects;
import java.util.function.ObjIntConsumer;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Minibatches;
import org.bnn4j.data.Standardizer;
import org.bnn4j.model.BayesianModel;

/**
 * The training data as an optimisation driver sees it: optionally standardised, as flat row-major arrays, with a
 * minibatch gatherer that fills reusable buffers. A small mutable driver helper: only the loop that owns it calls
 * {@link #nextEpoch} and {@link #gather}.
 *
 * <p>Memory: on full batch it holds one standardised copy of the data (the batch). On minibatches it holds none:
 * {@link #gather} copies a batch's rows from the caller's {@link Dataset} and standardises them in the batch buffer
 * ({@link Standardizer#transformXInPlace}, the same values as standardising all rows first), so the fit's own
 * buffers are minibatch-sized plus the row permutation (4 bytes a row). {@link #x()} and {@link #y()} then build a
 * whole standardised copy of the inputs or the targets on their first call, for callers that need every row at once;
 * {@link #forEachInputBlock} reads every row's inputs in blocks without one.
 *
 * <p>It may see only some of the data set's rows ({@link #TrainingData(BayesianModel, Dataset, Standardizer, int[],
 * int)}: a deep-ensemble member's fitted rows, the others held out), standardised with statistics it is given (those
 * of all rows): it then reads those rows from the data set where it would copy the subset, so a fit on 90 % of the
 * rows holds no copy of them beyond what a fit on all rows holds. Its values are bit for bit those of
 * {@code new TrainingData(model, s.transform(data).subset(rows), false, batchSize)}.
 */
public final class TrainingData {

    /** Rows per block of {@link #forEachInputBlock} on minibatches (256 KB of 8 inputs: stays in L2). */
    static final int BLOCK_ROWS = 4096;

    private final Dataset data;
    /** The data set's rows this data consists of, in order, or null for all rows. */
    private final int[] index;
    private final Standardizer standardizer;
    private final int n;
    private final int inDim;
    private final int outDim;
    private final Minibatches batches;
    private final double[] bx;
    private final double[] by;
    private final int[] rows;
    private double[] x;
    private double[] y;

    /**
     * @param model       the model the data must match
     * @param data        training data in original units (read, never modified; on minibatches the batches are
     *                    read from it, so it is kept)
     * @param standardize whether to standardise with the training statistics
     * @param batchSize   rows per minibatch, 0 = full batch
     * @throws IllegalArgumentException if the data do not match the model or batchSize is negative
     */
    public TrainingData(BayesianModel model, Dataset data, boolean standardize, int batchSize) {
        this(model, data, standardize ? Standardizer.fit(Objects.requireNonNull(data, "data")) : null, null,
                batchSize);
    }

    /**
     * Training data of some of a data set's rows, standardised with given statistics.
     *
     * @param model        the model the data must match
     * @param data         the data set in original units (read, never modified, kept)
     * @param standardizer the statistics to standardise with (e.g. those of all rows), or null not to standardise
     * @param rows         the rows to train on, in the order they are taken (each in {@code [0, data.size())}, at
     *                     least one; not copied: do not modify), or null for all rows in order
     * @param batchSize    rows per minibatch, 0 = full batch
     * @throws IllegalArgumentException if the data do not match the model or the standardiser, a row index is out
     *                                  of range or there are none, or batchSize is negative
     */
    public TrainingData(BayesianModel model, Dataset data, Standardizer standardizer, int[] rows, int batchSize) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        model.checkData(data);
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be >= 0 but was " + batchSize + "; pass 0 for full batch");
        }
        if (standardizer != null && (standardizer.inDim() != data.inDim() || standardizer.outDim() != data.outDim())) {
            throw new IllegalArgumentException("the standardizer has " + standardizer.inDim() + " inputs and "
                    + standardizer.outDim() + " targets but the data " + data.inDim() + " and " + data.outDim()
                    + "; fit it on data with the same columns");
        }
        if (rows != null) {
            requireRows(rows, data.size());
        }
        this.data = data;
        this.index = rows;
        this.standardizer = standardizer;
        this.n = rows == null ? data.size() : rows.length;
        this.inDim = data.inDim();
        this.outDim = data.outDim();
        this.batches = Minibatches.of(n, batchSize == 0 ? n : batchSize);
        int b = batches.batchSize();
        if (batches.isFullBatch()) {
            materialise();
            this.bx = x;
            this.by = y;
            this.rows = null;
        } else {
            this.bx = new double[b * inDim];
            this.by = new double[b * outDim];
            this.rows = new int[b];
        }
    }

    private static void requireRows(int[] rows, int size) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("rows must hold at least one row index; pass null for all rows");
        }
        for (int k = 0; k < rows.length; k++) {
            if (rows[k] < 0 || rows[k] >= size) {
                throw new IllegalArgumentException("row index " + rows[k] + " at position " + k + " is outside [0, "
                        + size + "); pass indices of existing rows");
            }
        }
    }

    /** Builds the whole standardised copy: the rows copied once and standardised in place. */
    private void materialise() {
        materialiseX();
        materialiseY();
    }

    private void materialiseX() {
        double[] ax = new double[n * inDim];
        copyAll(ax, null);
        if (standardizer != null) {
            standardizer.transformXInPlace(ax, n);
        }
        x = ax;
    }

    private void materialiseY() {
        double[] ay = new double[n * outDim];
        copyAll(null, ay);
        if (standardizer != null) {
            standardizer.transformYInPlace(ay, n);
        }
        y = ay;
    }

    /** Copies this data's rows, in order, into x and y (either may be null to skip it). */
    private void copyAll(double[] ax, double[] ay) {
        if (index == null) {
            data.copyRows(0, n, ax, ay);
        } else {
            data.gatherRows(index, n, ax, ay);
        }
    }

    /** @return the standardiser, or null when not standardising */
    public Standardizer standardizer() {
        return standardizer;
    }

    /**
     * @return all inputs {@code [n, inDim]}, standardised if standardising (internal array: do not modify); on
     *         minibatches the first call allocates the whole standardised inputs
     */
    public double[] x() {
        if (x == null) {
            materialiseX();
        }
        return x;
    }

    /**
     * @return all targets {@code [n, D]}, standardised if standardising (internal array: do not modify); on
     *         minibatches the first call allocates the whole standardised targets (not the inputs: a full-data
     *         objective evaluated in blocks, {@link FullDataLikelihood}, needs the targets alone)
     */
    public double[] y() {
        if (y == null) {
            materialiseY();
        }
        return y;
    }

    /**
     * Hands every row's inputs (standardised if standardising), in row order, to {@code visitor} as
     * {@code (block, rows)}: {@code block[0, rows * inDim)} holds the next {@code rows} rows. The whole data is one
     * block when it is held already ({@link #x()}); otherwise blocks of up to {@value #BLOCK_ROWS} rows pass through
     * one reused buffer, valid only during the call.
     *
     * @param visitor receives each block and its row count; must not modify or keep the block
     */
    public void forEachInputBlock(ObjIntConsumer<double[]> visitor) {
        if (x != null) {
            visitor.accept(x, n);
            return;
        }
        int len = Math.min(n, BLOCK_ROWS);
        double[] block = new double[len * inDim];
        int[] at = index == null ? null : new int[len];
        for (int r0 = 0; r0 < n; r0 += len) {
            int c = Math.min(len, n - r0);
            if (index == null) {
                data.copyRows(r0, c, block, null);
            } else {
                System.arraycopy(index, r0, at, 0, c);
                data.gatherRows(at, c, block, null);
            }
            if (standardizer != null) {
                standardizer.transformXInPlace(block, c);
            }
            visitor.accept(block, c);
        }
    }

    /** @return number of rows n */
    public int size() {
        return n;
    }

    /** @return input columns */
    public int inDim() {
        return inDim;
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
     * Fills {@link #batchX()} / {@link #batchY()} with batch k of the current epoch: its rows gathered from the data
     * and standardised in the buffers (on full batch the buffers are the whole standardised data already).
     *
     * @param k batch index
     * @return the batch length
     */
    public int gather(int k) {
        if (batches.isFullBatch()) {
            return n;
        }
        int len = batches.copyBatch(k, rows);
        if (index != null) {
            for (int i = 0; i < len; i++) {
                rows[i] = index[rows[i]];
            }
        }
        data.gatherRows(rows, len, bx, by);
        if (standardizer != null) {
            standardizer.transformXInPlace(bx, len);
            standardizer.transformYInPlace(by, len);
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
