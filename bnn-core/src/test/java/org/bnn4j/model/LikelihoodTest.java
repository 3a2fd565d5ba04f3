package org.bnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Log-likelihood values against the Gaussian density written out by hand (exact up to rounding). */
class LikelihoodTest {

    private static double logNormal(double y, double m, double s) {
        double z = (y - m) / s;
        return -0.5 * Math.log(2 * Math.PI) - Math.log(s) - 0.5 * z * z;
    }

    @Test
    void heteroskedasticSumsPointDensitiesTimesTheMinibatchFactor() {
        double[] mean = {9, 9, 0.5, -1.0};
        double[] scale = {9, 9, 0.2, 2.0};
        double[] y = {0.7, -0.4};
        double factor = 2.5;
        double ll = new HeteroskedasticGaussian().logLikelihood(mean, scale, 2, 2, 1, y, new double[0], 0, factor,
                null, null, null, 0);
        assertEquals(factor * (logNormal(0.7, 0.5, 0.2) + logNormal(-0.4, -1.0, 2.0)), ll, 1e-12);
    }

    @Test
    void homoskedasticUsesTheSampleNoiseScaleAndItsLogNormalPrior() {
        HomoskedasticGaussian lik = new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(Math.log(0.5), 0.8, 1.0));
        double[] theta = {0.0, Math.log(0.3)};
        double[] y = {1.0, 2.0};
        double ll = lik.logLikelihood(new double[] {0.9, 2.5}, null, 0, 2, 1, y, theta, 1, 1.0, null, null, null, 0);
        assertEquals(logNormal(1.0, 0.9, 0.3) + logNormal(2.0, 2.5, 0.3), ll, 1e-12);
        // log sigma ~ Normal(log 0.5, 0.8^2): density of the unconstrained parameter
        assertEquals(logNormal(Math.log(0.3), Math.log(0.5), 0.8), lik.logPrior(theta, 1), 1e-12);
        assertEquals(1, lik.numParams());
        assertEquals(0, new HomoskedasticGaussian(new NoiseModel.Fixed(0.3)).numParams());
        assertEquals(0.0, new HomoskedasticGaussian(new NoiseModel.PointEstimate(0.3)).logPrior(theta, 1), 0.0);
    }
}
