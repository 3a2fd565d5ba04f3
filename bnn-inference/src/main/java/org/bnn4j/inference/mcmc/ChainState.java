package org.bnn4j.inference.mcmc;

import java.util.Arrays;

/**
 * The state of one Markov chain: a position with its log density and gradient, as a value.
 *
 * <p>The arrays are owned by the record and never mutated by this package; the factory method
 * {@link #at(double[], LogDensity)} copies its input.
 *
 * @param position   the point, shape {@code [dimension]}
 * @param logDensity log density at {@code position} (up to a constant)
 * @param gradient   gradient of the log density at {@code position}, shape {@code [dimension]}
 */
public record ChainState(double[] position, double logDensity, double[] gradient) {

    /**
     * @throws IllegalArgumentException if the arrays are null or of different lengths
     */
    public ChainState {
        if (position == null || gradient == null || position.length != gradient.length) {
            throw new IllegalArgumentException("position and gradient must be non-null arrays of the same "
                    + "length but were " + (position == null ? "null" : position.length) + " and "
                    + (gradient == null ? "null" : gradient.length) + "; pass matching arrays");
        }
    }

    /**
     * Evaluates {@code density} at a copy of {@code position}.
     *
     * @param position the point, shape {@code [dimension]}; copied, not modified
     * @param density  the target
     * @return the state at {@code position}
     * @throws IllegalArgumentException if the length differs from {@code density.dimension()}
     */
    public static ChainState at(double[] position, LogDensity density) {
        if (position.length != density.dimension()) {
            throw new IllegalArgumentException("position must have length " + density.dimension()
                    + " (the density's dimension) but had " + position.length + "; pass a point of that size");
        }
        double[] q = position.clone();
        double[] g = new double[q.length];
        double lp = density.logDensityAndGradient(q, g);
        return new ChainState(q, lp, g);
    }

    /** @return the dimension of the state */
    public int dimension() {
        return position.length;
    }

    @Override
    public String toString() {
        return "ChainState[logDensity=" + logDensity + ", position=" + Arrays.toString(position) + "]";
    }
}
