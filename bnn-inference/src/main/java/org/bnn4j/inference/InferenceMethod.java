package org.bnn4j.inference;

import org.bnn4j.data.Dataset;
import org.bnn4j.model.BayesianModel;

/**
 * An inference method: takes a model and data, returns a fitted {@link Posterior}. Methods hold only their
 * configuration (immutable); they own no model and no parameters, so one instance can fit many models.
 *
 * <pre>{@code
 * BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(50).build());
 * Posterior posterior = new Svi(SviConfig.defaults()).fit(model, train);
 * PredictiveDistribution pred = posterior.predict(xTest, 100, new SplittableRandom(1));
 * }</pre>
 */
public interface InferenceMethod {

    /** @return a short name such as {@code svi}, {@code map}, {@code nuts} */
    String name();

    /**
     * The settings recorded in the {@link Provenance} of every posterior this method returns.
     *
     * @return the full configuration, seeds included, as JSON-friendly values (empty when the method records none)
     */
    default java.util.Map<String, Object> configuration() {
        return java.util.Map.of();
    }

    /**
     * Fits the model.
     *
     * @param model   the model
     * @param data    training data in original units (standardised internally when {@code options.standardize()})
     * @param options listeners, validation and standardisation
     * @return the posterior
     * @throws IllegalArgumentException if the data do not match the model
     * @throws FitFailedException if the loss or the parameters became non-finite (NaN or infinite); its
     *                             {@link FitFailedException#lastFinite()} holds the last usable iterate, if any
     */
    Posterior fit(BayesianModel model, Dataset data, FitOptions options);

    /**
     * Fits with {@link FitOptions#defaults()}.
     *
     * @param model the model
     * @param data  training data
     * @return the posterior
     */
    default Posterior fit(BayesianModel model, Dataset data) {
        return fit(model, data, FitOptions.defaults());
    }
}
