package org.bnn4j.spark.train;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.bnn4j.data.Standardizer;

/**
 * Column means and population standard deviations over distributed blocks, by the two passes of
 * {@link Standardizer#fit} (sums, then squared deviations from the means). Each pass returns one partial vector per
 * partition and the driver adds them in partition order, so the result does not depend on which task finishes first.
 */
final class ColumnStatistics {

    private ColumnStatistics() {
    }

    /**
     * @param blocks raw blocks (original units)
     * @param n      total rows
     * @param inDim  inputs per row
     * @param outDim targets per row
     * @return the standardiser of all rows
     */
    static Standardizer standardizer(JavaRDD<DataBlock> blocks, long n, int inDim, int outDim) {
        int cols = inDim + outDim;
        // pass 1: per column sum, min and max ([3 * cols] per partition)
        List<double[]> first = blocks.map(b -> {
            double[] acc = new double[3 * cols];
            for (int j = 0; j < cols; j++) {
                acc[cols + j] = Double.POSITIVE_INFINITY;
                acc[2 * cols + j] = Double.NEGATIVE_INFINITY;
            }
            for (int i = 0; i < b.n(); i++) {
                for (int j = 0; j < cols; j++) {
                    double v = value(b, i, j);
                    acc[j] += v;
                    acc[cols + j] = Math.min(acc[cols + j], v);
                    acc[2 * cols + j] = Math.max(acc[2 * cols + j], v);
                }
            }
            return acc;
        }).collect();
        double[] mean = new double[cols];
        double[] min = new double[cols];
        double[] max = new double[cols];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (double[] a : first) {
            for (int j = 0; j < cols; j++) {
                mean[j] += a[j];
                min[j] = Math.min(min[j], a[cols + j]);
                max[j] = Math.max(max[j], a[2 * cols + j]);
            }
        }
        for (int j = 0; j < cols; j++) {
            mean[j] /= n;
        }
        // pass 2: squared deviations from the means
        double[] m = mean.clone();
        List<double[]> second = blocks.map(b -> {
            double[] acc = new double[cols];
            for (int i = 0; i < b.n(); i++) {
                for (int j = 0; j < cols; j++) {
                    double d = value(b, i, j) - m[j];
                    acc[j] += d * d;
                }
            }
            return acc;
        }).collect();
        double[] std = new double[cols];
        for (double[] a : second) {
            for (int j = 0; j < cols; j++) {
                std[j] += a[j];
            }
        }
        int constant = 0;
        for (int j = 0; j < cols; j++) {
            if (min[j] == max[j]) {
                mean[j] = min[j]; // as Standardizer.fit: a constant column maps to exactly 0
                std[j] = 1.0;
                constant += j < inDim ? 1 : 0;
            } else {
                std[j] = Math.sqrt(std[j] / n);
            }
        }
        int[] constantCols = new int[constant];
        for (int j = 0, k = 0; j < inDim; j++) {
            if (min[j] == max[j]) {
                constantCols[k++] = j;
            }
        }
        return Standardizer.of(java.util.Arrays.copyOfRange(mean, 0, inDim), java.util.Arrays.copyOfRange(std, 0, inDim),
                java.util.Arrays.copyOfRange(mean, inDim, cols), java.util.Arrays.copyOfRange(std, inDim, cols),
                constantCols);
    }

    private static double value(DataBlock b, int i, int j) {
        return j < b.inDim() ? b.x()[i * b.inDim() + j] : b.y()[i * b.outDim() + j - b.inDim()];
    }

    /**
     * A standardiser's statistics in serialisable form.
     *
     * @param xMean input means
     * @param xStd  input stds
     * @param yMean target means
     * @param yStd  target stds
     * @param constantInputColumns constant input columns
     */
    record Stats(double[] xMean, double[] xStd, double[] yMean, double[] yStd, int[] constantInputColumns)
            implements Serializable {

        static Stats of(Standardizer s) {
            return new Stats(s.xMean(), s.xStd(), s.yMean(), s.yStd(), s.constantInputColumns());
        }

        Standardizer standardizer() {
            return Standardizer.of(xMean, xStd, yMean, yStd, constantInputColumns);
        }
    }
}
