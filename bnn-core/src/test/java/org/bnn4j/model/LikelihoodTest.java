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

    /**
     * The sum of log scales is taken as the log of blocks of products; scales outside [1e-15, 1e15] are logged on
     * their own. 203 points (blocks of 16 and a partial one), scales from 1e-30 to 1e30 mixed in. Tolerance: the
     * hand-written sum and the blocked one each carry rounding ~1e-16 relative per term and at most 2e-15 per
     * block; 1e-12 relative to the sum of |terms| is far above both.
     */
    @Test
    void blockedLogsMatchPerPointLogsOverExtremeScales() {
        int n = 203;
        double[] mean = new double[n];
        double[] scale = new double[n];
        double[] y = new double[n];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(8);
        double expected = 0;
        double magnitude = 0;
        for (int k = 0; k < n; k++) {
            mean[k] = rng.nextGaussian();
            y[k] = mean[k] + rng.nextGaussian();
            scale[k] = k % 17 == 3 ? Math.pow(10, rng.nextInt(-30, 31)) : Math.exp(rng.nextGaussian() * 3);
            double term = logNormal(y[k], mean[k], scale[k]);
            expected += term;
            magnitude += Math.abs(term);
        }
        double[] gMean = new double[n];
        double[] gScale = new double[n];
        double ll = new HeteroskedasticGaussian().logLikelihood(mean, scale, 0, n, 1, y, new double[0], 0, 1.0, gMean,
                gScale, null, 0);
        assertEquals(expected, ll, 1e-12 * magnitude);
        assertEquals(Double.NaN, new HeteroskedasticGaussian().logLikelihood(new double[] {0, 0},
                new double[] {1.0, Double.NaN}, 0, 2, 1, new double[] {0, 0}, new double[0], 0, 1.0, null, null, null,
                0), 0.0);
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
