package org.bnn4j.model;

/** {@code y ~ Normal(mean(x), scale(x)^2)} with both from the network (mean head and scale head). */
public record HeteroskedasticGaussian() implements Likelihood {

    @Override
    public boolean heteroskedastic() {
        return true;
    }

    @Override
    public int numParams() {
        return 0;
    }

    @Override
    public boolean extraParamsHavePrior() {
        return false;
    }

    @Override
    public double[] initialParameters() {
        return new double[0];
    }

    @Override
    public double logPrior(double[] theta, int off) {
        return 0;
    }

    @Override
    public void addPriorGradient(double[] theta, int off, double[] grad, int goff, double factor) {
        // no extra parameters
    }

    @Override
    public double noiseScale(double[] theta, int off) {
        throw new IllegalStateException("a heteroskedastic likelihood has no single noise scale; read the scale head");
    }

    @Override
    public double logLikelihood(double[] mean, double[] scale, int o0, int b, int d, double[] y, double[] theta,
                                int xOff, double factor, double[] gMean, double[] gScale, double[] grad, int gOff) {
        int len = b * d;
        double ll = 0;
        for (int k = 0; k < len; k++) {
            double sg = scale[o0 + k];
            double inv = 1.0 / sg;
            double z = (y[k] - mean[o0 + k]) * inv;
            ll -= Math.log(sg) + 0.5 * z * z;
            if (gMean != null) {
                gMean[o0 + k] = factor * z * inv;
                gScale[o0 + k] = factor * (z * z - 1.0) * inv;
            }
        }
        return factor * (ll - len * HALF_LOG_2PI);
    }
}
