package org.bnn4j.predictive;

import java.util.random.RandomGenerator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.special.Gamma;

/**
 * The standard Student-t with {@code nu} degrees of freedom: density
 * {@code Gamma((nu+1)/2) / (Gamma(nu/2) sqrt(nu pi)) (1 + z^2/nu)^(-(nu+1)/2)}, the noise of the Student-t
 * likelihoods. Heavier tails than the Normal (which it approaches as {@code nu -> infinity}), so a few gross
 * outliers pull a fit much less.
 *
 * <p>Variance {@code nu / (nu - 2)} for {@code nu > 2}, else undefined ({@link #variance()} returns NaN). CDF from
 * the regularised incomplete beta function {@code I_x(nu/2, 1/2)} with {@code x = nu / (nu + z^2)} by its continued
 * fraction (evaluated on whichever of x and 1 - x keeps it short, both computed from z without cancellation), so
 * both tails keep their relative accuracy; quantile by Brent's method on that function in log x. CRPS in closed form
 * for {@code nu > 1} (Jordan, Krüger &amp; Lerch 2019), by quadrature otherwise; Fisher information
 * {@code (nu+1)/(nu+3)} (location) and {@code 2 nu/(nu+3)} (scale) per unit scale (Lange, Little &amp; Taylor 1989).
 * Draws are {@code N(0,1) / sqrt(chi2_nu / nu)} with the chi-square from Marsaglia and Tsang's gamma sampler.
 *
 * <pre>{@code
 * StudentTNoise t = StudentTNoise.of(3.0);
 * double q = t.quantile(0.975);   // 3.18244630528371
 * }</pre>
 *
 * <p>References: Lange, Little &amp; Taylor (1989), <i>Robust statistical modeling using the t distribution</i>,
 * JASA 84; Jordan, Krüger &amp; Lerch (2019), <i>Evaluating probabilistic forecasts with scoringRules</i>, JSS 90
 * (CRPS of the t); Press et al., <i>Numerical Recipes</i>, 3rd ed., section 6.4 (the continued fraction, modified
 * Lentz); Marsaglia &amp; Tsang (2000), <i>A simple method for generating gamma variables</i>, ACM TOMS 26.
 */
public final class StudentTNoise implements NoiseDistribution {

    private static final double HALF_LOG_PI = 0.5 * Math.log(Math.PI);
    /** Above this argument {@link #logGammaRatio} uses its asymptotic series (error below 1e-16 there). */
    private static final double ASYMPTOTIC_RATIO = 500.0;
    private static final double CF_EPS = 1e-15;
    private static final double CF_TINY = 1e-300;
    /** The continued fraction needs O(sqrt(max(a, b))) terms near its switch point: 1e5 covers nu up to ~1e9. */
    private static final int CF_MAX_TERMS = 100_000;

    private final double nu;
    private final double a;
    private final double logBeta;
    private final double logNormaliser;
    private final double crpsConstant;

    private StudentTNoise(double nu) {
        this.nu = nu;
        this.a = 0.5 * nu;
        double ratio = logGammaRatio(a); // log Gamma((nu+1)/2) - log Gamma(nu/2)
        this.logBeta = HALF_LOG_PI - ratio; // log B(nu/2, 1/2)
        this.logNormaliser = ratio - 0.5 * Math.log(nu * Math.PI);
        // 2 sqrt(nu) B(1/2, nu - 1/2) / ((nu - 1) B(1/2, nu/2)^2), with log B(1/2, c) = log sqrt(pi) - ratio(c)
        this.crpsConstant = nu > 1 ? 2 * Math.sqrt(nu) / (nu - 1)
                * Math.exp(-HALF_LOG_PI - logGammaRatio(nu - 0.5) + 2 * ratio) : Double.NaN;
    }

    /**
     * @param nu degrees of freedom, finite and {@code > 0}
     * @return the standard Student-t with nu degrees of freedom
     * @throws IllegalArgumentException unless nu is finite and positive
     */
    public static StudentTNoise of(double nu) {
        if (!(nu > 0) || !Double.isFinite(nu)) {
            throw new IllegalArgumentException("nu must be finite and > 0 but was " + nu
                    + "; pass the degrees of freedom, e.g. 4");
        }
        return new StudentTNoise(nu);
    }

    /** @return the degrees of freedom nu */
    public double nu() {
        return nu;
    }

    /** @return {@code log Gamma((nu+1)/2) - log Gamma(nu/2) - log(nu pi)/2}, the log density at 0 */
    public double logNormalizer() {
        return logNormaliser;
    }

    /**
     * @param nu degrees of freedom, {@code > 0}
     * @return {@code log Gamma((nu+1)/2) - log Gamma(nu/2) - log(nu pi)/2}, without creating an instance
     */
    public static double logNormalizer(double nu) {
        return logGammaRatio(0.5 * nu) - 0.5 * Math.log(nu * Math.PI);
    }

    @Override
    public String name() {
        return "student-t(nu=" + nu + ")";
    }

    @Override
    public double logDensity(double z) {
        return logNormaliser - 0.5 * (nu + 1) * Math.log1p(z * z / nu);
    }

    @Override
    public double score(double z) {
        return -(nu + 1) * z / (nu + z * z);
    }

    @Override
    public double cdf(double z) {
        return z <= 0 ? lowerTail(z) : 1.0 - lowerTail(-z);
    }

    @Override
    public double survival(double z) {
        return cdf(-z);
    }

    /** @return {@code P(Z <= z)} for {@code z <= 0}: {@code I_x(nu/2, 1/2) / 2}, {@code x = nu / (nu + z^2)} */
    private double lowerTail(double z) {
        if (z == Double.NEGATIVE_INFINITY) {
            return 0.0;
        }
        double z2 = z * z;
        double x = nu / (nu + z2);
        double y = z2 / (nu + z2); // 1 - x, without cancellation
        // log x = -log1p(z^2/nu) exactly rounded: the prefactor x^(nu/2) would amplify x's rounding by nu/2
        return 0.5 * regularizedBeta(x, y, -Math.log1p(z2 / nu), Math.log(y), a, 0.5);
    }

    @Override
    public double quantile(double p) {
        Quadrature.requireProbability(p);
        if (p > 0.5) {
            return -quantile(1.0 - p);
        }
        if (p == 0.5) {
            return 0.0;
        }
        double w = 2 * p; // = I_x(nu/2, 1/2) at the quantile
        if (w <= 0.5) {
            double x = solveIncreasing(v -> regularizedBeta(v, 1 - v, a, 0.5), w);
            return -Math.sqrt(nu * (1 - x) / x);
        }
        // near the centre: solve for y = 1 - x = z^2 / (nu + z^2) with I_y(1/2, nu/2) = 1 - w
        double y = solveIncreasing(v -> regularizedBeta(v, 1 - v, 0.5, a), 1 - w);
        return -Math.sqrt(nu * y / (1 - y));
    }

    /** @return {@code Var[Z] = nu / (nu - 2)} for {@code nu > 2}, else NaN (the variance is infinite or undefined) */
    @Override
    public double variance() {
        return nu > 2 ? nu / (nu - 2) : Double.NaN;
    }

    @Override
    public double sample(RandomGenerator rng) {
        double g = standardGamma(a, rng); // chi2_nu / 2
        return rng.nextGaussian() / Math.sqrt(g / a);
    }

    /**
     * {@code z (2 F(z) - 1) + 2 f(z) (nu + z^2) / (nu - 1) - 2 sqrt(nu) B(1/2, nu - 1/2) / ((nu - 1) B(1/2, nu/2)^2)}
     * for {@code nu > 1} (Jordan et al. 2019); by quadrature of the definition for {@code nu <= 1}, where the CRPS
     * is still finite for {@code nu > 1/2} but the quadrature converges slowly.
     */
    @Override
    public double crps(double z) {
        if (!(nu > 1)) {
            return NoiseDistribution.super.crps(z);
        }
        double f = Math.exp(logDensity(z));
        return z * (2 * cdf(z) - 1) + 2 * f * (nu + z * z) / (nu - 1) - crpsConstant;
    }

    /** @return {@code (nu + 1) / (nu + 3)} */
    @Override
    public double fisherLocation() {
        return (nu + 1) / (nu + 3);
    }

    /** @return {@code 2 nu / (nu + 3)} */
    @Override
    public double fisherScale() {
        return 2 * nu / (nu + 3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StudentTNoise t && Double.compare(t.nu, nu) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(nu);
    }

    @Override
    public String toString() {
        return "StudentTNoise[nu=" + nu + "]";
    }

    /**
     * {@code log Gamma(x + 1/2) - log Gamma(x)}: the difference of log-gamma values for {@code x < 500}, else the
     * asymptotic series {@code log(x)/2 - 1/(8x) + 1/(192 x^3)} (next term {@code 1/(640 x^5)} below 1e-16), which
     * avoids the cancellation of two values near {@code x log x}.
     *
     * @param x {@code > 0}
     * @return the log of {@code Gamma(x + 1/2) / Gamma(x)}
     */
    static double logGammaRatio(double x) {
        if (x < ASYMPTOTIC_RATIO) {
            return Gamma.logGamma(x + 0.5) - Gamma.logGamma(x);
        }
        return 0.5 * Math.log(x) - 1 / (8 * x) + 1 / (192 * x * x * x);
    }

    /**
     * The regularised incomplete beta {@code I_x(p, q)} with {@code q = 1/2} and {@code p = nu/2} or the reverse,
     * given x and {@code 1 - x} separately so neither is lost to cancellation. Evaluates the continued fraction on x
     * when {@code x < (p + 1) / (p + q + 2)}, else {@code 1 - I_(1-x)(q, p)}, where it converges fast.
     */
    private double regularizedBeta(double x, double oneMinusX, double p, double q) {
        return regularizedBeta(x, oneMinusX, Math.log(x), Math.log(oneMinusX), p, q);
    }

    /** As above, given also {@code log x} and {@code log(1 - x)} (which the caller may know more accurately). */
    private double regularizedBeta(double x, double oneMinusX, double logX, double logOneMinusX, double p, double q) {
        if (x <= 0) {
            return 0.0;
        }
        if (oneMinusX <= 0) {
            return 1.0;
        }
        if (x < (p + 1) / (p + q + 2)) {
            return Math.exp(p * logX + q * logOneMinusX - logBeta) * continuedFraction(x, p, q) / p;
        }
        return 1.0 - Math.exp(q * logOneMinusX + p * logX - logBeta) * continuedFraction(oneMinusX, q, p) / q;
    }

    /** The continued fraction of {@code I_x(p, q)} by the modified Lentz method (Numerical Recipes 6.4). */
    private static double continuedFraction(double x, double p, double q) {
        double qab = p + q;
        double qap = p + 1;
        double qam = p - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        d = 1 / (Math.abs(d) < CF_TINY ? CF_TINY : d);
        double h = d;
        for (int m = 1; m <= CF_MAX_TERMS; m++) {
            int m2 = 2 * m;
            double aa = m * (q - m) * x / ((qam + m2) * (p + m2));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < CF_TINY ? CF_TINY : d);
            c = 1 + aa / c;
            c = Math.abs(c) < CF_TINY ? CF_TINY : c;
            h *= d * c;
            aa = -(p + m) * (qab + m) * x / ((p + m2) * (qap + m2));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < CF_TINY ? CF_TINY : d);
            c = 1 + aa / c;
            c = Math.abs(c) < CF_TINY ? CF_TINY : c;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < CF_EPS) {
                return h;
            }
        }
        return h; // not reached for nu below ~1e9; the last convergent is accurate to a few digits there
    }

    /**
     * Solves {@code f(v) = target} for v in (0, 1), f increasing from 0 to 1, by Brent's method on {@code log v}
     * (relative accuracy about 1e-15 in v however small v is).
     */
    private static double solveIncreasing(java.util.function.DoubleUnaryOperator f, double target) {
        double lo = -1;
        while (f.applyAsDouble(Math.exp(lo)) >= target && lo > -745) {
            lo *= 2;
        }
        BrentSolver solver = new BrentSolver(1e-15, 1e-15, 0.0);
        double u = solver.solve(500, v -> f.applyAsDouble(Math.exp(v)) - target, Math.max(lo, -745), 0);
        return Math.exp(u);
    }

    /**
     * A Gamma(shape, 1) draw by Marsaglia and Tsang (2000); shapes below 1 via {@code G(shape + 1) U^(1/shape)}.
     *
     * @param shape {@code > 0}
     * @param rng   random source, advanced
     * @return the draw
     */
    static double standardGamma(double shape, RandomGenerator rng) {
        if (shape < 1) {
            double u = rng.nextDouble();
            return standardGamma(shape + 1, rng) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = rng.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
