package org.bnn4j.predictive;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * Scalar maths of a one-dimensional equal-weight mixture {@code (1/N) sum_s (mu_s + sigma_s Z_s)} whose components
 * have any {@link NoiseDistribution}: the counterpart of {@link MixtureMath} (which keeps the Gaussian closed forms)
 * for every other family. Same layout: component s of a marginal at {@code mu[offset + s * stride]}, its
 * distribution {@code noise[s]}.
 *
 * <p>The CRPS of a mixture of more than one component has no closed form for most families (the difference of two
 * Student-t variables is not a Student-t), so it is the definition {@code integral_{-inf}^y F^2 + integral_y^inf
 * (1 - F)^2} integrated by {@link Quadrature} (relative error about 1e-10); a single component uses its own
 * {@link NoiseDistribution#crps}.
 *
 * <p>References: Gneiting &amp; Raftery (2007), <i>Strictly proper scoring rules, prediction, and estimation</i>,
 * JASA 102; Brent (1973), <i>Algorithms for Minimization without Derivatives</i>, ch. 4.
 */
final class NoiseMixtureMath {

    /** Brent tolerance relative to |x| and to the bracket width, as {@link MixtureMath}'s. */
    private static final double SOLVER_ACCURACY = 1e-13;
    private static final int SOLVER_MAX_EVAL = 500;
    /**
     * Mixtures with more components than this are integrated with the CDF of this many evenly spaced components
     * (an estimate; each CDF evaluation costs one call per component, 15 per quadrature panel).
     */
    static final int CRPS_COMPONENTS_MAX = 1000;

    private NoiseMixtureMath() {
    }

    /** @return the mixture CDF at y */
    static double cdf(double[] mu, double[] sigma, NoiseDistribution[] noise, int offset, int stride, int n,
                      double y) {
        double acc = 0.0;
        for (int s = 0, i = offset; s < n; s++, i += stride) {
            acc += noise[s].cdf((y - mu[i]) / sigma[i]);
        }
        return acc / n;
    }

    /** @return the mixture survival function {@code 1 - F(y)}, from each component's upper tail */
    static double survival(double[] mu, double[] sigma, NoiseDistribution[] noise, int offset, int stride, int n,
                           double y) {
        double acc = 0.0;
        for (int s = 0, i = offset; s < n; s++, i += stride) {
            acc += noise[s].survival((y - mu[i]) / sigma[i]);
        }
        return acc / n;
    }

    /**
     * Solves {@code F(x) = alpha} (lower) or {@code 1 - F(x) = alpha} (upper) by Brent's method. The root lies
     * between the smallest and the largest component quantile {@code mu_s + sigma_s q_s} (each component puts mass
     * alpha beyond its own), so that is the bracket, widened until it brackets the root in floating point.
     *
     * @param q per component, its standardised quantile at alpha (lower) or at {@code 1 - alpha} (upper)
     * @return the quantile of the mixture
     */
    static double tailQuantile(double[] mu, double[] sigma, NoiseDistribution[] noise, double[] q, int offset,
                               int stride, int n, double alpha, boolean upper) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double maxSigma = 0;
        for (int s = 0, i = offset; s < n; s++, i += stride) {
            double x = mu[i] + sigma[i] * q[s];
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
            maxSigma = Math.max(maxSigma, sigma[i]);
        }
        if (n == 1 || lo == hi) {
            return lo; // one component (or identical ones): its own quantile exactly
        }
        UnivariateFunction f = upper ? x -> alpha - survival(mu, sigma, noise, offset, stride, n, x)
                : x -> cdf(mu, sigma, noise, offset, stride, n, x) - alpha;
        double pad = 1e-9 * Math.max(hi - lo, maxSigma);
        for (int k = 0; f.value(lo) > 0; k++) {
            lo -= pad * Math.pow(2, k);
        }
        for (int k = 0; f.value(hi) < 0; k++) {
            hi += pad * Math.pow(2, k);
        }
        if (f.value(lo) == 0) {
            return lo;
        }
        if (f.value(hi) == 0) {
            return hi;
        }
        BrentSolver solver = new BrentSolver(SOLVER_ACCURACY, SOLVER_ACCURACY * (hi - lo + maxSigma), 0.0);
        return solver.solve(SOLVER_MAX_EVAL, f, lo, hi);
    }

    /**
     * CRPS of the mixture at y: the component's own {@link NoiseDistribution#crps} for one component, else
     * {@link #quadratureCrps}.
     */
    static double crps(double[] mu, double[] sigma, NoiseDistribution[] noise, int offset, int stride, int n,
                       double y) {
        if (n == 1) {
            return sigma[offset] * noise[0].crps((y - mu[offset]) / sigma[offset]);
        }
        return quadratureCrps(mu, sigma, noise, offset, stride, n, y);
    }

    /**
     * The CRPS by its definition {@code integral_0^inf F(y - u)^2 + (1 - F(y + u))^2 du}, each half line by
     * {@link Quadrature#halfLine} in units of the mean component scale. Beyond {@link #CRPS_COMPONENTS_MAX}
     * components F is that of as many evenly spaced components.
     */
    static double quadratureCrps(double[] mu, double[] sigma, NoiseDistribution[] noise, int offset, int stride,
                                 int n, double y) {
        int m = Math.min(n, CRPS_COMPONENTS_MAX);
        double[] mm = new double[m];
        double[] ss = new double[m];
        NoiseDistribution[] nn = new NoiseDistribution[m];
        double meanSigma = 0;
        for (int k = 0; k < m; k++) {
            int s = (int) ((long) k * n / m);
            mm[k] = mu[offset + s * stride];
            ss[k] = sigma[offset + s * stride];
            nn[k] = noise[s];
            meanSigma += ss[k] / m;
        }
        double below = Quadrature.halfLine(u -> {
            double f = cdf(mm, ss, nn, 0, 1, m, y - u);
            return f * f;
        }, meanSigma);
        double above = Quadrature.halfLine(u -> {
            double f = survival(mm, ss, nn, 0, 1, m, y + u);
            return f * f;
        }, meanSigma);
        return below + above;
    }

    /**
     * Per-point log density of the mixture over the D outputs by log-sum-exp:
     * {@code logsumexp_s(sum_d log f_s((y_bd - mu_sbd) / sigma_sbd) - log sigma_sbd) - log N}.
     *
     * @param mu    locations {@code [n, b, d]} row-major
     * @param sigma scales, same layout
     * @param noise per sample, its standardised distribution
     * @param y     targets {@code [b, d]} row-major
     * @return log densities {@code [b]}
     */
    static double[] logDensities(double[] mu, double[] sigma, NoiseDistribution[] noise, int n, int b, int d,
                                 double[] y) {
        double[] out = new double[b];
        double[] comp = new double[n];
        double logN = Math.log(n);
        for (int p = 0; p < b; p++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < n; s++) {
                double l = 0.0;
                for (int j = 0, i = (s * b + p) * d; j < d; j++, i++) {
                    l += noise[s].logDensity((y[p * d + j] - mu[i]) / sigma[i]) - Math.log(sigma[i]);
                }
                comp[s] = l;
                max = Math.max(max, l);
            }
            out[p] = MixtureMath.logMeanExp(comp, n, max, logN);
        }
        return out;
    }
}
