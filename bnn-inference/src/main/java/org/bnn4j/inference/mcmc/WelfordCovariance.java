package org.bnn4j.inference.mcmc;

/**
 * Welford's streaming estimate of the mean and covariance matrix, as a value.
 *
 * <p>{@link #add(double[])} returns a new state (copying the {@code [d]} mean and the {@code [d, d]} matrix of
 * co-moments), so the estimator can be held in a record and shared safely.
 *
 * <p>References: Welford (1962), Technometrics 4(3); Stan's {@code stan/math/welford_covar_estimator.hpp} and
 * {@code stan/mcmc/covar_adaptation.hpp} (regularisation in {@link #regularizedCovariance()}).
 *
 * @param count number of samples added
 * @param mean  running mean, shape {@code [d]}
 * @param m2    running sum of products of deviations, shape {@code [d, d]} row-major
 */
public record WelfordCovariance(long count, double[] mean, double[] m2) {

    /** @throws IllegalArgumentException on a negative count or mismatched arrays */
    public WelfordCovariance {
        if (count < 0 || mean == null || m2 == null || m2.length != mean.length * mean.length) {
            throw new IllegalArgumentException("count must be >= 0, mean of length d and m2 of length d*d; was count="
                    + count + "; use WelfordCovariance.empty(dimension)");
        }
    }

    /**
     * @param dimension the number of coordinates, {@code > 0}
     * @return an estimator with no samples
     * @throws IllegalArgumentException if {@code dimension <= 0}
     */
    public static WelfordCovariance empty(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be > 0 but was " + dimension);
        }
        return new WelfordCovariance(0, new double[dimension], new double[dimension * dimension]);
    }

    /**
     * @param x a sample, shape {@code [d]}; not modified
     * @return the estimator after adding {@code x}
     * @throws IllegalArgumentException if the length differs
     */
    public WelfordCovariance add(double[] x) {
        int d = mean.length;
        if (x.length != d) {
            throw new IllegalArgumentException("sample must have length " + d + " but had " + x.length);
        }
        long n = count + 1;
        double[] mu = mean.clone();
        double[] s = m2.clone();
        double[] delta = new double[d];
        for (int i = 0; i < d; i++) {
            delta[i] = x[i] - mu[i];
            mu[i] += delta[i] / n;
        }
        for (int i = 0; i < d; i++) {
            double after = x[i] - mu[i];
            for (int j = 0; j < d; j++) {
                s[i * d + j] += after * delta[j];
            }
        }
        return new WelfordCovariance(n, mu, s);
    }

    /** @return the number of coordinates */
    public int dimension() {
        return mean.length;
    }

    /**
     * @return a new {@code [d, d]} row-major array with the unbiased sample covariance {@code m2 / (n - 1)}
     * @throws IllegalStateException with fewer than two samples
     */
    public double[] covariance() {
        if (count < 2) {
            throw new IllegalStateException("covariance needs at least 2 samples but has " + count
                    + "; add more samples first");
        }
        double[] c = new double[m2.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = m2[i] / (count - 1);
        }
        return c;
    }

    /**
     * The covariance shrunk as in Stan's {@code covar_adaptation}:
     * {@code (n / (n + 5)) Sigma + 1e-3 (5 / (n + 5)) I}; positive definite. Used as the dense inverse mass matrix.
     *
     * @return a new {@code [d, d]} row-major array
     * @throws IllegalStateException with fewer than two samples
     */
    public double[] regularizedCovariance() {
        double[] c = covariance();
        int d = mean.length;
        double n = count;
        double w = n / (n + WelfordVariance.SHRINKAGE_SAMPLES);
        double r = WelfordVariance.SHRINKAGE_TARGET * (WelfordVariance.SHRINKAGE_SAMPLES
                / (n + WelfordVariance.SHRINKAGE_SAMPLES));
        for (int i = 0; i < c.length; i++) {
            c[i] *= w;
        }
        for (int i = 0; i < d; i++) {
            c[i * d + i] += r;
        }
        return c;
    }
}
