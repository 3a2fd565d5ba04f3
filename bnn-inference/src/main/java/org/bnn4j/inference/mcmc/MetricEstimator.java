package org.bnn4j.inference.mcmc;

import org.bnn4j.inference.mcmc.internal.Welford;

/**
 * Estimates a {@link EuclideanMetric} from the draws of a warm-up window (positions, and for some kinds the
 * gradients of the log density there), as a value: {@link #add} returns a new estimator. Two implementations share
 * one {@link Welford} of the positions: {@link #diagonal} (Stan's {@code diag_e}, the regularised variances) and
 * {@link #dense} (Stan's {@code dense_e}, the regularised covariance matrix). {@link #lowRank} (nutpie's
 * low-rank-plus-diagonal estimate) also uses the gradients.
 *
 * <p>The two Welford kinds shrink the estimate as Stan does: with {@code n} points,
 * {@code Sigma = (n / (n + 5)) S + 1e-3 (5 / (n + 5)) I}, i.e. as if {@link #SHRINKAGE_SAMPLES} more points had
 * variance {@link #SHRINKAGE_TARGET}; this keeps the metric positive definite and tames short windows.
 *
 * <p>References: Stan's {@code stan/mcmc/var_adaptation.hpp} and {@code covar_adaptation.hpp}; Stan Reference
 * Manual, "Automatic parameter tuning"; Seyboldt, Carlson &amp; Carpenter, Preconditioning Hamiltonian Monte Carlo
 * by minimizing Fisher divergence.
 *
 * <pre>{@code
 * MetricEstimator e = MetricEstimator.diagonal(2);
 * for (double[] q : windowPositions) {
 *     e = e.add(q);
 * }
 * EuclideanMetric metric = e.estimate();
 * }</pre>
 */
public interface MetricEstimator {

    /** Weight of the shrinkage, in points; Stan's {@code var_adaptation} and {@code covar_adaptation}. */
    double SHRINKAGE_SAMPLES = 5.0;
    /** Variance the estimate is shrunk towards; Stan. */
    double SHRINKAGE_TARGET = 1e-3;

    /**
     * @param dimension the number of coordinates, {@code > 0}
     * @return an empty estimator of a {@link DiagonalMetric}
     * @throws IllegalArgumentException if {@code dimension <= 0}
     */
    static MetricEstimator diagonal(int dimension) {
        return new DiagonalEstimator(Welford.diagonal(dimension));
    }

    /**
     * @param dimension the number of coordinates, {@code > 0}
     * @return an empty estimator of a {@link DenseMetric}
     * @throws IllegalArgumentException if {@code dimension <= 0}
     */
    static MetricEstimator dense(int dimension) {
        return new DenseEstimator(Welford.full(dimension));
    }

    /**
     * @param dimension the number of coordinates, {@code > 0}
     * @return an empty estimator of nutpie's low-rank-plus-diagonal metric with regularisation {@code gamma = 1e-5}
     *         and eigenvalue cutoff 100
     * @throws IllegalArgumentException if {@code dimension <= 0}
     */
    static MetricEstimator lowRank(int dimension) {
        return lowRank(dimension, LowRankEstimator.DEFAULT_GAMMA, LowRankEstimator.DEFAULT_CUTOFF);
    }

    /**
     * @param dimension the number of coordinates, {@code > 0}
     * @param gamma     regularisation of the two covariances in the subspace, finite and {@code > 0}
     * @param cutoff    a direction is kept when its variance (in the diagonally scaled coordinates) exceeds
     *                  {@code cutoff} or is below {@code 1 / cutoff}; finite and {@code >= 1}
     * @return an empty estimator of a {@link LowRankMetric} (a {@link DiagonalMetric} when no direction is kept)
     * @throws IllegalArgumentException if an argument is out of range
     */
    static MetricEstimator lowRank(int dimension, double gamma, double cutoff) {
        return LowRankEstimator.empty(dimension, gamma, cutoff);
    }

    /**
     * @return the regularised metric of the draws added
     * @throws IllegalStateException with fewer than two draws
     */
    EuclideanMetric estimate();

    /**
     * @param position a position {@code q} of the window, shape {@code [d]}; not modified
     * @param gradient the gradient of the log density at {@code q}, shape {@code [d]}, or null for an estimator
     *                 that does not use gradients ({@link #usesGradients()} false); not modified
     * @return the estimator with the draw added
     * @throws IllegalArgumentException if a length differs from {@code d}, or the gradient is null but needed
     */
    MetricEstimator add(double[] position, double[] gradient);

    /**
     * {@link #add(double[], double[])} without a gradient.
     *
     * @param position a position {@code q} of the window, shape {@code [d]}; not modified
     * @return the estimator with the position added
     * @throws IllegalArgumentException if the length differs from {@code d}, or the estimator needs gradients
     */
    default MetricEstimator add(double[] position) {
        return add(position, null);
    }

    /** @return whether {@link #add} needs the gradient as well as the position */
    default boolean usesGradients() {
        return false;
    }

    /** @return the number of draws added */
    long count();

    /** @return the same kind of estimator with no draws (for the next window) */
    MetricEstimator empty();
}
