package org.bnn4j.model;

import org.bnn4j.predictive.NoiseDistribution;
import org.bnn4j.predictive.NormalNoise;

/** {@code y ~ Normal(mean(x), scale(x)^2)} with both from the network (mean head and scale head). */
public record HeteroskedasticGaussian() implements Likelihood {

    @Override
    public boolean heteroskedastic() {
        return true;
    }

    /** @return the standard Normal */
    @Override
    public NoiseDistribution noise(double[] theta, int off) {
        return NormalNoise.INSTANCE;
    }

    @Override
    public double logLikelihood(double[] mean, double[] scale, int o0, int b, int d, double[] y, double[] theta,
                                int xOff, double factor, double[] gMean, double[] gScale, double[] grad, int gOff) {
        int len = b * d;
        double quad = 0;
        double logs = 0; // sum of log scale, one Math.log per LOG_BLOCK scales (the log was 2.4 of 2.8 us per 400 points)
        double prod = 1.0;
        int inBlock = 0;
        for (int k = 0; k < len; k++) {
            double sg = scale[o0 + k];
            double inv = 1.0 / sg;
            double z = (y[k] - mean[o0 + k]) * inv;
            quad += z * z;
            if (sg >= PRODUCT_MIN && sg <= PRODUCT_MAX) {
                prod *= sg;
                if (++inBlock == LOG_BLOCK) {
                    logs += Math.log(prod);
                    prod = 1.0;
                    inBlock = 0;
                }
            } else { // tiny, huge, zero, infinite or NaN: on its own (a NaN propagates)
                logs += Math.log(sg);
            }
            if (gMean != null) {
                gMean[o0 + k] = factor * z * inv;
                gScale[o0 + k] = factor * (z * z - 1.0) * inv;
            }
        }
        logs += Math.log(prod);
        return factor * (-logs - 0.5 * quad - len * HALF_LOG_2PI);
    }

    /**
     * Scales multiplied before one log: with every factor in {@code [PRODUCT_MIN, PRODUCT_MAX]} a product of 16 stays
     * within 1e+-240 (no overflow or underflow), and its relative rounding error, at most 16 ulps, puts at most
     * 2e-15 into the sum of logs per block.
     */
    private static final int LOG_BLOCK = 16;
    private static final double PRODUCT_MIN = 1e-15;
    private static final double PRODUCT_MAX = 1e15;
}
