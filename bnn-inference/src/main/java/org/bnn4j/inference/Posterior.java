package org.bnn4j.inference;

import java.util.Optional;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.predictive.PredictiveDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fitted posterior over a model's parameters: a point mass (MLE, MAP), a mean-field Gaussian (SVI), or a set of
 * draws (HMC, NUTS). It exists only as the result of a fit. Implementations are immutable and safe to use from
 * several threads at once.
 */
public interface Posterior {

    /** @return the model the posterior belongs to */
    BayesianModel model();

    /** @return the name of the method that produced it */
    String method();

    /**
     * Draws parameter vectors (in the standardised space the model was fitted in).
     *
     * @param n   number of draws, {@code >= 1}
     * @param rng random source, advanced
     * @return a new float64 array {@code [n, model().numParams()]}
     */
    INDArray sampleParameters(int n, RandomGenerator rng);

    /**
     * Predictive distribution at new inputs, in original units.
     *
     * @param x          inputs {@code [B, inDim]} in original units, finite
     * @param numSamples weight samples to average over ({@code >= 1}; a point mass always uses 1)
     * @param rng        random source, advanced
     * @return the predictive distribution over {@code [numSamples, B, D]}
     * @throws IllegalArgumentException on a shape mismatch, non-finite x, or numSamples {@code < 1}
     */
    PredictiveDistribution predict(INDArray x, int numSamples, RandomGenerator rng);

    /** @return diagnostics of the fit */
    Diagnostics diagnostics();

    /** @return the standardiser applied to the training data, if any */
    Optional<Standardizer> standardizer();
}
