package org.bnn4j.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * The Student-t noise against closed forms (Cauchy at nu = 1, nu = 2), commons-math3's t distribution, its own
 * inverse, Monte Carlo, and the quadrature defaults of the interface.
 */
class StudentTNoiseTest {

    private static final double[] NUS = {0.7, 1, 2, 2.5, 4, 30, 1e4};

    /** Every method but the ones under test delegates: the interface's quadrature defaults are used for those. */
    private static NoiseDistribution withDefaults(NoiseDistribution d) {
        return new NoiseDistribution() {
            public String name() {
                return d.name();
            }

            public double logDensity(double z) {
                return d.logDensity(z);
            }

            public double score(double z) {
                return d.score(z);
            }

            public double cdf(double z) {
                return d.cdf(z);
            }

            public double survival(double z) {
                return d.survival(z);
            }

            public double quantile(double p) {
                return d.quantile(p);
            }

            public double variance() {
                return d.variance();
            }

            public double sample(RandomGenerator rng) {
                return d.sample(rng);
            }
        };
    }

    /**
     * commons-math3 computes the same formulas with its own log-gamma: agreement to 1e-12 relative, plus, for the
     * log density, the rounding of commons-math3's {@code logGamma((nu+1)/2) - logGamma(nu/2)}, a difference of two
     * values near {@code (nu/2) log(nu/2)} (4 ulps of the larger; 7e-12 at nu = 1e4), which ours avoids by an
     * asymptotic series.
     */
    @Test
    void densityAndCdfMatchCommonsMath() {
        for (double nu : NUS) {
            StudentTNoise t = StudentTNoise.of(nu);
            TDistribution ref = new TDistribution(null, nu, 1e-14);
            for (double z : new double[] {-40, -3.3, -1, -0.2, 0, 0.05, 0.9, 2.5, 12}) {
                double cancellation = 4 * Math.ulp(Gamma.logGamma(0.5 * nu + 0.5));
                assertEquals(ref.logDensity(z), t.logDensity(z),
                        1e-12 * Math.max(1, Math.abs(ref.logDensity(z))) + cancellation,
                        "log density nu=" + nu + " z=" + z);
                if (nu < 1e3) { // commons-math3's incomplete beta loses ~1e-12 at nu = 1e4: see the next test
                    assertEquals(ref.cumulativeProbability(z), t.cdf(z), 1e-12, "cdf nu=" + nu + " z=" + z);
                }
            }
        }
    }

    /**
     * Large nu against {@code 1 - I_x(nu/2, 1/2) / 2} evaluated by mpmath's {@code betainc} at 40 digits: 1e-13
     * relative (the continued fraction takes ~100 terms at nu/2 = 5000, each rounding by a few ulps:
     * 100 x 4 x 2.2e-16),
     * where commons-math3 is off by 1.2e-12 at z = 0.05.
     */
    @Test
    void largeDegreesOfFreedomCdfMatchesHighPrecision() {
        StudentTNoise t = StudentTNoise.of(1e4);
        assertEquals(0.51993830654459510738, t.cdf(0.05), 1e-13 * 0.52);
        assertEquals(0.00048511562216314189362, t.cdf(-3.3), 1e-13 * 4.9e-4);
    }

    /**
     * Relative accuracy in the far lower tail, where {@code 1 - cdf} would be all rounding: Cauchy
     * {@code F(z) = atan(-1/z)/pi} for z &lt; 0, and nu = 2 {@code F(z) = 1 / (r (r + |z|))}, {@code r = sqrt(2 + z^2)}
     * (both written without cancellation). 1e-13 relative: a few ulps per term of the continued fraction.
     */
    @Test
    void tailsKeepTheirRelativeAccuracy() {
        StudentTNoise cauchy = StudentTNoise.of(1);
        StudentTNoise two = StudentTNoise.of(2);
        for (double z : new double[] {-1e8, -1e3, -7, -0.3}) {
            double c = Math.atan(-1 / z) / Math.PI;
            assertEquals(c, cauchy.cdf(z), 1e-13 * c, "Cauchy z=" + z);
            assertEquals(c, cauchy.survival(-z), 1e-13 * c);
            double r = Math.sqrt(2 + z * z);
            double f2 = 1 / (r * (r + Math.abs(z)));
            assertEquals(f2, two.cdf(z), 1e-13 * f2, "nu=2 z=" + z);
        }
    }

    /**
     * Inverse of the CDF to 1e-12 relative in p; against closed forms: the t(3) upper tail
     * {@code 1/2 - (atan(x) + x/(1+x^2))/pi}, {@code x = z/sqrt(3)}, at the 0.975 quantile (1e-13 relative: the
     * closed form's own rounding), and the Cauchy quantile {@code tan(pi (p - 1/2)) = -1/tan(pi p)}.
     */
    @Test
    void quantileInvertsTheCdf() {
        double x = StudentTNoise.of(3).quantile(0.975) / Math.sqrt(3);
        assertEquals(0.025, 0.5 - (Math.atan(x) + x / (1 + x * x)) / Math.PI, 1e-13 * 0.025);
        for (double p : new double[] {1e-12, 0.01, 0.3, 0.8}) {
            double cauchy = -1 / Math.tan(Math.PI * p); // tan(pi (p - 1/2)) without the rounding of p - 1/2
            assertEquals(cauchy, StudentTNoise.of(1).quantile(p), 1e-12 * Math.abs(cauchy));
        }
        for (double nu : NUS) {
            StudentTNoise t = StudentTNoise.of(nu);
            for (double p : new double[] {1e-15, 1e-6, 0.025, 0.2, 0.45, 0.5, 0.55, 0.9, 1 - 1e-9}) {
                double q = t.quantile(p);
                double back = p < 0.5 ? t.cdf(q) : t.survival(q);
                double target = p < 0.5 ? p : 1 - p;
                assertEquals(target, back, 1e-12 * target, "nu=" + nu + " p=" + p);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> StudentTNoise.of(3).quantile(1.0));
    }

    @Test
    void varianceIsDefinedAboveTwoDegreesOfFreedom() {
        assertEquals(2.0, StudentTNoise.of(4).variance(), 1e-15);
        assertEquals(5.0, StudentTNoise.of(2.5).variance(), 1e-14);
        assertTrue(Double.isNaN(StudentTNoise.of(2).variance()));
        assertTrue(Double.isNaN(StudentTNoise.of(1.5).variance()));
    }

    /**
     * The closed-form CRPS (Jordan et al. 2019) against the quadrature of its definition: two independent routes,
     * agreeing to 1e-8 relative (the quadrature's 1e-10 plus the CDF's 1e-14 per evaluation); and the Normal's CRPS
     * as nu grows (the t's CRPS differs by O(1/nu), 2e-5 at nu = 1e4).
     */
    @Test
    void crpsClosedFormMatchesQuadrature() {
        for (double nu : new double[] {1.3, 2.5, 4, 30}) {
            StudentTNoise t = StudentTNoise.of(nu);
            NoiseDistribution numeric = withDefaults(t);
            for (double z : new double[] {-6, -1, 0, 0.4, 3}) {
                double closed = t.crps(z);
                assertEquals(numeric.crps(z), closed, 1e-8 * closed, "nu=" + nu + " z=" + z);
            }
        }
        for (double z : new double[] {-2, 0, 1}) {
            assertEquals(NormalNoise.INSTANCE.crps(z), StudentTNoise.of(1e4).crps(z), 1e-4);
        }
    }

    /** Fisher constants (Lange et al. 1989) against the quadrature defaults; 1e-8 relative as above. */
    @Test
    void fisherInformationMatchesQuadrature() {
        for (double nu : new double[] {1, 3, 12}) {
            StudentTNoise t = StudentTNoise.of(nu);
            NoiseDistribution numeric = withDefaults(t);
            assertEquals(numeric.fisherLocation(), t.fisherLocation(), 1e-8);
            assertEquals(numeric.fisherScale(), t.fisherScale(), 1e-8);
        }
    }

    /**
     * 200k draws at nu = 5: mean 0 and variance 5/3 within 5 standard errors (the variance's from the fourth moment
     * {@code 3 nu^2 / ((nu-2)(nu-4)) = 25}); and the empirical CDF at five quantiles within 5 binomial standard errors.
     */
    @Test
    void drawsFollowTheDistribution() {
        StudentTNoise t = StudentTNoise.of(5);
        SplittableRandom rng = new SplittableRandom(11);
        int k = 200_000;
        double[] z = new double[k];
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < k; i++) {
            z[i] = t.sample(rng);
            sum += z[i];
            sq += z[i] * z[i];
        }
        double var = 5.0 / 3;
        assertEquals(0, sum / k, 5 * Math.sqrt(var / k));
        assertEquals(var, sq / k, 5 * Math.sqrt((25 - var * var) / k));
        for (double p : new double[] {0.01, 0.2, 0.5, 0.8, 0.99}) {
            double q = t.quantile(p);
            long below = java.util.Arrays.stream(z).filter(v -> v <= q).count();
            assertEquals(p, (double) below / k, 5 * Math.sqrt(p * (1 - p) / k), "p=" + p);
        }
    }

    /** Shapes below and above 1: mean = variance = shape within 5 standard errors ({@code Var} of the variance is {@code 6 a^2 + ...}). */
    @Test
    void gammaDrawsHaveTheirMoments() {
        SplittableRandom rng = new SplittableRandom(5);
        for (double a : new double[] {0.35, 1.25, 7}) {
            int k = 100_000;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < k; i++) {
                double g = StudentTNoise.standardGamma(a, rng);
                sum += g;
                sq += g * g;
            }
            double mean = sum / k;
            double var = sq / k - mean * mean;
            assertEquals(a, mean, 5 * Math.sqrt(a / k), "shape " + a);
            // fourth central moment of Gamma(a): 3a^2 + 6a; Var of the sample variance ~ (mu4 - a^2) / k
            assertEquals(a, var, 5 * Math.sqrt((3 * a * a + 6 * a - a * a) / k), "shape " + a);
        }
    }

    /** The asymptotic series joins the log-gamma difference: within 1e-11 at the switch and beyond it. */
    @Test
    void logGammaRatioIsContinuous() {
        for (double x : new double[] {499.99, 500, 800, 3000}) {
            double direct = Gamma.logGamma(x + 0.5) - Gamma.logGamma(x);
            assertEquals(direct, StudentTNoise.logGammaRatio(x), 1e-11, "x=" + x);
        }
        assertEquals(StudentTNoise.of(7).logNormalizer(), StudentTNoise.logNormalizer(7), 0.0);
    }

    @Test
    void rejectsInvalidDegreesOfFreedom() {
        for (double nu : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudentTNoise.of(nu));
            assertTrue(e.getMessage().contains("nu must be finite and > 0"), e.getMessage());
        }
    }
}
