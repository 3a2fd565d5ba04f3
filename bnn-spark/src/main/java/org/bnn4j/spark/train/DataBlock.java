package org.bnn4j.spark.train;

import java.io.Serializable;

/**
 * The rows of one partition as primitive arrays, cached on its executor for the whole fit.
 *
 * @param offset global index of the block's first row (rows are numbered in partition order)
 * @param n      rows in the block
 * @param inDim  inputs per row
 * @param outDim targets per row
 * @param x      inputs {@code [n, inDim]}, row-major (standardised once the block is cached for a fit)
 * @param y      targets {@code [n, outDim]}, row-major
 */
record DataBlock(long offset, int n, int inDim, int outDim, double[] x, double[] y) implements Serializable {

    /** @return the same rows at another global offset */
    DataBlock at(long newOffset) {
        return new DataBlock(newOffset, n, inDim, outDim, x, y);
    }
}
