package org.bnn4j.model;

/**
 * How a homoskedastic likelihood treats its noise standard deviation {@code sigma}. Learned variants work on
 * the unconstrained {@code u = log sigma}.
 */
public sealed interface NoiseModel permits NoiseModel.Fixed, NoiseModel.PointEstimate, NoiseModel.LogNormalPrior {

    /**
     * A known noise scale.
     *
     * @param scale sigma, {@code > 0}
     */
    record Fixed(double scale) implements NoiseModel {
        /** @throws IllegalArgumentException unless scale is finite and positive */
        public Fixed {
            requirePositive("scale", scale);
        }
    }

    /**
     * sigma is a parameter optimised as a point estimate (flat prior on {@code log sigma}).
     *
     * @param initScale starting sigma, {@code > 0}
     */
    record PointEstimate(double initScale) implements NoiseModel {
        /** @throws IllegalArgumentException unless initScale is finite and positive */
        public PointEstimate {
            requirePositive("initScale", initScale);
        }
    }

    /**
     * {@code log sigma ~ Normal(logLoc, logScale^2)}: a log-normal prior on sigma. SVI gives {@code log sigma} a
     * Gaussian guide (closed-form KL); MCMC samples it.
     *
     * @param logLoc    prior mean of log sigma
     * @param logScale  prior std of log sigma, {@code > 0}
     * @param initScale starting sigma, {@code > 0}
     */
    record LogNormalPrior(double logLoc, double logScale, double initScale) implements NoiseModel {
        /** @throws IllegalArgumentException on non-finite or non-positive values */
        public LogNormalPrior {
            if (!Double.isFinite(logLoc)) {
                throw new IllegalArgumentException("logLoc must be finite but was " + logLoc);
            }
            requirePositive("logScale", logScale);
            requirePositive("initScale", initScale);
        }
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0 but was " + v
                    + "; pass a positive standard deviation");
        }
    }
}
