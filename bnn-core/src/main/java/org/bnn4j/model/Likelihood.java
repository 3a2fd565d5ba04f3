package org.bnn4j.model;

/**
 * A Gaussian likelihood {@code y ~ Normal(mean, scale^2)} for the network's predictions.
 *
 * <p>A likelihood may own extra unconstrained parameters (the log noise scale of a homoskedastic model) that are
 * appended after the network's P parameters in every parameter vector.
 */
public sealed interface Likelihood permits HeteroskedasticGaussian, HomoskedasticGaussian {

    /** {@code 0.5 * log(2 pi)}. */
    double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    /** @return whether the scale comes from the network's scale head */
    boolean heteroskedastic();

    /** @return number of extra parameters appended after the network's (0 or 1) */
    int numParams();

    /** @return whether the extra parameters have a prior (latent) rather than being point-estimated */
    boolean extraParamsHavePrior();

    /** @return initial values of the extra parameters, a new array of length {@link #numParams()} */
    double[] initialParameters();

    /**
     * @param theta parameter vector
     * @param off   offset of the extra parameters in theta
     * @return log prior density of the extra parameters (0 when there are none or they are point-estimated)
     */
    double logPrior(double[] theta, int off);

    /**
     * Adds {@code factor * d logPrior} into grad.
     *
     * @param theta  parameter vector
     * @param off    offset of the extra parameters in theta
     * @param grad   accumulator
     * @param goff   offset of the extra parameters in grad
     * @param factor multiplier
     */
    void addPriorGradient(double[] theta, int off, double[] grad, int goff, double factor);

    /**
     * @param theta parameter vector (homoskedastic only)
     * @param off   offset of the extra parameters
     * @return the noise standard deviation
     */
    double noiseScale(double[] theta, int off);

    /**
     * Log-likelihood of one weight sample on a batch, times {@code factor}, with optional gradients.
     *
     * @param mean    predictive means; this sample's batch starts at {@code o0}, layout {@code [b, D]}
     * @param scale   predictive scales, same layout (heteroskedastic; ignored otherwise)
     * @param o0      offset of this sample's batch in mean/scale/gMean/gScale
     * @param b       batch size
     * @param d       output dimension
     * @param y       targets {@code [b, D]} from offset 0
     * @param theta   this sample's parameter vector (for the extra parameters)
     * @param xOff    offset of the extra parameters in theta
     * @param factor  multiplier of the log-likelihood (e.g. {@code datasetSize / batchSize})
     * @param gMean   if non-null: receives {@code factor * dLL/dmean}
     * @param gScale  if non-null (heteroskedastic): receives {@code factor * dLL/dscale}
     * @param grad    if non-null: {@code factor * dLL/dextra} is added at {@code gOff}
     * @param gOff    offset of the extra parameters in grad
     * @return {@code factor * sum log N(y; mean, scale^2)}
     */
    double logLikelihood(double[] mean, double[] scale, int o0, int b, int d, double[] y, double[] theta, int xOff,
                         double factor, double[] gMean, double[] gScale, double[] grad, int gOff);
}
