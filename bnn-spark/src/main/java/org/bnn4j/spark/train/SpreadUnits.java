package org.bnn4j.spark.train;

import java.util.List;
import java.util.SplittableRandom;
import org.bnn4j.nn.ParameterLayout;

/**
 * SVI's spread first-layer units ({@code SviConfig.unitSlope}) placed over distributed data: the directions and
 * uniforms are drawn on the driver in the order the single-JVM {@code Svi} draws them (unit k: its direction, then
 * its uniform), and one distributed pass finds each direction's smallest and largest projection of the training
 * inputs (min and max do not depend on the order of the rows, so they equal the single-JVM values exactly).
 */
final class SpreadUnits {

    private SpreadUnits() {
    }

    /**
     * Overwrites the first hidden layer's weights and biases in theta.
     *
     * @param layout the network's layout
     * @param data   the cached (standardised) data
     * @param slope  {@code > 0}
     * @param rng    the initialisation stream, advanced as {@code Svi} advances it
     * @param theta  parameter vector, modified
     */
    static void place(ParameterLayout layout, DistributedData data, double slope, SplittableRandom rng, double[] theta) {
        ParameterLayout.Slice w = layout.slice("hidden0.weight");
        ParameterLayout.Slice b = layout.slice("hidden0.bias");
        int in = w.rows();
        int h = w.cols();
        double[][] dir = new double[h][in];
        double[] norms = new double[h];
        double[] u = new double[h];
        for (int k = 0; k < h; k++) {
            double norm = 0;
            while (norm < 1e-12) {
                norm = 0;
                for (int i = 0; i < in; i++) {
                    dir[k][i] = in == 1 ? (rng.nextBoolean() ? 1 : -1) : rng.nextGaussian();
                    norm += dir[k][i] * dir[k][i];
                }
            }
            norms[k] = Math.sqrt(norm);
            u[k] = rng.nextDouble();
        }
        List<double[]> parts = data.blocks().map(block -> {
            double[] lohi = new double[2 * h];
            java.util.Arrays.fill(lohi, 0, h, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(lohi, h, 2 * h, Double.NEGATIVE_INFINITY);
            double[] x = block.x();
            for (int k = 0; k < h; k++) {
                double[] d = dir[k];
                for (int r = 0; r < block.n(); r++) {
                    double p = 0;
                    for (int i = 0; i < in; i++) {
                        p += d[i] * x[r * in + i];
                    }
                    p /= norms[k];
                    lohi[k] = Math.min(lohi[k], p);
                    lohi[h + k] = Math.max(lohi[h + k], p);
                }
            }
            return lohi;
        }).collect();
        for (int k = 0; k < h; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] part : parts) {
                lo = Math.min(lo, part[k]);
                hi = Math.max(hi, part[h + k]);
            }
            double t = lo + (hi - lo) * u[k];
            for (int i = 0; i < in; i++) {
                theta[w.offset() + i * h + k] = slope * dir[k][i] / norms[k];
            }
            theta[b.offset() + k] = -slope * t;
        }
    }
}
