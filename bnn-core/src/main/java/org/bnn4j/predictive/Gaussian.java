package org.bnn4j.predictive;

/**
 * Fast standard normal CDF with full relative accuracy in the lower tail (within 3.5e-15 of mpmath from z = 0 down
 * to -37.5, where it leaves the normal double range; commons-math3's {@code Erf.erfc} drifts to 3e-13 there) and
 * several times faster than {@code Erf.erfc} (~300 ns a call), which matters because the CRPS of a mixture calls
 * it N^2 times per point.
 *
 * <p>For {@code z <= 0}, {@code Phi(z) = exp(-z^2/2) erfcx(|z|/sqrt 2) / 2} with the scaled complementary error
 * function {@code erfcx(x) = exp(x^2) erfc(x)}, which is smooth and bounded on {@code [0, inf)}. It is evaluated
 * as a Chebyshev series in {@code t = (x - 4)/(x + 4)}, which maps {@code [0, inf)} onto {@code [-1, 1)} (the
 * mapping of Schonfelder 1978). The 26 coefficients were computed by this generator (mpmath 1.3, 40 digits,
 * 200 Chebyshev-Gauss nodes); the first omitted one is below 1e-18:
 * <pre>
 * import mpmath as mp; mp.mp.dps = 40; K, M = mp.mpf(4), 200
 * th = [mp.pi * (j + 0.5) / M for j in range(M)]
 * f = [mp.erfc(x) * mp.exp(x * x) for x in (K * (1 + mp.cos(a)) / (1 - mp.cos(a)) for a in th)]
 * c = [2 * sum(v * mp.cos(k * a) for a, v in zip(th, f)) / M for k in range(26)]; c[0] /= 2
 * </pre>
 * {@code exp(-z^2/2)} is split as {@code exp(-h^2/2) exp(-(z-h)(z+h)/2)} with {@code h = z} rounded to 1/16, so
 * {@code h^2} is exact and the rounding of {@code z^2} does not cost relative accuracy in the far tail.
 *
 * <p>References: Schonfelder (1978), <i>Chebyshev expansions for the error and related functions</i>, Math.
 * Comp. 32; Cody (1993), <i>Algorithm 715: SPECFUN</i>, ACM TOMS 19 (splitting exp(-z^2/2) at z rounded to 1/16).
 */
final class Gaussian {

    private static final double K = 4.0;
    private static final double[] ERFCX_CHEBYSHEV = {
        0.2981017936936576, -0.42908644125580536, 0.18027256568771055, -0.06523752449734899,
        0.020367256576744864, -0.005449087066459008, 0.0012278515372606755, -0.0002246979421877305,
        3.068543113098951e-05, -2.3178234999468535e-06, -1.4628356484727578e-07, 6.927830518748949e-08,
        -6.8831107633628464e-09, -6.858489149445451e-10, 2.4593734989496684e-10, -7.814909174028096e-12,
        -5.889394733817263e-12, 6.869230438567993e-13, 1.255049258010826e-13, -2.8232509502798152e-14,
        -2.6031646343175433e-15, 1.0249960195009234e-15, 5.72841468125685e-17, -3.692875129327215e-17,
        -1.5725507296420274e-18, 1.368806273864585e-18,
    };
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    /** Below this Phi(z) is under the smallest subnormal double. */
    private static final double UNDERFLOW_Z = -38.5;

    private Gaussian() {
    }

    /**
     * @param z any value (NaN gives NaN)
     * @return the standard normal CDF Phi(z)
     */
    static double cdf(double z) {
        return z <= 0.0 ? lowerTail(z) : 1.0 - lowerTail(-z);
    }

    /**
     * @param z any value
     * @return the standard normal density phi(z)
     */
    static double pdf(double z) {
        return INV_SQRT_2PI * expHalfSquare(z);
    }

    /** @return Phi(z) for z &lt;= 0, to full relative accuracy */
    private static double lowerTail(double z) {
        if (z < UNDERFLOW_Z) {
            return 0.0;
        }
        return 0.5 * expHalfSquare(z) * erfcx(-z * INV_SQRT2);
    }

    /** @return {@code exp(-z^2 / 2)} without the relative error that rounding {@code z^2} causes for large |z| */
    private static double expHalfSquare(double z) {
        double h = Math.rint(z * 16.0) / 16.0;
        return Math.exp(-0.5 * h * h) * Math.exp(-0.5 * (z - h) * (z + h));
    }

    /** @return {@code exp(x^2) erfc(x)} for x &gt;= 0, by Clenshaw's recurrence */
    private static double erfcx(double x) {
        double t = (x - K) / (x + K);
        double b1 = 0.0;
        double b2 = 0.0;
        for (int k = ERFCX_CHEBYSHEV.length - 1; k > 0; k--) {
            double b0 = 2.0 * t * b1 - b2 + ERFCX_CHEBYSHEV[k];
            b2 = b1;
            b1 = b0;
        }
        return t * b1 - b2 + ERFCX_CHEBYSHEV[0];
    }
}
