package org.bnn4j.inference.mcmc;

import java.util.Arrays;

/**
 * A diagonal Euclidean metric: inverse mass matrix {@code diag(invMass)}, kinetic energy
 * {@code sum_i invMass_i p_i^2 / 2}. The kernel runs on the positions themselves.
 *
 * <p>Reference: Stan Reference Manual, "Euclidean metric" ({@code diag_e}).
 */
public final class DiagonalMetric implements EuclideanMetric {

    private final double[] invMass;

    private DiagonalMetric(double[] invMass) {
        this.invMass = invMass;
    }

    /**
     * @param dimension the number of coordinates, {@code > 0}
     * @return the unit metric (inverse mass 1 in every coordinate)
     * @throws IllegalArgumentException if {@code dimension <= 0}
     */
    public static DiagonalMetric unit(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be > 0 but was " + dimension);
        }
        double[] ones = new double[dimension];
        Arrays.fill(ones, 1.0);
        return new DiagonalMetric(ones);
    }

    /**
     * @param inverseMass the diagonal of the inverse mass matrix, shape {@code [d]}, entries finite and
     *                    {@code > 0}; copied
     * @return the metric
     * @throws IllegalArgumentException if the array is empty or an entry is not finite and positive
     */
    public static DiagonalMetric of(double[] inverseMass) {
        if (inverseMass == null || inverseMass.length == 0) {
            throw new IllegalArgumentException("inverseMass must hold at least one entry; pass double[d]");
        }
        for (int i = 0; i < inverseMass.length; i++) {
            double v = inverseMass[i];
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("inverseMass[" + i + "] must be finite and > 0 but was " + v
                        + "; pass variances (e.g. a regularised Welford estimate)");
            }
        }
        return new DiagonalMetric(inverseMass.clone());
    }

    /** Wraps an estimate without checking it (the estimators' regularised variances are positive). */
    static DiagonalMetric wrap(double[] inverseMass) {
        return new DiagonalMetric(inverseMass);
    }

    @Override
    public int dimension() {
        return invMass.length;
    }

    @Override
    public double[] diagonal() {
        return invMass.clone();
    }

    @Override
    public double[] latentInverseMass() {
        return invMass.clone();
    }

    @Override
    public LogDensity latentDensity(LogDensity target) {
        if (target.dimension() != invMass.length) {
            throw new IllegalArgumentException("target has dimension " + target.dimension() + " but the metric "
                    + invMass.length + "; pass a density of the metric's dimension");
        }
        return target;
    }

    @Override
    public double[] toPosition(double[] latent) {
        return latent;
    }

    @Override
    public double[] toLatent(double[] position) {
        return position;
    }

    @Override
    public double[] toPositionGradient(double[] latentGradient) {
        return latentGradient;
    }

    @Override
    public boolean latentIsPosition() {
        return true;
    }

    @Override
    public String toString() {
        return "DiagonalMetric[d=" + invMass.length + "]";
    }
}
