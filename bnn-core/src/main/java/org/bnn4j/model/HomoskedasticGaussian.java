package org.bnn4j.model;

import java.util.Objects;
import org.bnn4j.predictive.NoiseDistribution;
import org.bnn4j.predictive.NormalNoise;

/**
 * {@code y ~ Normal(mean(x), sigma^2)} with one noise scale sigma shared by all points and outputs.
 *
 * @param noise how sigma is treated: fixed, point-estimated, or given a log-normal prior
 */
public record HomoskedasticGaussian(NoiseModel noise) implements Likelihood {

    /** @throws NullPointerException if noise is null */
    public HomoskedasticGaussian {
        Objects.requireNonNull(noise, "noise must not be null; pass e.g. new NoiseModel.Fixed(0.1)");
    }

    @Override
    public boolean heteroskedastic() {
        return false;
    }

    @Override
    public int numParams() {
        return noise instanceof NoiseModel.Fixed ? 0 : 1;
    }

    /** @return 1 for a log-normal prior on sigma (log sigma is latent), else 0 */
    @Override
    public int numLatentParams() {
        return noise instanceof NoiseModel.LogNormalPrior ? 1 : 0;
    }

    /** @return {@code log sigma ~ N(logLoc, logScale^2)} for a log-normal prior, else the empty prior */
    @Override
    public DiagonalNormal latentPrior() {
        if (noise instanceof NoiseModel.LogNormalPrior p) {
            return DiagonalNormal.of(new double[] {p.logLoc()}, new double[] {p.logScale()});
        }
        return DiagonalNormal.of(new double[0], new double[0]);
    }

    /** @return the standard Normal */
    @Override
    public NoiseDistribution noise(double[] theta, int off) {
        return NormalNoise.INSTANCE;
    }

    @Override
    public double[] initialParameters() {
        if (noise instanceof NoiseModel.PointEstimate p) {
            return new double[] {Math.log(p.initScale())};
        }
        if (noise instanceof NoiseModel.LogNormalPrior p) {
            return new double[] {Math.log(p.initScale())};
        }
        return new double[0];
    }

    @Override
    public double logPrior(double[] theta, int off) {
        if (noise instanceof NoiseModel.LogNormalPrior p) {
            double z = (theta[off] - p.logLoc()) / p.logScale();
            return -HALF_LOG_2PI - Math.log(p.logScale()) - 0.5 * z * z;
        }
        return 0;
    }

    @Override
    public void addPriorGradient(double[] theta, int off, double[] grad, int goff, double factor) {
        if (noise instanceof NoiseModel.LogNormalPrior p) {
            grad[goff] -= factor * (theta[off] - p.logLoc()) / (p.logScale() * p.logScale());
        }
    }

    @Override
    public double noiseScale(double[] theta, int off) {
        return noise instanceof NoiseModel.Fixed f ? f.scale() : Math.exp(theta[off]);
    }

    @Override
    public double logLikelihood(double[] mean, double[] scale, int o0, int b, int d, double[] y, double[] theta,
                                int xOff, double factor, double[] gMean, double[] gScale, double[] grad, int gOff) {
        double sg = noiseScale(theta, xOff);
        double inv = 1.0 / sg;
        int len = b * d;
        double sq = 0;
        for (int k = 0; k < len; k++) {
            double z = (y[k] - mean[o0 + k]) * inv;
            sq += z * z;
            if (gMean != null) {
                gMean[o0 + k] = factor * z * inv;
            }
        }
        if (grad != null && numParams() == 1) {
            grad[gOff] += factor * (sq - len); // d/d(log sigma) of -len log sigma - sq/2
        }
        return factor * (-len * (HALF_LOG_2PI + Math.log(sg)) - 0.5 * sq);
    }
}
