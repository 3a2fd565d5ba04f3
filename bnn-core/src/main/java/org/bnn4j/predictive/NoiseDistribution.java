package org.bnn4j.predictive;

import java.util.random.RandomGenerator;

/**
 * The distribution of the standardised residual {@code Z = (y - location) / scale} of one predictive component: a
 * member of a location-scale family with its shape parameters fixed (none for the Normal, the degrees of freedom
 * for the Student-t). Each component of a {@link PredictiveDistribution} is {@code location + scale * Z}, and a
 * {@link org.bnn4j.model.Likelihood} says which distribution Z has for a given parameter vector.
 *
 * <p>An implementation is immutable and thread-safe. It supplies the density and its score (what a likelihood
 * differentiates), the CDF and quantile (intervals, calibration), the variance (the aleatoric part of the law of
 * total variance), sampling, and optionally closed forms of the CRPS and the Fisher information; the defaults
 * compute those two by adaptive Gauss-Kronrod quadrature from the other methods.
 *
 * <pre>{@code
 * NoiseDistribution t = StudentTNoise.of(4.0);
 * double p = t.cdf(1.5);                    // P(Z <= 1.5)
 * double var = t.variance();                // 4 / (4 - 2) = 2
 * double z = t.sample(new SplittableRandom(1));
 * }</pre>
 *
 * <p>References: Gneiting &amp; Raftery (2007), <i>Strictly proper scoring rules, prediction, and estimation</i>,
 * JASA 102 (the CRPS); Lange, Little &amp; Taylor (1989), <i>Robust statistical modeling using the t distribution</i>,
 * JASA 84 (Fisher information of a location-scale family).
 */
public interface NoiseDistribution {

    /** @return a short name for messages and reports, e.g. {@code normal} or {@code student-t(nu=4)} */
    String name();

    /**
     * @param z a standardised residual
     * @return {@code log f(z)}, the log density of Z
     */
    double logDensity(double z);

    /**
     * @param z a standardised residual
     * @return the score {@code d log f(z) / dz}
     */
    double score(double z);

    /**
     * @param z any value
     * @return {@code P(Z <= z)}
     */
    double cdf(double z);

    /**
     * The upper tail, which implementations compute without the cancellation of {@code 1 - cdf(z)} where they can.
     *
     * @param z any value
     * @return {@code P(Z > z)}
     */
    default double survival(double z) {
        return 1.0 - cdf(z);
    }

    /**
     * @param p a probability in {@code (0, 1)}
     * @return the z with {@code cdf(z) = p}
     * @throws IllegalArgumentException unless {@code 0 < p < 1}
     */
    double quantile(double p);

    /**
     * @return {@code Var[Z]}; {@link Double#NaN} when it is undefined (infinite, or Z has no mean), e.g. a Student-t
     *         with {@code nu <= 2}
     */
    double variance();

    /**
     * @param rng random source, advanced
     * @return one draw of Z
     */
    double sample(RandomGenerator rng);

    /**
     * CRPS of Z's distribution at z, {@code integral (F(u) - 1{u >= z})^2 du} (Gneiting &amp; Raftery 2007); the
     * CRPS of {@code location + scale * Z} at y is {@code scale * crps((y - location) / scale)}. The default
     * integrates that definition by adaptive Gauss-Kronrod quadrature (relative error about 1e-9 for distributions
     * with a finite mean); override it with a closed form where one exists.
     *
     * @param z a standardised residual
     * @return the CRPS, {@code >= 0}
     */
    default double crps(double z) {
        return NoiseMixtureMath.quadratureCrps(new double[] {0.0}, new double[] {1.0}, new NoiseDistribution[] {this},
                0, 1, 1, z);
    }

    /**
     * Fisher information of the location per unit scale: {@code E[score(Z)^2]}, so that a component with scale s
     * has information {@code fisherLocation() / s^2} about its location (1 for the Normal). The default integrates
     * it by quadrature; override it with a closed form.
     *
     * @return the information, {@code > 0}
     */
    default double fisherLocation() {
        return Quadrature.wholeLine(z -> {
            double g = score(z);
            return g * g * Math.exp(logDensity(z));
        }, 1.0);
    }

    /**
     * Fisher information of the scale per unit scale: {@code E[(1 + Z score(Z))^2]}, so that a component with scale
     * s has information {@code fisherScale() / s^2} about its scale (2 for the Normal). For symmetric Z the cross
     * term with the location is 0. The default integrates it by quadrature; override it with a closed form.
     *
     * @return the information, {@code > 0}
     */
    default double fisherScale() {
        return Quadrature.wholeLine(z -> {
            double g = 1.0 + z * score(z);
            return g * g * Math.exp(logDensity(z));
        }, 1.0);
    }
}
