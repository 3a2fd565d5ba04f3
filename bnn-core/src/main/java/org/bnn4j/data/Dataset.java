package org.bnn4j.data;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable regression dataset: inputs {@code x [n, inDim]} and targets {@code y [n, D]}.
 *
 * <p>The data are copied on construction into row-major {@code double[]} arrays, so later changes to the
 * caller's arrays do not affect the dataset, and the dataset never mutates them. A dataset holds one copy of its
 * values ({@code 8 * n * (inDim + D)} bytes); {@link #x()}, {@link #xArray()} and their target counterparts return
 * whole new copies, while {@link #copyRows(int, int, double[], double[])} and
 * {@link #gatherRows(int[], int, double[], double[])} fill buffers of the caller's, so a large dataset can be read
 * in blocks without a second copy of it.
 *
 * <pre>{@code
 * Dataset d = Dataset.of(Nd4j.createFromArray(new double[][] {{0.0}, {1.0}}),
 *                        Nd4j.createFromArray(new double[][] {{1.0}, {0.5}}));
 * }</pre>
 */
public final class Dataset {

    private final double[] x;
    private final double[] y;
    private final int n;
    private final int inDim;
    private final int outDim;

    private Dataset(double[] x, double[] y, int n, int inDim, int outDim) {
        this.x = x;
        this.y = y;
        this.n = n;
        this.inDim = inDim;
        this.outDim = outDim;
    }

    /**
     * @param x inputs {@code [n, inDim]}, finite
     * @param y targets {@code [n, D]}, finite
     * @return a dataset holding copies of x and y
     * @throws IllegalArgumentException if shapes disagree, a dataset is empty, or a value is NaN/Inf
     */
    public static Dataset of(INDArray x, INDArray y) {
        Objects.requireNonNull(x, "x must not be null");
        Objects.requireNonNull(y, "y must not be null");
        requireMatrix("x", x);
        requireMatrix("y", y);
        int n = (int) x.rows();
        if (y.rows() != n) {
            throw new IllegalArgumentException("x and y must have the same number of rows but x has " + x.rows()
                    + " and y has " + y.rows() + "; pass one target row per input row");
        }
        // toRowMajor returns fresh arrays, which the dataset may keep without another copy
        return checked(toRowMajor(x), toRowMajor(y), n, (int) x.columns(), (int) y.columns());
    }

    /**
     * @param x      inputs, row-major {@code [n * inDim]}; copied
     * @param y      targets, row-major {@code [n * outDim]}; copied
     * @param n      number of rows, {@code >= 1}
     * @param inDim  number of input columns, {@code >= 1}
     * @param outDim number of target columns, {@code >= 1}
     * @return the dataset
     * @throws IllegalArgumentException if lengths disagree with the dimensions, or on NaN/Inf
     */
    public static Dataset of(double[] x, double[] y, int n, int inDim, int outDim) {
        Objects.requireNonNull(x, "x must not be null");
        Objects.requireNonNull(y, "y must not be null");
        checked(x, y, n, inDim, outDim);
        return new Dataset(x.clone(), y.clone(), n, inDim, outDim);
    }

    /**
     * A dataset that keeps {@code x} and {@code y} themselves, for arrays no one else holds (fresh copies made in
     * this package); checked as {@link #of(double[], double[], int, int, int)} checks.
     */
    static Dataset wrap(double[] x, double[] y, int n, int inDim, int outDim) {
        return checked(x, y, n, inDim, outDim);
    }

    private static Dataset checked(double[] x, double[] y, int n, int inDim, int outDim) {
        if (n < 1) {
            throw new IllegalArgumentException("a dataset must have at least one row but n was " + n
                    + "; pass non-empty data");
        }
        if (inDim < 1 || outDim < 1) {
            throw new IllegalArgumentException("inDim and outDim must be >= 1 but were " + inDim + " and " + outDim);
        }
        if (x.length != (long) n * inDim) {
            throw new IllegalArgumentException("x must have n*inDim = " + (long) n * inDim + " values but had "
                    + x.length + "; check n and inDim");
        }
        if (y.length != (long) n * outDim) {
            throw new IllegalArgumentException("y must have n*outDim = " + (long) n * outDim + " values but had "
                    + y.length + "; check n and outDim");
        }
        requireFinite("x", x, inDim);
        requireFinite("y", y, outDim);
        return new Dataset(x, y, n, inDim, outDim);
    }

    /**
     * @param a any array (never modified)
     * @return a new row-major ('c' order) float64 copy of all its values; works for any rank (ND4J's
     *         {@code toDoubleVector()} accepts only vectors)
     */
    static double[] toRowMajor(INDArray a) {
        double[] v = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        if (v.length != a.length()) {
            throw new IllegalStateException("expected " + a.length() + " values from a fresh copy but got " + v.length);
        }
        return v;
    }

    private static void requireMatrix(String name, INDArray a) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException(name + " must be a matrix [rows, columns] but had shape "
                    + java.util.Arrays.toString(a.shape()) + "; reshape a vector with reshape(n, 1)");
        }
        if (a.rows() < 1 || a.columns() < 1) {
            throw new IllegalArgumentException(name + " must not be empty but had shape "
                    + java.util.Arrays.toString(a.shape()) + "; pass at least one row and one column");
        }
    }

    private static void requireFinite(String name, double[] v, int cols) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + " must be finite but row " + (i / cols) + ", column "
                        + (i % cols) + " was " + v[i] + "; remove or impute missing values first");
            }
        }
    }

    /** @return number of rows n */
    public int size() {
        return n;
    }

    /** @return number of input columns */
    public int inDim() {
        return inDim;
    }

    /** @return number of target columns D */
    public int outDim() {
        return outDim;
    }

    /** @return a new float64 array {@code [n, inDim]} */
    public INDArray x() {
        return Nd4j.create(x.clone(), new long[] {n, inDim}, DataType.DOUBLE);
    }

    /** @return a new float64 array {@code [n, D]} */
    public INDArray y() {
        return Nd4j.create(y.clone(), new long[] {n, outDim}, DataType.DOUBLE);
    }

    /** @return a copy of the inputs, row-major {@code [n * inDim]} */
    public double[] xArray() {
        return x.clone();
    }

    /** @return a copy of the targets, row-major {@code [n * D]} */
    public double[] yArray() {
        return y.clone();
    }

    /** @return the inputs themselves, row-major {@code [n * inDim]}, for this package's readers: do not modify */
    double[] xValues() {
        return x;
    }

    /** @return the targets themselves, row-major {@code [n * D]}, for this package's readers: do not modify */
    double[] yValues() {
        return y;
    }

    /**
     * Copies the consecutive rows {@code [from, from + count)} into the start of the caller's buffers, allocating
     * nothing: {@code x[0, count * inDim)} and {@code y[0, count * D)}; values beyond are left untouched.
     *
     * <pre>{@code
     * double[] block = new double[4096 * data.inDim()];
     * for (int r = 0; r < data.size(); r += 4096) {
     *     int len = Math.min(4096, data.size() - r);
     *     data.copyRows(r, len, block, null);   // block[0, len * inDim) holds rows r .. r + len - 1
     * }
     * }</pre>
     *
     * @param from  first row, in {@code [0, n]}
     * @param count number of rows, {@code >= 0} and {@code from + count <= n}
     * @param x     destination for the inputs, length {@code >= count * inDim}, or null to skip the inputs
     * @param y     destination for the targets, length {@code >= count * D}, or null to skip the targets
     * @throws IllegalArgumentException if the rows are outside the dataset or a destination is too short
     */
    public void copyRows(int from, int count, double[] x, double[] y) {
        if (from < 0 || count < 0 || from > n - count) {
            throw new IllegalArgumentException("rows [" + from + ", " + ((long) from + count) + ") are not inside [0, "
                    + n + "); pass 0 <= from and from + count <= size()");
        }
        requireRoom("x", x, count, inDim);
        requireRoom("y", y, count, outDim);
        if (x != null) {
            System.arraycopy(this.x, from * inDim, x, 0, count * inDim);
        }
        if (y != null) {
            System.arraycopy(this.y, from * outDim, y, 0, count * outDim);
        }
    }

    /**
     * Copies the rows {@code rows[0], ..., rows[count - 1]} (in that order, repeats allowed) into the start of the
     * caller's buffers, allocating nothing: what a minibatch loop does once per step.
     *
     * @param rows  row indices, the first {@code count} used, each in {@code [0, n)}
     * @param count number of rows, in {@code [0, rows.length]}
     * @param x     destination for the inputs, length {@code >= count * inDim}, or null to skip the inputs
     * @param y     destination for the targets, length {@code >= count * D}, or null to skip the targets
     * @throws IllegalArgumentException if count is out of range, an index is outside {@code [0, n)} or a destination
     *                                  is too short
     */
    public void gatherRows(int[] rows, int count, double[] x, double[] y) {
        Objects.requireNonNull(rows, "rows must not be null");
        if (count < 0 || count > rows.length) {
            throw new IllegalArgumentException("count must be in [0, " + rows.length + "] (the length of rows) but was "
                    + count + "; pass how many of the indices to use");
        }
        requireRoom("x", x, count, inDim);
        requireRoom("y", y, count, outDim);
        for (int k = 0; k < count; k++) { // all checked before any is copied: a refused call writes nothing
            if (rows[k] < 0 || rows[k] >= n) {
                throw new IllegalArgumentException("row index " + rows[k] + " at position " + k + " is outside [0, "
                        + n + "); pass indices of existing rows");
            }
        }
        for (int k = 0; k < count; k++) {
            int r = rows[k];
            if (x != null) {
                System.arraycopy(this.x, r * inDim, x, k * inDim, inDim);
            }
            if (y != null) {
                System.arraycopy(this.y, r * outDim, y, k * outDim, outDim);
            }
        }
    }

    private static void requireRoom(String name, double[] dest, int rows, int cols) {
        if (dest != null && dest.length < (long) rows * cols) {
            throw new IllegalArgumentException(name + " must hold at least " + (long) rows * cols + " values for "
                    + rows + " rows of " + cols + " columns but had length " + dest.length
                    + "; allocate a larger buffer");
        }
    }

    /**
     * @param i row
     * @param j column
     * @return x[i, j]
     */
    public double x(int i, int j) {
        return x[i * inDim + j];
    }

    /**
     * @param i row
     * @param j column
     * @return y[i, j]
     */
    public double y(int i, int j) {
        return y[i * outDim + j];
    }

    /**
     * @param rows row indices (may repeat), each in {@code [0, n)}
     * @return a new dataset with those rows in that order
     * @throws IllegalArgumentException if rows is empty or an index is out of range
     */
    public Dataset subset(int[] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("subset needs at least one row index; pass a non-empty index array");
        }
        double[] sx = new double[rows.length * inDim];
        double[] sy = new double[rows.length * outDim];
        gatherRows(rows, rows.length, sx, sy);
        return new Dataset(sx, sy, rows.length, inDim, outDim);
    }

    @Override
    public String toString() {
        return "Dataset[n=" + n + ", inDim=" + inDim + ", outDim=" + outDim + "]";
    }
}
