package org.bnn4j.inference.mcmc;

import org.bnn4j.inference.mcmc.internal.Welford;

/**
 * {@link MetricEstimator#diagonal}: the regularised Welford variances as a {@link DiagonalMetric}; Stan's
 * {@code var_adaptation}.
 *
 * @param welford the diagonal estimate of the window so far
 */
record DiagonalEstimator(Welford welford) implements MetricEstimator {

    /** @throws IllegalArgumentException unless the estimate is diagonal */
    DiagonalEstimator {
        if (welford.isFull()) {
            throw new IllegalArgumentException("a diagonal estimator needs a diagonal Welford estimate; "
                    + "use Welford.diagonal");
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
        return new DiagonalEstimator(estimate);
    }

    /** {@code (n / (n + 5)) var + 1e-3 (5 / (n + 5))} per coordinate. */
    @Override
    public EuclideanMetric estimate() {
        double[] v = welford.variance();
        double n = welford.count();
        double w = n / (n + SHRINKAGE_SAMPLES);
        double r = SHRINKAGE_TARGET * (SHRINKAGE_SAMPLES / (n + SHRINKAGE_SAMPLES));
        for (int i = 0; i < v.length; i++) {
            v[i] = w * v[i] + r;
        }
        return DiagonalMetric.wrap(v);
    }
}
