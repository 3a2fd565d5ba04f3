package org.bnn4j.inference.mcmc;

/**
 * Estimates a {@link EuclideanMetric} from the positions of a warm-up window, as a value: {@link #add} returns a
 * new estimator. Two implementations share one {@link Welford}: {@link #diagonal} (Stan's {@code diag_e}, the
 * regularised variances) and {@link #dense} (Stan's {@code dense_e}, the regularised covariance matrix).
 *
 * <p>Both shrink the estimate as Stan does: with {@code n} points,
 * {@code Sigma = (n / (n + 5)) S + 1e-3 (5 / (n + 5)) I}, i.e. as if {@link #SHRINKAGE_SAMPLES} more points had
 * variance {@link #SHRINKAGE_TARGET}; this keeps the metric positive definite and tames short windows.
 *
 * <p>References: Stan's {@code stan/mcmc/var_adaptation.hpp} and {@code covar_adaptation.hpp}; Stan Reference
 * Manual, "Automatic parameter tuning".
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

    /** @return the Welford estimate of the positions' mean and (co)variance */
    Welford welford();

    /**
     * @param estimate a Welford estimate of this estimator's form (diagonal or full)
     * @return an estimator of this kind over {@code estimate}
     */
    MetricEstimator withWelford(Welford estimate);

    /**
     * @return the regularised metric of the positions added
     * @throws IllegalStateException with fewer than two positions
     */
    EuclideanMetric estimate();

    /**
     * @param position a position {@code q} of the window, shape {@code [d]}; not modified
     * @return the estimator with the position added
     * @throws IllegalArgumentException if the length differs from {@code d}
     */
    default MetricEstimator add(double[] position) {
        return withWelford(welford().add(position));
    }

    /** @return the number of positions added */
    default long count() {
        return welford().count();
    }

    /** @return the same kind of estimator with no positions (for the next window) */
    default MetricEstimator empty() {
        return withWelford(welford().empty());
    }
}
