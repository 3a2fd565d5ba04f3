package org.bnn4j.inference.mcmc;

/**
 * The kind of Euclidean metric (inverse mass matrix) adapted during warm-up; each kind names its
 * {@link MetricEstimator}.
 *
 * <p>References: Stan Reference Manual, "HMC algorithm parameters: Euclidean metric" ({@code diag_e},
 * {@code dense_e}); Seyboldt, Carlson &amp; Carpenter, Preconditioning Hamiltonian Monte Carlo by minimizing Fisher
 * divergence (nutpie's low-rank metric).
 */
public enum Metric {
    /** A diagonal inverse mass matrix: the regularised per-coordinate variance of each slow window. */
    DIAGONAL,
    /**
     * A dense inverse mass matrix: the regularised covariance of each slow window (Stan's {@code dense_e}),
     * which also removes linear correlations; costs {@code O(d^2)} per leapfrog step.
     */
    DENSE,
    /**
     * A diagonal inverse mass matrix corrected along the few directions whose scale it gets most wrong, adapted
     * from the draws and the gradients of each slow window as nutpie does ({@link MetricEstimator#lowRank}); costs
     * {@code O(d k)} per leapfrog step for {@code k} directions.
     */
    LOW_RANK;

    /**
     * @param dimension the number of coordinates, {@code > 0}
     * @return an empty estimator of this kind of metric
     * @throws IllegalArgumentException if {@code dimension <= 0}
     */
    public MetricEstimator estimator(int dimension) {
        return switch (this) {
            case DIAGONAL -> MetricEstimator.diagonal(dimension);
            case DENSE -> MetricEstimator.dense(dimension);
            case LOW_RANK -> MetricEstimator.lowRank(dimension);
        };
    }
}
