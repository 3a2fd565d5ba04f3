package org.bnn4j.model;

/**
 * How a Student-t likelihood treats its degrees of freedom {@code nu}: fixed, or learned with a log-normal prior on
 * the unconstrained {@code log nu} (latent: MCMC samples it, SVI gives it a Gaussian guide, MAP adds its log prior;
 * MLE, which has no priors, optimises it as a plain parameter).
 *
 * <pre>{@code
 * DegreesOfFreedom robust = new DegreesOfFreedom.Fixed(4);   // a common robust default
 * DegreesOfFreedom free = DegreesOfFreedom.learned();         // log nu ~ N(log 10, 1)
 * }</pre>
 *
 * <p>References: Juárez &amp; Steel (2010), <i>Model-based clustering of non-Gaussian panel data based on skew-t
 * distributions</i>, JBES 28 (the Gamma(2, 0.1) prior on nu, mode 10, that Stan's prior-choice recommendations
 * also give); Lange, Little &amp; Taylor (1989), <i>Robust statistical modeling using the t distribution</i>, JASA 84
 * (nu = 4 as a robust default).
 */
public sealed interface DegreesOfFreedom permits DegreesOfFreedom.Fixed, DegreesOfFreedom.LogNormalPrior {

    /**
     * Prior median of nu for {@link #learned()}: the mode of Juárez and Steel's Gamma(2, 0.1) prior, which Stan's
     * prior-choice recommendations give. The log-normal form keeps SVI's KL from the prior in closed form.
     */
    double DEFAULT_MEDIAN = 10.0;
    /** Prior std of log nu for {@link #learned()}: one e-fold, so nu in about [1.4, 71] at ±2 prior std. */
    double DEFAULT_LOG_SCALE = 1.0;

    /** @return nu learned with {@code log nu ~ N(log 10, 1)}, starting at 10 */
    static DegreesOfFreedom learned() {
        return new LogNormalPrior(Math.log(DEFAULT_MEDIAN), DEFAULT_LOG_SCALE, DEFAULT_MEDIAN);
    }

    /**
     * A known nu.
     *
     * @param nu degrees of freedom, finite and {@code > 0} (the variance is finite for {@code nu > 2})
     */
    record Fixed(double nu) implements DegreesOfFreedom {
        /** @throws IllegalArgumentException unless nu is finite and positive */
        public Fixed {
            requirePositive("nu", nu);
        }
    }

    /**
     * {@code log nu ~ Normal(logLoc, logScale^2)}: a log-normal prior on nu.
     *
     * @param logLoc   prior mean of log nu, finite
     * @param logScale prior std of log nu, {@code > 0}
     * @param initNu   starting nu, {@code > 0}
     */
    record LogNormalPrior(double logLoc, double logScale, double initNu) implements DegreesOfFreedom {
        /** @throws IllegalArgumentException on non-finite or non-positive values */
        public LogNormalPrior {
            if (!Double.isFinite(logLoc)) {
                throw new IllegalArgumentException("logLoc must be finite but was " + logLoc
                        + "; pass the prior mean of log nu, e.g. Math.log(10)");
            }
            requirePositive("logScale", logScale);
            requirePositive("initNu", initNu);
        }
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0 but was " + v
                    + "; pass a positive value");
        }
    }
}
