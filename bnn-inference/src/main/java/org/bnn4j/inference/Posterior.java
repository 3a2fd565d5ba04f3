package org.bnn4j.inference;

import java.util.Optional;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.internal.Arrays2;
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

    /**
     * The parameter vectors {@link #predict(INDArray, int, RandomGenerator)} evaluates, drawn from {@code rng} exactly
     * as it draws them: {@code predict(x, n, rng)} equals {@code predict(x, predictionDraws(n, rng))} bit for bit. Lets
     * a caller draw once and predict many batches of inputs with the same draws (e.g. on a cluster).
     *
     * @param numSamples requested weight samples, {@code >= 1}
     * @param rng        random source, advanced as {@code predict} advances it
     * @return a new float64 array {@code [m, model().numParams()]} in the standardised space, where m is the number of
     *         samples {@code predict} uses (1 for a point mass, at most the number of kept draws of a sample
     *         posterior)
     * @throws IllegalArgumentException if numSamples {@code < 1}
     */
    default INDArray predictionDraws(int numSamples, RandomGenerator rng) {
        return sampleParameters(numSamples, rng);
    }

    /**
     * Predictive distribution at new inputs, in original units, for given parameter vectors (from
     * {@link #predictionDraws} or {@link #sampleParameters}). Every point's values depend only on that point and the
     * draws, not on the other points of the batch.
     *
     * @param x     inputs {@code [B, inDim]} in original units, finite
     * @param draws parameter vectors {@code [m, model().numParams()]} in the standardised space; not modified
     * @return the predictive distribution over {@code [m, B, D]}
     * @throws IllegalArgumentException on a shape mismatch or non-finite x
     */
    default PredictiveDistribution predict(INDArray x, INDArray draws) {
        BayesianModel model = model();
        int inDim = model.network().spec().inDim();
        double[] xs = Arrays2.matrix("x", x, -1, inDim, "pass inputs of shape [batch, " + inDim + "]");
        Arrays2.requireFinite("x", xs, inDim);
        int p = model.numParams();
        double[] theta = Arrays2.matrix("draws", draws, -1, p, "pass parameter vectors of shape [m, " + p + "]");
        int b = x.rows();
        Optional<Standardizer> s = standardizer();
        if (s.isPresent()) {
            xs = s.get().transformX(xs, b);
        }
        PredictiveDistribution pd = model.predictive(theta, draws.rows(), xs, b);
        return s.isEmpty() ? pd : pd.affine(s.get().yMean(), s.get().yStd());
    }

    /**
     * @return where the posterior came from: method, configuration, seeds, a data fingerprint, version and time
     *         ({@link Provenance#UNRECORDED} for a posterior built by hand)
     */
    default Provenance provenance() {
        return Provenance.UNRECORDED;
    }

    /** @return diagnostics of the fit */
    Diagnostics diagnostics();

    /** @return the standardiser applied to the training data, if any */
    Optional<Standardizer> standardizer();
}
