package org.bnn4j.inference.mcmc;

/**
 * The Euclidean metric (inverse mass matrix) adapted during warm-up.
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
    DENSE
}
