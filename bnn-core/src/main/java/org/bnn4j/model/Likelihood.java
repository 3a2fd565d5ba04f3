package org.bnn4j.model;

import org.bnn4j.predictive.NoiseDistribution;

/**
 * The distribution of a target given the network's outputs: {@code y = location + scale * Z} with the location
 * from the mean head, the scale from the scale head (heteroskedastic) or one noise scale (homoskedastic), and Z
 * from the likelihood's {@link NoiseDistribution}, which is also the family of the predictive components
 * ({@link #noise}). Built in: {@link HeteroskedasticGaussian}, {@link HomoskedasticGaussian} (Z Normal),
 * {@link HeteroskedasticStudentT}, {@link HomoskedasticStudentT} (Z Student-t, fixed or learned degrees of freedom).
 * The interface is open: a new likelihood implements it (and, to be saved, registers a codec with
 * {@code org.bnn4j.inference.io.PosteriorIO.register}); docs/user-guide.md walks through a Laplace likelihood.
 *
 * <p><b>Extra parameters.</b> A likelihood may own unconstrained parameters (a log noise scale, a log degrees of
 * freedom) appended after the network's P parameters in every parameter vector, {@link #numParams()} of them. The
 * first {@link #numLatentParams()} have a Normal prior on their unconstrained value, {@link #latentPrior()}: MCMC
 * samples them, SVI gives them a Gaussian guide beside the weights (its KL from that prior in closed form), MAP adds
 * their log prior. The rest are point-estimated (a flat prior): every method optimises them as plain parameters.
 * Implementations put the latent ones first.
 *
 * <p><b>Contract of {@link #logLikelihood}.</b> It sums {@code log p(y_k | location_k, scale_k, extra)} over a batch
 * and, on request, writes the gradients with respect to each location and scale (the network's backward pass takes
 * them from there) and adds those with respect to the extra parameters. It is the hot path of every method: allocate
 * nothing per call.
 *
 * <pre>{@code
 * Likelihood robust = new HomoskedasticStudentT(new NoiseModel.PointEstimate(0.1), DegreesOfFreedom.learned());
 * BayesianModel model = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(3, 1).hidden(50)
 *         .heteroskedastic(false).build()), new NormalPrior(1), robust);
 * }</pre>
 */
public interface Likelihood {

    /** {@code 0.5 * log(2 pi)}. */
    double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    /** @return whether the scale comes from the network's scale head (else from {@link #noiseScale}) */
    boolean heteroskedastic();

    /**
     * The standardised noise Z for one parameter vector: the family of this vector's predictive components, with
     * the shape parameters (e.g. the degrees of freedom) that vector holds.
     *
     * @param theta parameter vector
     * @param off   offset of the extra parameters in theta
     * @return the distribution of {@code (y - location) / scale}
     */
    NoiseDistribution noise(double[] theta, int off);

    /** @return number of extra parameters appended after the network's; 0 by default */
    default int numParams() {
        return 0;
    }

    /**
     * @return how many of the extra parameters, counted from the first, have the prior {@link #latentPrior()}
     *         (latent); the others are point-estimated. 0 by default
     */
    default int numLatentParams() {
        return 0;
    }

    /** @return initial values of the extra parameters, a new array of length {@link #numParams()}; zeros by default */
    default double[] initialParameters() {
        return new double[numParams()];
    }

    /**
     * @return the prior over the first {@link #numLatentParams()} extra parameters, independent Normals on their
     *         unconstrained values; dimension 0 by default
     */
    default DiagonalNormal latentPrior() {
        return DiagonalNormal.of(new double[0], new double[0]);
    }

    /**
     * @param theta parameter vector
     * @param off   offset of the extra parameters in theta
     * @return log prior density of the extra parameters: {@link #latentPrior()} at the latent ones (0 when there are
     *         none)
     */
    default double logPrior(double[] theta, int off) {
        return numLatentParams() == 0 ? 0.0 : latentPrior().logDensity(theta, off);
    }

    /**
     * Adds {@code factor * d logPrior} into grad.
     *
     * @param theta  parameter vector
     * @param off    offset of the extra parameters in theta
     * @param grad   accumulator
     * @param goff   offset of the extra parameters in grad
     * @param factor multiplier
     */
    default void addPriorGradient(double[] theta, int off, double[] grad, int goff, double factor) {
        if (numLatentParams() > 0) {
            latentPrior().addGradient(theta, off, grad, goff, factor);
        }
    }

    /**
     * @param theta parameter vector (homoskedastic only)
     * @param off   offset of the extra parameters
     * @return the noise scale, {@code > 0}
     * @throws IllegalStateException for a heteroskedastic likelihood (the default), whose scale is the network's
     */
    default double noiseScale(double[] theta, int off) {
        throw new IllegalStateException("a heteroskedastic likelihood has no single noise scale; read the scale head");
    }

    /**
     * Log-likelihood of one weight sample on a batch, times {@code factor}, with optional gradients.
     *
     * @param mean    predictive locations; this sample's batch starts at {@code o0}, layout {@code [b, D]}
     * @param scale   predictive scales, same layout (heteroskedastic; ignored otherwise)
     * @param o0      offset of this sample's batch in mean/scale/gMean/gScale
     * @param b       batch size
     * @param d       output dimension
     * @param y       targets {@code [b, D]} from offset 0
     * @param theta   this sample's parameter vector (for the extra parameters)
     * @param xOff    offset of the extra parameters in theta
     * @param factor  multiplier of the log-likelihood (e.g. {@code datasetSize / batchSize})
     * @param gMean   if non-null: receives {@code factor * dLL/dlocation} (overwritten)
     * @param gScale  if non-null (heteroskedastic): receives {@code factor * dLL/dscale} (overwritten)
     * @param grad    if non-null: {@code factor * dLL/dextra} is added at {@code gOff}
     * @param gOff    offset of the extra parameters in grad
     * @return {@code factor * sum_k log p(y_k | location_k, scale_k)}
     */
    double logLikelihood(double[] mean, double[] scale, int o0, int b, int d, double[] y, double[] theta, int xOff,
                         double factor, double[] gMean, double[] gScale, double[] grad, int gOff);
}
