package org.bnn4j.model;

import java.util.Objects;
import org.bnn4j.predictive.NoiseDistribution;
import org.bnn4j.predictive.StudentTNoise;

/**
 * {@code y = mean(x) + scale(x) T} with T a standard Student-t with nu degrees of freedom, the location and scale
 * from the network's two heads: a heteroskedastic likelihood whose heavy tails let a few gross outliers pull the fit
 * much less than a Gaussian's. A learned nu is one extra parameter, {@code log nu}, latent under
 * {@link DegreesOfFreedom.LogNormalPrior}. The scale is the t's scale, not its standard deviation: the aleatoric
 * variance is {@code scale^2 nu / (nu - 2)} for {@code nu > 2} and undefined (NaN) otherwise.
 *
 * <pre>{@code
 * BayesianModel model = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(1, 1).hidden(50).build()),
 *         new NormalPrior(1), new HeteroskedasticStudentT(DegreesOfFreedom.learned()));
 * }</pre>
 *
 * <p>References: Lange, Little &amp; Taylor (1989), <i>Robust statistical modeling using the t distribution</i>,
 * JASA 84.
 *
 * @param nu how the degrees of freedom are treated
 */
public record HeteroskedasticStudentT(DegreesOfFreedom nu) implements Likelihood {

    /** @throws NullPointerException if nu is null */
    public HeteroskedasticStudentT {
        Objects.requireNonNull(nu, "nu must not be null; pass e.g. new DegreesOfFreedom.Fixed(4) or "
                + "DegreesOfFreedom.learned()");
    }

    @Override
    public boolean heteroskedastic() {
        return true;
    }

    /** @return 1 (log nu) when nu is learned, else 0 */
    @Override
    public int numParams() {
        return nu instanceof DegreesOfFreedom.LogNormalPrior ? 1 : 0;
    }

    /** @return the same as {@link #numParams()}: a learned nu always has its prior */
    @Override
    public int numLatentParams() {
        return numParams();
    }

    @Override
    public double[] initialParameters() {
        return nu instanceof DegreesOfFreedom.LogNormalPrior p ? new double[] {Math.log(p.initNu())} : new double[0];
    }

    @Override
    public DiagonalNormal latentPrior() {
        return StudentTMath.latentPrior(nu, null);
    }

    @Override
    public double logPrior(double[] theta, int off) {
        return StudentTMath.logPrior(nu, theta, off);
    }

    @Override
    public void addPriorGradient(double[] theta, int off, double[] grad, int goff, double factor) {
        StudentTMath.addPriorGradient(nu, theta, off, grad, goff, factor);
    }

    @Override
    public NoiseDistribution noise(double[] theta, int off) {
        return StudentTNoise.of(StudentTMath.nu(nu, theta, off));
    }

    @Override
    public double logLikelihood(double[] mean, double[] scale, int o0, int b, int d, double[] y, double[] theta,
                                int xOff, double factor, double[] gMean, double[] gScale, double[] grad, int gOff) {
        return StudentTMath.logLikelihood(StudentTMath.nu(nu, theta, xOff), mean, scale, Double.NaN, o0, b * d, y,
                factor, gMean, gScale, grad, numParams() == 1 ? gOff : -1, -1);
    }
}
