package org.bnn4j.inference.mcmc;

/**
 * The kind of Euclidean metric (inverse mass matrix) adapted during warm-up; each kind names its
 * {@link MetricEstimator}.
 *
 * <p>Reference: Stan Reference Manual, "HMC algorithm parameters: Euclidean metric" ({@code diag_e},
 * {@code dense_e}).
 */
public enum Metric {
    /** A diagonal inverse mass matrix: the regularised per-coordinate variance of each slow window. */
    DIAGONAL,
    /**
     * A dense inverse mass matrix: the regularised covariance of each slow window (Stan's {@code dense_e}),
     * which also removes linear correlations; costs {@code O(d^2)} per leapfrog step.
     */
    DENSE;

    /**
     * @param dimension the number of coordinates, {@code > 0}
     * @return an empty estimator of this kind of metric
     * @throws IllegalArgumentException if {@code dimension <= 0}
     */
    public MetricEstimator estimator(int dimension) {
        return this == DIAGONAL ? MetricEstimator.diagonal(dimension) : MetricEstimator.dense(dimension);
    }
}
