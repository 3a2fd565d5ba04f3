package org.bnn4j.predictive;

import java.util.random.RandomGenerator;

/**
 * The standard Normal {@code N(0, 1)}: the noise of the Gaussian likelihoods. Its CDF keeps full relative accuracy
 * in both tails (the survival function is {@code cdf(-z)}); its quantile is Acklam's rational approximation refined
 * by one Halley step on that CDF; its CRPS and Fisher information are closed forms.
 *
 * <pre>{@code
 * double q = NormalNoise.INSTANCE.quantile(0.975);   // 1.959963984540054
 * }</pre>
 *
 * <p>References: Gneiting, Raftery, Westveld &amp; Goldman (2005), <i>Calibrated probabilistic forecasting using
 * ensemble model output statistics</i>, MWR 133 (CRPS of a Normal); P. J. Acklam (2003), <i>An algorithm for
 * computing the inverse normal cumulative distribution function</i>.
 */
public final class NormalNoise implements NoiseDistribution {

    /** The standard Normal. */
    public static final NormalNoise INSTANCE = new NormalNoise();

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double INV_SQRT_PI = 1.0 / Math.sqrt(Math.PI);
    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    /** Below this p Acklam uses the tail rational function. */
    private static final double P_LOW = 0.02425;

    private NormalNoise() {
    }

    @Override
    public String name() {
        return "normal";
    }

    @Override
    public double logDensity(double z) {
        return -0.5 * z * z - HALF_LOG_2PI;
    }

    @Override
    public double score(double z) {
        return -z;
    }

    @Override
    public double cdf(double z) {
        return Gaussian.cdf(z);
    }

    @Override
    public double survival(double z) {
        return Gaussian.cdf(-z);
    }

    @Override
    public double quantile(double p) {
        Quadrature.requireProbability(p);
        if (p > 0.5) {
            return -quantile(1.0 - p); // 1 - p is exact for p in [0.5, 1)
        }
        double x;
        if (p < P_LOW) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        } else {
            double q = p - 0.5;
            double r = q * q;
            x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                    / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
        }
        // one Halley step on the accurate CDF: Acklam's 1.15e-9 relative error becomes ~1e-15
        double u = (Gaussian.cdf(x) - p) / Gaussian.pdf(x);
        return x - u / (1 + 0.5 * x * u);
    }

    @Override
    public double variance() {
        return 1.0;
    }

    @Override
    public double sample(RandomGenerator rng) {
        return rng.nextGaussian();
    }

    /** {@code z (2 Phi(z) - 1) + 2 phi(z) - 1 / sqrt(pi)} (Gneiting et al. 2005). */
    @Override
    public double crps(double z) {
        return z * (2 * Gaussian.cdf(z) - 1) + 2 * Gaussian.pdf(z) - INV_SQRT_PI;
    }

    /** @return 1 */
    @Override
    public double fisherLocation() {
        return 1.0;
    }

    /** @return 2 */
    @Override
    public double fisherScale() {
        return 2.0;
    }

    @Override
    public String toString() {
        return "NormalNoise";
    }
}
