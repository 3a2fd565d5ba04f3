package org.bnn4j.inference;

import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.internal.ProvenanceAccess;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.predictive.PredictiveDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shared prediction logic: draw parameter vectors, evaluate the model, map back to original units.
 * Subclasses only say how to draw.
 */
public abstract class AbstractPosterior implements Posterior {

    private final BayesianModel model;
    private final String method;
    private final Standardizer standardizer;
    private final Diagnostics diagnostics;
    private volatile Provenance provenance = Provenance.UNRECORDED;

    static {
        ProvenanceAccess.setAttacher((p, prov) -> {
            if (p instanceof AbstractPosterior a) {
                a.attachProvenance(prov);
            }
        });
    }

    /**
     * @param model        the model
     * @param method       method name
     * @param standardizer standardiser of the training data, or null
     * @param diagnostics  diagnostics of the fit
     */
    protected AbstractPosterior(BayesianModel model, String method, Standardizer standardizer,
                                Diagnostics diagnostics) {
        this.model = Objects.requireNonNull(model, "model");
        this.method = Objects.requireNonNull(method, "method");
        this.standardizer = standardizer;
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /**
     * @param n   number of draws, {@code >= 1}
     * @param rng random source
     * @return a new row-major array {@code [n, numParams]}
     */
    protected abstract double[] draw(int n, RandomGenerator rng);

    /**
     * @param requested requested number of weight samples
     * @return the number actually used (a point mass uses 1)
     */
    protected int effectiveSamples(int requested) {
        return requested;
    }

    /** Set once, by the method that built this posterior or the reader of its file, before it is handed out. */
    private synchronized void attachProvenance(Provenance p) {
        if (provenance.recorded()) {
            throw new IllegalStateException("the provenance of this posterior is already recorded");
        }
        provenance = Objects.requireNonNull(p, "provenance");
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public BayesianModel model() {
        return model;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    @Override
    public Optional<Standardizer> standardizer() {
        return Optional.ofNullable(standardizer);
    }

    @Override
    public INDArray sampleParameters(int n, RandomGenerator rng) {
        requirePositive(n);
        Objects.requireNonNull(rng, "rng");
        return Nd4j.create(draw(n, rng), new long[] {n, model.numParams()}, DataType.DOUBLE);
    }

    @Override
    public PredictiveDistribution predict(INDArray x, int numSamples, RandomGenerator rng) {
        return predict(x, predictionDraws(numSamples, rng));
    }

    @Override
    public INDArray predictionDraws(int numSamples, RandomGenerator rng) {
        requirePositive(numSamples);
        Objects.requireNonNull(rng, "rng");
        int n = effectiveSamples(numSamples);
        return Nd4j.create(draw(n, rng), new long[] {n, model.numParams()}, DataType.DOUBLE);
    }

    private static void requirePositive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("numSamples must be >= 1 but was " + n + "; pass e.g. 100");
        }
    }
}
