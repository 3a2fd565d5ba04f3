package org.bnn4j.inference.mcmc.internal;

import java.util.Arrays;

/**
 * Welford's streaming estimate of the mean and of the variances (diagonal form) or the whole covariance matrix
 * (full form) of a stream of points, as a value.
 *
 * <p>After {@code n} points with running mean {@code mean_{n-1}}, a point {@code x} updates
 * <pre>
 *   delta  = x - mean_{n-1}
 *   mean_n = mean_{n-1} + delta / n
 *   m2_n   = m2_{n-1} + (x - mean_n) delta^T      (full: all [d, d] entries; diagonal: the d diagonal ones)
 * </pre>
 * and {@code m2 / (n - 1)} is the unbiased sample covariance. {@link #add(double[])} returns a new value (copying
 * the arrays), so an estimate can be held in a record and shared safely.
 *
 * <p>References: Welford (1962), Note on a method for calculating corrected sums of squares and products,
 * Technometrics 4(3); Stan's {@code stan/math/welford_var_estimator.hpp} and {@code welford_covar_estimator.hpp}.
 *
 * <pre>{@code
 * Welford w = Welford.full(2).add(new double[] {0, 1}).add(new double[] {2, 5});
 * double[] cov = w.covariance();   // [[2, 4], [4, 8]] row-major
 * }</pre>
 */
public final class Welford {

    private final long count;
    private final double[] mean;
    private final double[] m2;
    private final boolean full;

    private Welford(long count, double[] mean, double[] m2, boolean full) {
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
        this.full = full;
    }

    /**
     * @param dimension the number of coordinates {@code d > 0}
     * @return an empty estimator of the mean and the {@code d} variances
     * @throws IllegalArgumentException if {@code dimension <= 0}
     */
    public static Welford diagonal(int dimension) {
        requirePositive(dimension);
        return new Welford(0, new double[dimension], new double[dimension], false);
    }

    /**
     * @param dimension the number of coordinates {@code d > 0}
     * @return an empty estimator of the mean and the {@code [d, d]} covariance matrix
     * @throws IllegalArgumentException if {@code dimension <= 0} or {@code d * d} does not fit an array
     */
    public static Welford full(int dimension) {
        requirePositive(dimension);
        if ((long) dimension * dimension > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a full covariance of dimension " + dimension
                    + " does not fit an array; use Welford.diagonal");
        }
        return new Welford(0, new double[dimension], new double[dimension * dimension], true);
    }

    private static void requirePositive(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be > 0 but was " + dimension);
        }
    }

    /**
     * @param x a point, shape {@code [d]}; not modified
     * @return the estimate after adding {@code x}
     * @throws IllegalArgumentException if the length differs from {@code d}
     */
    public Welford add(double[] x) {
        int d = mean.length;
        if (x.length != d) {
            throw new IllegalArgumentException("point must have length " + d + " but had " + x.length);
        }
        long n = count + 1;
        double[] mu = mean.clone();
        double[] s = m2.clone();
        double[] delta = full ? new double[d] : null;
        for (int i = 0; i < d; i++) {
            double dl = x[i] - mu[i];
            mu[i] += dl / n;
            if (full) {
                delta[i] = dl;
            } else {
                s[i] += dl * (x[i] - mu[i]);
            }
        }
        if (full) {
            for (int i = 0; i < d; i++) {
                double after = x[i] - mu[i];
                for (int j = 0; j < d; j++) {
                    s[i * d + j] += after * delta[j];
                }
            }
        }
        return new Welford(n, mu, s, full);
    }

    /** @return the same kind of estimator (diagonal or full) with no points */
    public Welford empty() {
        return full ? full(mean.length) : diagonal(mean.length);
    }

    /** @return the number of points added */
    public long count() {
        return count;
    }

    /** @return the number of coordinates {@code d} */
    public int dimension() {
        return mean.length;
    }

    /** @return whether the whole covariance matrix is estimated */
    public boolean isFull() {
        return full;
    }

    /** @return a new array with the running mean, shape {@code [d]} */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * @return a new array with the unbiased sample variances {@code m2_ii / (n - 1)}, shape {@code [d]}
     * @throws IllegalStateException with fewer than two points
     */
    public double[] variance() {
        requireTwo();
        int d = mean.length;
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = m2[full ? i * d + i : i] / (count - 1);
        }
        return v;
    }

    /**
     * @return a new {@code [d, d]} row-major array with the unbiased sample covariance {@code m2 / (n - 1)}
     * @throws IllegalStateException with fewer than two points, or on a diagonal estimator
     */
    public double[] covariance() {
        if (!full) {
            throw new IllegalStateException("a diagonal estimator keeps no covariances; use Welford.full");
        }
        requireTwo();
        double[] c = new double[m2.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = m2[i] / (count - 1);
        }
        return c;
    }

    private void requireTwo() {
        if (count < 2) {
            throw new IllegalStateException("a sample (co)variance needs at least 2 points but has " + count
                    + "; add more points first");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Welford w && count == w.count && full == w.full && Arrays.equals(mean, w.mean)
                && Arrays.equals(m2, w.m2);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(count) + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "Welford[" + (full ? "full" : "diagonal") + ", d=" + mean.length + ", count=" + count + "]";
    }
}
