package org.bnn4j.data;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-column standardisation of inputs and targets, fitted on training data: {@code z = (v - mean) / std}.
 *
 * <p>The std is the <em>population</em> standard deviation (divisor n, numpy's default {@code ddof=0}), as in
 * the PBP and MC-dropout UCI code. A column whose training values are all equal gets std 1 and keeps its mean,
 * so it maps to exactly 0 (the PBP code sets {@code std_X_train[std_X_train == 0] = 1}); such input columns are
 * listed by {@link #constantInputColumns()}.
 *
 * <p>Predictions made in standardised units map back to original units per target column d with
 * {@link #inverseMean} ({@code m * yStd[d] + yMean[d]}), {@link #inverseVariance} ({@code v * yStd[d]^2}) and
 * {@link #inverseStd}; a log density of standardised targets becomes a log density of original targets by
 * adding {@link #logDensityCorrection()} ({@code -sum_d log yStd[d]}, per point).
 *
 * <pre>{@code
 * Standardizer s = Standardizer.fit(train);
 * Dataset trainZ = s.transform(train);
 * Dataset testZ = s.transform(test);            // test data use the training statistics
 * INDArray meanOriginal = s.inverseMean(meanZ); // meanZ [numPoints, D] or [N, B, D]
 * }</pre>
 *
 * <p>References: Hernández-Lobato &amp; Adams (2015), "Probabilistic Backpropagation for Scalable Learning of
 * Bayesian Neural Networks", ICML (normalisation protocol of the UCI benchmark).
 */
public final class Standardizer {

    /** Columns with largest magnitude above this are scaled before their statistics are taken (1e200 << 1.8e308). */
    private static final double SAFE_MAX = 1e100;
    /** Columns with largest magnitude below this are scaled before their statistics are taken (1e-200 >> 4.9e-324). */
    private static final double SAFE_MIN = 1e-100;

    private final double[] xMean;
    private final double[] xStd;
    private final double[] yMean;
    private final double[] yStd;
    private final int[] constantInputColumns;

    private Standardizer(double[] xMean, double[] xStd, double[] yMean, double[] yStd, int[] constantInputColumns) {
        this.xMean = xMean;
        this.xStd = xStd;
        this.yMean = yMean;
        this.yStd = yStd;
        this.constantInputColumns = constantInputColumns;
    }

    /**
     * Fits per-column means and population standard deviations of x and y.
     *
     * @param train the training data (never modified)
     * @return the fitted standardizer
     */
    public static Standardizer fit(Dataset train) {
        Objects.requireNonNull(train, "train must not be null");
        double[] x = train.xValues(); // read only
        double[] y = train.yValues();
        int n = train.size();
        double[] xMean = new double[train.inDim()];
        double[] xStd = new double[train.inDim()];
        boolean[] xConst = columnStats(x, n, train.inDim(), xMean, xStd);
        double[] yMean = new double[train.outDim()];
        double[] yStd = new double[train.outDim()];
        columnStats(y, n, train.outDim(), yMean, yStd);
        int[] constant = java.util.stream.IntStream.range(0, xConst.length).filter(j -> xConst[j]).toArray();
        return new Standardizer(xMean, xStd, yMean, yStd, constant);
    }

    /**
     * Rebuilds a standardizer from stored statistics (e.g. when loading a saved posterior).
     *
     * @param xMean                per-input-column means, finite; copied
     * @param xStd                 per-input-column stds, finite and {@code > 0}; copied
     * @param yMean                per-target-column means, finite; copied
     * @param yStd                 per-target-column stds, finite and {@code > 0}; copied
     * @param constantInputColumns input columns that were constant in training, each in {@code [0, inDim)},
     *                             strictly increasing; copied
     * @return the standardizer
     * @throws IllegalArgumentException if lengths differ, a value is not finite, a std is {@code <= 0}, or a
     *                                  constant column index is out of range or not increasing
     */
    public static Standardizer of(double[] xMean, double[] xStd, double[] yMean, double[] yStd,
            int[] constantInputColumns) {
        requireStats("x", xMean, xStd);
        requireStats("y", yMean, yStd);
        Objects.requireNonNull(constantInputColumns, "constantInputColumns must not be null");
        for (int k = 0; k < constantInputColumns.length; k++) {
            int c = constantInputColumns[k];
            if (c < 0 || c >= xMean.length || (k > 0 && c <= constantInputColumns[k - 1])) {
                throw new IllegalArgumentException("constantInputColumns must be strictly increasing indices in [0, "
                        + xMean.length + ") but were " + Arrays.toString(constantInputColumns)
                        + "; pass the sorted constant input column indices");
            }
        }
        return new Standardizer(xMean.clone(), xStd.clone(), yMean.clone(), yStd.clone(),
                constantInputColumns.clone());
    }

    private static void requireStats(String name, double[] mean, double[] std) {
        Objects.requireNonNull(mean, name + "Mean must not be null");
        Objects.requireNonNull(std, name + "Std must not be null");
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException(name + "Mean and " + name + "Std must have the same non-zero length"
                    + " but had " + mean.length + " and " + std.length + "; pass one value per column");
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j]) || !(std[j] > 0) || !Double.isFinite(std[j])) {
                throw new IllegalArgumentException(name + " column " + j + " needs a finite mean and a finite std > 0"
                        + " but had mean " + mean[j] + " and std " + std[j] + "; use std 1 for constant columns");
            }
        }
    }

    /**
     * Two-pass mean and population std per column; returns which columns are constant (std set to 1).
     *
     * <p>A column whose largest magnitude lies outside [{@value #SAFE_MIN}, {@value #SAFE_MAX}] is first scaled by
     * a power of two that brings it near 1, so neither the sum (overflow above ~1e306 / n) nor the squared
     * deviations (overflow above ~1e154, underflow to 0 below ~1e-162) leave the double range; scaling by a power
     * of two is exact, so the statistics are what the plain formulas give without overflow or underflow, and the std
     * of a non-constant column is always finite and {@code > 0} (it is at most the largest magnitude). Columns
     * inside the range take the plain formulas.
     */
    private static boolean[] columnStats(double[] v, int n, int cols, double[] mean, double[] std) {
        boolean[] constant = new boolean[cols];
        for (int j = 0; j < cols; j++) {
            double first = v[j];
            boolean allEqual = true;
            double maxAbs = 0.0;
            for (int i = 0; i < n; i++) {
                double a = v[i * cols + j];
                allEqual &= a == first;
                maxAbs = Math.max(maxAbs, Math.abs(a));
            }
            if (allEqual) {
                // exact: a constant column maps to exactly 0 (the mean of n copies may round away from the value)
                mean[j] = first;
                std[j] = 1.0;
                constant[j] = true;
                continue;
            }
            int shift = maxAbs > SAFE_MAX || maxAbs < SAFE_MIN ? Math.getExponent(maxAbs) : 0;
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += Math.scalb(v[i * cols + j], -shift);
            }
            double m = sum / n;
            double ss = 0.0;
            for (int i = 0; i < n; i++) {
                double d = Math.scalb(v[i * cols + j], -shift) - m;
                ss += d * d;
            }
            mean[j] = Math.scalb(m, shift);
            std[j] = Math.scalb(Math.sqrt(ss / n), shift);
        }
        return constant;
    }

    /**
     * @param data data with {@link #inDim()} input and {@link #outDim()} target columns (never modified)
     * @return a new dataset with standardised x and y
     * @throws IllegalArgumentException if the column counts differ from the fitted ones
     */
    public Dataset transform(Dataset data) {
        Objects.requireNonNull(data, "data must not be null");
        if (data.inDim() != inDim() || data.outDim() != outDim()) {
            throw new IllegalArgumentException("data must have inDim " + inDim() + " and outDim " + outDim()
                    + " (as the training data) but had " + data.inDim() + " and " + data.outDim()
                    + "; fit the standardizer on data with the same columns");
        }
        int n = data.size();
        return Dataset.wrap(forward(data.xValues(), n, xMean, xStd, "x"),
                forward(data.yValues(), n, yMean, yStd, "y"), n, inDim(), outDim());
    }

    /**
     * @param x    inputs, row-major {@code [rows * inDim]} (never modified)
     * @param rows number of rows, {@code >= 0}
     * @return a new array of standardised inputs, row-major {@code [rows * inDim]}
     * @throws IllegalArgumentException if {@code x.length != rows * inDim}
     */
    public double[] transformX(double[] x, int rows) {
        return forward(x, rows, xMean, xStd, "x");
    }

    /**
     * @param x inputs {@code [rows, inDim]} (never modified)
     * @return a new array {@code [rows, inDim]} of standardised inputs, in the data type of {@code x}
     * @throws IllegalArgumentException if x is not a matrix with {@code inDim} columns
     */
    public INDArray transformX(INDArray x) {
        Objects.requireNonNull(x, "x must not be null");
        if (x.rank() != 2 || x.columns() != inDim()) {
            throw new IllegalArgumentException("x must have shape [rows, " + inDim() + "] but had "
                    + Arrays.toString(x.shape()) + "; pass inputs with the training columns");
        }
        int rows = (int) x.rows();
        double[] z = Dataset.toRowMajor(x); // a fresh copy: standardised in place
        inPlace(z, rows, xMean, xStd, "x");
        return Nd4j.create(z, new long[] {rows, inDim()}, x.dataType());
    }

    /**
     * Standardises the first {@code rows} rows of a buffer in place, to exactly the values
     * {@link #transformX(double[], int)} returns for them (the same operations in the same order), allocating
     * nothing: for a minibatch gathered from data in original units.
     *
     * @param x    inputs, row-major; the first {@code rows * inDim} values are replaced by their standardised values,
     *             the rest are left untouched
     * @param rows number of rows, {@code >= 0}
     * @throws IllegalArgumentException if {@code x} holds fewer than {@code rows * inDim} values
     */
    public void transformXInPlace(double[] x, int rows) {
        inPlace(x, rows, xMean, xStd, "x");
    }

    /**
     * Standardises the first {@code rows} rows of a target buffer in place, to exactly the values
     * {@link #transformY(double[], int)} returns for them, allocating nothing.
     *
     * @param y    targets, row-major; the first {@code rows * D} values are replaced, the rest are left untouched
     * @param rows number of rows, {@code >= 0}
     * @throws IllegalArgumentException if {@code y} holds fewer than {@code rows * D} values
     */
    public void transformYInPlace(double[] y, int rows) {
        inPlace(y, rows, yMean, yStd, "y");
    }

    /**
     * @param y    targets, row-major {@code [rows * D]} (never modified)
     * @param rows number of rows, {@code >= 0}
     * @return a new array of standardised targets
     * @throws IllegalArgumentException if {@code y.length != rows * D}
     */
    public double[] transformY(double[] y, int rows) {
        return forward(y, rows, yMean, yStd, "y");
    }

    /**
     * @param z    standardised inputs, row-major {@code [rows * inDim]} (never modified)
     * @param rows number of rows, {@code >= 0}
     * @return a new array of inputs in original units ({@code z * xStd + xMean})
     * @throws IllegalArgumentException if {@code z.length != rows * inDim}
     */
    public double[] inverseTransformX(double[] z, int rows) {
        return backward(z, rows, xMean, xStd, "x");
    }

    /**
     * @param z    standardised targets, row-major {@code [rows * D]} (never modified)
     * @param rows number of rows, {@code >= 0}
     * @return a new array of targets in original units ({@code z * yStd + yMean})
     * @throws IllegalArgumentException if {@code z.length != rows * D}
     */
    public double[] inverseTransformY(double[] z, int rows) {
        return backward(z, rows, yMean, yStd, "y");
    }

    /**
     * @param mean   a predictive mean of target column {@code column} in standardised units
     * @param column target column d in {@code [0, D)}
     * @return {@code mean * yStd[d] + yMean[d]}
     * @throws IllegalArgumentException if column is out of range
     */
    public double inverseMean(double mean, int column) {
        checkColumn(column);
        return mean * yStd[column] + yMean[column];
    }

    /**
     * @param variance a predictive variance of target column {@code column} in standardised units
     * @param column   target column d in {@code [0, D)}
     * @return {@code variance * yStd[d]^2}
     * @throws IllegalArgumentException if column is out of range
     */
    public double inverseVariance(double variance, int column) {
        checkColumn(column);
        return variance * yStd[column] * yStd[column];
    }

    /**
     * @param std    a predictive standard deviation of target column {@code column} in standardised units
     * @param column target column d in {@code [0, D)}
     * @return {@code std * yStd[d]}
     * @throws IllegalArgumentException if column is out of range
     */
    public double inverseStd(double std, int column) {
        checkColumn(column);
        return std * yStd[column];
    }

    /**
     * @param mean predictive means in standardised units, any shape whose last dimension is D, e.g.
     *             {@code [B, D]} or {@code [N, B, D]} (never modified)
     * @return a new array of the same shape and data type: {@code mean * yStd + yMean} along the last dimension
     * @throws IllegalArgumentException if the last dimension is not D
     */
    public INDArray inverseMean(INDArray mean) {
        return mapLastDim(mean, yStd, yMean);
    }

    /**
     * @param variance predictive variances in standardised units, last dimension D (never modified)
     * @return a new array of the same shape and data type: {@code variance * yStd^2} along the last dimension
     * @throws IllegalArgumentException if the last dimension is not D
     */
    public INDArray inverseVariance(INDArray variance) {
        double[] s2 = new double[yStd.length];
        for (int d = 0; d < s2.length; d++) {
            s2[d] = yStd[d] * yStd[d];
        }
        return mapLastDim(variance, s2, new double[yStd.length]);
    }

    /**
     * Term to add to a log density of standardised targets to get the log density of original targets (change of
     * variables {@code y = z * yStd + yMean}), per data point.
     *
     * @return {@code -sum_d log(yStd[d])}
     */
    public double logDensityCorrection() {
        double s = 0.0;
        for (double v : yStd) {
            s -= Math.log(v);
        }
        return s;
    }

    /** @return number of input columns */
    public int inDim() {
        return xMean.length;
    }

    /** @return number of target columns D */
    public int outDim() {
        return yMean.length;
    }

    /** @return a copy of the per-input-column training means */
    public double[] xMean() {
        return xMean.clone();
    }

    /** @return a copy of the per-input-column training stds (population; 1 for constant columns) */
    public double[] xStd() {
        return xStd.clone();
    }

    /** @return a copy of the per-target-column training means */
    public double[] yMean() {
        return yMean.clone();
    }

    /** @return a copy of the per-target-column training stds (population; 1 for a constant column) */
    public double[] yStd() {
        return yStd.clone();
    }

    /** @return a copy of the sorted indices of input columns that were constant in the training data */
    public int[] constantInputColumns() {
        return constantInputColumns.clone();
    }

    private static double[] forward(double[] v, int rows, double[] mean, double[] std, String name) {
        checkLength(v, rows, mean.length, name);
        double[] out = new double[v.length];
        forward(v, out, rows, mean, std);
        return out;
    }

    private static void inPlace(double[] v, int rows, double[] mean, double[] std, String name) {
        Objects.requireNonNull(v, name + " must not be null");
        long len = (long) rows * mean.length;
        if (rows < 0 || v.length < len) {
            throw new IllegalArgumentException(name + " must hold at least rows*" + mean.length + " = " + len
                    + " values for rows = " + rows + " but had " + v.length + "; pass a buffer of at least that many "
                    + "row-major values");
        }
        forward(v, v, rows, mean, std);
    }

    /**
     * The one standardisation formula, {@code out[r, j] = (v[r, j] - mean[j]) / std[j]}, over the first {@code rows}
     * rows ({@code out} may be {@code v}).
     */
    private static void forward(double[] v, double[] out, int rows, double[] mean, double[] std) {
        int cols = mean.length;
        for (int r = 0, k = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++, k++) {
                double a = v[k];
                double z = (a - mean[j]) / std[j];
                // v - mean overflows only when the column spans more than the double range: divide first then
                out[k] = Double.isInfinite(z) && Double.isFinite(a) ? a / std[j] - mean[j] / std[j] : z;
            }
        }
    }

    private static double[] backward(double[] z, int rows, double[] mean, double[] std, String name) {
        checkLength(z, rows, mean.length, name);
        double[] out = new double[z.length];
        int cols = mean.length;
        for (int k = 0; k < z.length; k++) {
            int j = k % cols;
            out[k] = z[k] * std[j] + mean[j];
        }
        return out;
    }

    private static INDArray mapLastDim(INDArray a, double[] scale, double[] shift) {
        Objects.requireNonNull(a, "array must not be null");
        if (a.rank() < 1 || a.size(a.rank() - 1) != scale.length) {
            throw new IllegalArgumentException("array must have last dimension D = " + scale.length + " but had shape "
                    + Arrays.toString(a.shape()) + "; pass predictions shaped [..., D]");
        }
        double[] v = Dataset.toRowMajor(a);
        for (int k = 0; k < v.length; k++) {
            int d = k % scale.length;
            v[k] = v[k] * scale[d] + shift[d];
        }
        return Nd4j.create(v, a.shape(), a.dataType());
    }

    private static void checkLength(double[] v, int rows, int cols, String name) {
        Objects.requireNonNull(v, name + " must not be null");
        if (rows < 0 || v.length != (long) rows * cols) {
            throw new IllegalArgumentException(name + " must have rows*" + cols + " = " + (long) rows * cols
                    + " values for rows = " + rows + " but had " + v.length + "; pass row-major data with " + cols
                    + " columns");
        }
    }

    private void checkColumn(int column) {
        if (column < 0 || column >= yStd.length) {
            throw new IllegalArgumentException("target column must be in [0, " + yStd.length + ") but was " + column
                    + "; pass a column index of y");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && Arrays.equals(xMean, s.xMean) && Arrays.equals(xStd, s.xStd)
                && Arrays.equals(yMean, s.yMean) && Arrays.equals(yStd, s.yStd)
                && Arrays.equals(constantInputColumns, s.constantInputColumns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(xMean), Arrays.hashCode(xStd), Arrays.hashCode(yMean),
                Arrays.hashCode(yStd), Arrays.hashCode(constantInputColumns));
    }

    @Override
    public String toString() {
        return "Standardizer[xMean=" + Arrays.toString(xMean) + ", xStd=" + Arrays.toString(xStd) + ", yMean="
                + Arrays.toString(yMean) + ", yStd=" + Arrays.toString(yStd) + ", constantInputColumns="
                + Arrays.toString(constantInputColumns) + "]";
    }
}
