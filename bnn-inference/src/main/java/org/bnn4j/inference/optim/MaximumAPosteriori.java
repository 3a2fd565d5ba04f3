package org.bnn4j.inference.optim;

import java.util.Objects;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.Provenance;
import org.bnn4j.inference.internal.Configurations;
import org.bnn4j.inference.internal.PointOptimizer;
import org.bnn4j.inference.internal.ProvenanceAccess;
import org.bnn4j.model.BayesianModel;

/**
 * Point estimate by Adam on the negative log joint (negative log-likelihood minus log prior), with the likelihood scaled by {@code n / batch} on minibatches; starts from
 * {@code model.initialParameters} drawn from the config's seed and returns the iterate with the lowest full-batch
 * objective (evaluated after every epoch) as a {@link PointMassPosterior}. If the loss becomes NaN or infinite the
 * fit stops and returns the best finite iterate (with a warning in the diagnostics); if there is none it throws
 * {@link org.bnn4j.inference.FitFailedException}.
 *
 * <pre>{@code
 * Posterior p = new MaximumAPosteriori(OptimizerConfig.defaults()).fit(model, train);
 * }</pre>
 *
 * <p>References: D. P. Kingma and J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
 */
public final class MaximumAPosteriori implements InferenceMethod {

    private final OptimizerConfig config;

    /** @param config optimiser settings */
    public MaximumAPosteriori(OptimizerConfig config) {
        this.config = Objects.requireNonNull(config, "config must not be null; pass OptimizerConfig.defaults()");
    }

    /** @return the settings */
    public OptimizerConfig config() {
        return config;
    }

    @Override
    public java.util.Map<String, Object> configuration() {
        return Configurations.of(config);
    }

    @Override
    public String name() {
        return "map";
    }

    @Override
    public PointMassPosterior fit(BayesianModel model, Dataset data, FitOptions options) {
        return ProvenanceAccess.attach(PointOptimizer.fit(name(), true, config, model, data, options),
                Provenance.of(this, data, options));
    }

    @Override
    public PointMassPosterior fit(BayesianModel model, Dataset data) {
        return fit(model, data, FitOptions.defaults());
    }
}
