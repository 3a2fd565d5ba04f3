package org.bnn4j.inference.svi;

/**
 * A batch's inputs as columns indexed from 0, and their squares, for the unit-major local reparameterization:
 * {@link #columns()} is {@code [inDim][b]} (x itself for a 1-d input, else a gather of x {@code [b, inDim]}), and
 * {@link #squares()} is {@code [inDim][b]} with {@code x_c[i]^2}, the factor of the input weights' variances. Loops
 * over the batch that index all their arrays alike are what C2 vectorises, hence columns rather than rows.
 *
 * <p>Buffers are reused; the arrays returned are views that the next {@link #load} overwrites. Not thread-safe.
 */
final class InputColumns {

    private final int in;
    /** The gathered columns, {@code [in][maxB]} (unused for a 1-d input). */
    private final double[][] cols;
    /** The columns' squares, {@code [in][maxB]}. */
    private final double[][] colsSq;
    /** The columns of the last batch: {@link #cols}' rows, or x itself for a 1-d input. */
    private final double[][] xCols;

    /**
     * @param in   input width
     * @param maxB largest batch
     */
    InputColumns(int in, int maxB) {
        this.in = in;
        cols = new double[in][in == 1 ? 0 : maxB];
        colsSq = new double[in][maxB];
        xCols = new double[in][];
    }

    /**
     * Reads a batch: its columns (x itself for a 1-d input, held, not copied) and their squares.
     *
     * @param x     inputs {@code [b, inDim]} row-major
     * @param batch b, at most the capacity
     */
    void load(double[] x, int batch) {
        if (in == 1) {
            xCols[0] = x;
        } else {
            for (int i = 0; i < batch; i++) {
                int xi = i * in;
                for (int c = 0; c < in; c++) {
                    cols[c][i] = x[xi + c];
                }
            }
            for (int c = 0; c < in; c++) {
                xCols[c] = cols[c];
            }
        }
        for (int c = 0; c < in; c++) {
            double[] xc = xCols[c];
            double[] q = colsSq[c];
            for (int i = 0; i < batch; i++) {
                q[i] = xc[i] * xc[i];
            }
        }
    }

    /** @return the last batch's columns {@code [inDim][b]} (valid up to b); a view, do not modify */
    double[][] columns() {
        return xCols;
    }

    /** @return the last batch's squared columns {@code [inDim][b]} (valid up to b); a view, do not modify */
    double[][] squares() {
        return colsSq;
    }
}
