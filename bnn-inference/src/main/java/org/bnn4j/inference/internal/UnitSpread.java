package org.bnn4j.inference.internal;

import java.util.Objects;
import java.util.SplittableRandom;
import org.bnn4j.nn.ParameterLayout;

/**
 * The placement of the first hidden layer's units that {@code Svi.spreadUnits} describes, in three steps so the
 * training inputs can be read in blocks rather than held whole: {@link #draw} takes every unit's random direction
 * and uniform position from the generator (in the order a unit-by-unit loop takes them), {@link #observe} takes the
 * smallest and largest projection of each block of inputs, {@link #apply} writes the weights and biases. Observing
 * the rows in blocks gives the same bits as observing them at once (each projection is summed within its row; the
 * smallest and largest are order-free), and so does finding each block's {@link #ranges} elsewhere (on a cluster's
 * executors: the drawn units are serializable) and {@link #include including} them.
 *
 * <pre>{@code
 * UnitSpread s = UnitSpread.draw(layout, rng);
 * s.observe(x, n);          // or block by block, in any split of the rows
 * s.apply(slope, theta);
 * }</pre>
 */
public final class UnitSpread implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final int weightOffset;
    private final int biasOffset;
    private final int in;
    private final int units;
    /** Unit k's direction before normalisation, {@code [units, in]} row-major. */
    private final double[] directions;
    private final double[] norms;
    private final double[] uniforms;
    private final double[] lo;
    private final double[] hi;

    private UnitSpread(ParameterLayout layout) {
        ParameterLayout.Slice weight = layout.slice("hidden0.weight");
        this.weightOffset = weight.offset();
        this.biasOffset = layout.slice("hidden0.bias").offset();
        this.in = weight.rows();
        this.units = weight.cols();
        this.directions = new double[units * in];
        this.norms = new double[units];
        this.uniforms = new double[units];
        this.lo = new double[units];
        this.hi = new double[units];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
    }

    /**
     * Draws, unit by unit, a uniformly random direction (normal components, or a random sign in one dimension,
     * redrawn while its norm is below 1e-12) and then the uniform that places the unit's transition.
     *
     * @param layout the network's parameter layout (with at least one hidden layer)
     * @param rng    random source, advanced
     * @return the drawn units, with no rows observed yet
     */
    public static UnitSpread draw(ParameterLayout layout, SplittableRandom rng) {
        Objects.requireNonNull(rng, "rng");
        UnitSpread s = new UnitSpread(Objects.requireNonNull(layout, "layout"));
        int in = s.in;
        for (int k = 0; k < s.units; k++) {
            int o = k * in;
            double norm = 0;
            while (norm < 1e-12) {
                norm = 0;
                for (int i = 0; i < in; i++) {
                    double d = in == 1 ? (rng.nextBoolean() ? 1 : -1) : rng.nextGaussian();
                    s.directions[o + i] = d;
                    norm += d * d;
                }
            }
            s.norms[k] = Math.sqrt(norm);
            s.uniforms[k] = rng.nextDouble();
        }
        return s;
    }

    /**
     * Takes each unit's projections {@code d_k . x / |d_k|} of some rows into its smallest and largest.
     *
     * @param x    inputs, row-major; the first {@code rows * inDim} values are read
     * @param rows number of rows, {@code >= 0}
     */
    public void observe(double[] x, int rows) {
        include(ranges(x, rows));
    }

    /**
     * @param x    inputs, row-major; the first {@code rows * inDim} values are read
     * @param rows number of rows, {@code >= 0}
     * @return a new array {@code [2 * units]}: each unit's smallest projection {@code d_k . x / |d_k|} of these rows,
     *         then each unit's largest (infinities for no rows); this spread is not changed
     */
    public double[] ranges(double[] x, int rows) {
        double[] lohi = new double[2 * units];
        for (int k = 0; k < units; k++) {
            int o = k * in;
            double norm = norms[k];
            double l = Double.POSITIVE_INFINITY;
            double h = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                double p = 0;
                for (int i = 0; i < in; i++) {
                    p += directions[o + i] * x[r * in + i];
                }
                p /= norm;
                l = Math.min(l, p);
                h = Math.max(h, p);
            }
            lohi[k] = l;
            lohi[units + k] = h;
        }
        return lohi;
    }

    /** @param lohi ranges of some rows, as {@link #ranges} returns them; taken into the smallest and largest so far */
    public void include(double[] lohi) {
        if (lohi.length != 2 * units) {
            throw new IllegalArgumentException("ranges must hold 2 * units = " + 2 * units + " values but had "
                    + lohi.length + "; pass what ranges(x, rows) returned");
        }
        for (int k = 0; k < units; k++) {
            lo[k] = Math.min(lo[k], lohi[k]);
            hi[k] = Math.max(hi[k], lohi[units + k]);
        }
    }

    /**
     * Writes unit k's weights {@code slope * d_k / |d_k|} and bias {@code -slope * t_k}, with {@code t_k} at the
     * unit's uniform between the smallest and largest projection observed.
     *
     * @param slope {@code > 0}
     * @param theta parameter vector whose first-layer slices are overwritten
     */
    public void apply(double slope, double[] theta) {
        for (int k = 0; k < units; k++) {
            double t = lo[k] + (hi[k] - lo[k]) * uniforms[k];
            for (int i = 0; i < in; i++) {
                theta[weightOffset + i * units + k] = slope * directions[k * in + i] / norms[k];
            }
            theta[biasOffset + k] = -slope * t;
        }
    }
}
