package org.bnn4j.inference.mcmc;

import org.bnn4j.inference.mcmc.internal.Welford;

/**
 * {@link MetricEstimator#dense}: the regularised Welford covariance as a {@link DenseMetric}; Stan's
 * {@code covar_adaptation}.
 *
 * @param welford the full estimate of the window so far
 */
record DenseEstimator(Welford welford) implements MetricEstimator {

    /** @throws IllegalArgumentException unless the estimate is full */
    DenseEstimator {
        if (!welford.isFull()) {
            throw new IllegalArgumentException("a dense estimator needs a full Welford estimate; "
                    + "use Welford.full");
        }
    }

    @Override
    public MetricEstimator add(double[] position, double[] gradient) {
        return withWelford(welford.add(position));
    }

    @Override
    public long count() {
        return welford.count();
    }

    @Override
    public MetricEstimator empty() {
        return withWelford(welford.empty());
    }

    private MetricEstimator withWelford(Welford estimate) {
        return new DenseEstimator(estimate);
    }

    /** {@code (n / (n + 5)) Sigma + 1e-3 (5 / (n + 5)) I}: positive definite. */
    @Override
    public EuclideanMetric estimate() {
        double[] c = welford.covariance();
        int d = welford.dimension();
        double n = welford.count();
        double w = n / (n + SHRINKAGE_SAMPLES);
        double r = SHRINKAGE_TARGET * (SHRINKAGE_SAMPLES / (n + SHRINKAGE_SAMPLES));
        for (int i = 0; i < c.length; i++) {
            c[i] *= w;
        }
        for (int i = 0; i < d; i++) {
            c[i * d + i] += r;
        }
        return DenseMetric.of(c, d);
    }
}
