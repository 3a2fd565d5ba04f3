package org.bnn4j.inference.mcmc;

/**
 * Welford's streaming estimate of the per-coordinate mean and variance, as a value.
 *
 * <p>{@link #add(double[])} returns a new state (copying the two {@code [d]} arrays), so an estimator
 * can be held in a record and shared safely.
 *
 * <p>References: Welford (1962), Note on a method for calculating corrected sums of squares and
 * products, Technometrics 4(3); Stan's {@code stan/math/welford_var_estimator.hpp} and
 * {@code stan/mcmc/var_adaptation.hpp} (regularisation in {@link #regularizedVariance()}).
 *
 * @param count number of samples added
 * @param mean  running mean, shape {@code [d]}
 * @param m2    running sum of squared deviations, shape {@code [d]}
 */
public record WelfordVariance(long count, double[] mean, double[] m2) {

    /** Regularisation weight: the estimate is shrunk as if {@code 5} prior samples had variance 1e-3; Stan. */
    public static final double SHRINKAGE_SAMPLES = 5.0;
    /** Regularisation target variance; Stan's {@code var_adaptation}. */
    public static final double SHRINKAGE_TARGET = 1e-3;

    /** @throws IllegalArgumentException on a negative count or mismatched arrays */
    public WelfordVariance {
        if (count < 0 || mean == null || m2 == null || mean.length != m2.length) {
            throw new IllegalArgumentException("count must be >= 0 and mean/m2 of equal length; was count="
                    + count + "; use WelfordVariance.empty(dimension)");
        }
    }

    /**
     * @param dimension the number of coordinates, {@code > 0}
     * @return an estimator with no samples
     * @throws IllegalArgumentException if {@code dimension <= 0}
     */
    public static WelfordVariance empty(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be > 0 but was " + dimension);
        }
        return new WelfordVariance(0, new double[dimension], new double[dimension]);
    }

    /**
     * @param x a sample, shape {@code [d]}; not modified
     * @return the estimator after adding {@code x}
     * @throws IllegalArgumentException if the length differs
     */
    public WelfordVariance add(double[] x) {
        if (x.length != mean.length) {
            throw new IllegalArgumentException("sample must have length " + mean.length + " but had " + x.length);
        }
        long n = count + 1;
        double[] mu = mean.clone();
        double[] s = m2.clone();
        for (int i = 0; i < x.length; i++) {
            double delta = x[i] - mu[i];
            mu[i] += delta / n;
            s[i] += delta * (x[i] - mu[i]);
        }
        return new WelfordVariance(n, mu, s);
    }

    /** @return the number of coordinates */
    public int dimension() {
        return mean.length;
    }

    /**
     * @return a new array with the unbiased sample variance {@code m2 / (n - 1)}, shape {@code [d]}
     * @throws IllegalStateException with fewer than two samples
     */
    public double[] variance() {
        if (count < 2) {
            throw new IllegalStateException("variance needs at least 2 samples but has " + count
                    + "; add more samples first");
        }
        double[] v = new double[m2.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = m2[i] / (count - 1);
        }
        return v;
    }

    /**
     * The variance shrunk towards {@code 1e-3} as in Stan's windowed adaptation:
     * {@code (n / (n + 5)) var + 1e-3 (5 / (n + 5))}. Used as the diagonal inverse mass matrix.
     *
     * @return a new array, shape {@code [d]}
     * @throws IllegalStateException with fewer than two samples
     */
    public double[] regularizedVariance() {
        double[] v = variance();
        double n = count;
        double w = n / (n + SHRINKAGE_SAMPLES);
        double r = SHRINKAGE_TARGET * (SHRINKAGE_SAMPLES / (n + SHRINKAGE_SAMPLES));
        for (int i = 0; i < v.length; i++) {
            v[i] = w * v[i] + r;
        }
        return v;
    }
}
