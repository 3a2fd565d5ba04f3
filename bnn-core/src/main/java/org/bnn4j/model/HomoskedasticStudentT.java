package org.bnn4j.model;

import java.util.Objects;
import org.bnn4j.predictive.NoiseDistribution;
import org.bnn4j.predictive.StudentTNoise;

/**
 * {@code y = mean(x) + sigma T} with T a standard Student-t with nu degrees of freedom and one scale sigma shared by
 * all points and outputs: the robust counterpart of {@link HomoskedasticGaussian}. Extra parameters, in this order:
 * {@code log nu} when nu is learned (latent, with its log-normal prior), then {@code log sigma} unless sigma is fixed
 * (latent under {@link NoiseModel.LogNormalPrior}, else point-estimated). The aleatoric variance is
 * {@code sigma^2 nu / (nu - 2)} for {@code nu > 2} and undefined (NaN) otherwise.
 *
 * <pre>{@code
 * Likelihood lik = new HomoskedasticStudentT(new NoiseModel.LogNormalPrior(Math.log(0.1), 1, 0.1),
 *         DegreesOfFreedom.learned());
 * }</pre>
 *
 * <p>References: Lange, Little &amp; Taylor (1989), <i>Robust statistical modeling using the t distribution</i>,
 * JASA 84.
 *
 * @param noise how sigma is treated: fixed, point-estimated, or given a log-normal prior
 * @param nu    how the degrees of freedom are treated
 */
public record HomoskedasticStudentT(NoiseModel noise, DegreesOfFreedom nu) implements Likelihood {

    /** @throws NullPointerException if an argument is null */
    public HomoskedasticStudentT {
        Objects.requireNonNull(noise, "noise must not be null; pass e.g. new NoiseModel.PointEstimate(0.1)");
        Objects.requireNonNull(nu, "nu must not be null; pass e.g. new DegreesOfFreedom.Fixed(4) or "
                + "DegreesOfFreedom.learned()");
    }

    @Override
    public boolean heteroskedastic() {
        return false;
    }

    /** @return the number of learned quantities among nu and sigma */
    @Override
    public int numParams() {
        return nuParams() + (noise instanceof NoiseModel.Fixed ? 0 : 1);
    }

    @Override
    public int numLatentParams() {
        return nuParams() + (noise instanceof NoiseModel.LogNormalPrior ? 1 : 0);
    }

    @Override
    public double[] initialParameters() {
        double[] out = new double[numParams()];
        if (nu instanceof DegreesOfFreedom.LogNormalPrior p) {
            out[0] = Math.log(p.initNu());
        }
        if (noise instanceof NoiseModel.PointEstimate p) {
            out[nuParams()] = Math.log(p.initScale());
        } else if (noise instanceof NoiseModel.LogNormalPrior p) {
            out[nuParams()] = Math.log(p.initScale());
        }
        return out;
    }

    @Override
    public DiagonalNormal latentPrior() {
        return StudentTMath.latentPrior(nu, noise instanceof NoiseModel.LogNormalPrior p ? p : null);
    }

    @Override
    public double logPrior(double[] theta, int off) {
        double lp = StudentTMath.logPrior(nu, theta, off);
        if (noise instanceof NoiseModel.LogNormalPrior p) {
            double z = (theta[off + nuParams()] - p.logLoc()) / p.logScale();
            lp += -HALF_LOG_2PI - Math.log(p.logScale()) - 0.5 * z * z;
        }
        return lp;
    }

    @Override
    public void addPriorGradient(double[] theta, int off, double[] grad, int goff, double factor) {
        StudentTMath.addPriorGradient(nu, theta, off, grad, goff, factor);
        if (noise instanceof NoiseModel.LogNormalPrior p) {
            int k = nuParams();
            grad[goff + k] -= factor * (theta[off + k] - p.logLoc()) / (p.logScale() * p.logScale());
        }
    }

    @Override
    public double noiseScale(double[] theta, int off) {
        return noise instanceof NoiseModel.Fixed f ? f.scale() : Math.exp(theta[off + nuParams()]);
    }

    @Override
    public NoiseDistribution noise(double[] theta, int off) {
        return StudentTNoise.of(StudentTMath.nu(nu, theta, off));
    }

    @Override
    public double logLikelihood(double[] mean, double[] scale, int o0, int b, int d, double[] y, double[] theta,
                                int xOff, double factor, double[] gMean, double[] gScale, double[] grad, int gOff) {
        int k = nuParams();
        return StudentTMath.logLikelihood(StudentTMath.nu(nu, theta, xOff), mean, null, noiseScale(theta, xOff), o0,
                b * d, y, factor, gMean, null, grad, k == 1 ? gOff : -1,
                noise instanceof NoiseModel.Fixed ? -1 : gOff + k);
    }

    private int nuParams() {
        return nu instanceof DegreesOfFreedom.LogNormalPrior ? 1 : 0;
    }
}
