package org.bnn4j.inference.internal;

import java.util.Objects;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DiagonalNormal;
import org.bnn4j.model.Likelihood;

/**
 * A log prior density over a model's full parameter vector (network parameters, then the likelihood's extra
 * parameters): the term a point estimate adds to the log-likelihood. {@link MaximumAPosteriori} uses the model's own
 * prior ({@link #of(BayesianModel)}); an anchored ensemble member uses that prior recentred at its own draw from it
 * ({@link org.bnn4j.inference.internal.AnchoredPrior}).
 *
 * <pre>{@code
 * LogPrior prior = LogPrior.of(model);
 * double[] grad = new double[model.numParams()];
 * double lp = prior.logDensity(theta, grad); // grad now holds d log p / d theta
 * }</pre>
 */
@FunctionalInterface
public interface LogPrior {

    /**
     * @param theta a parameter vector of length {@code model.numParams()}; not modified
     * @param grad  if non-null, {@code d log p / d theta} is added into it (same length)
     * @return {@code log p(theta)}
     */
    double logDensity(double[] theta, double[] grad);

    /**
     * The model's prior: its network prior plus the likelihood's prior on its extra parameters (none for a fixed or
     * point-estimated noise scale), the same arithmetic as {@link org.bnn4j.model.ModelEvaluator#logPrior}.
     *
     * @param model the model
     * @return its log prior
     */
    static LogPrior of(BayesianModel model) {
        Objects.requireNonNull(model, "model");
        DiagonalNormal network = model.networkPrior();
        Likelihood lik = model.likelihood();
        int netP = model.numNetworkParams();
        return (theta, grad) -> {
            double lp = network.logDensity(theta, 0) + lik.logPrior(theta, netP);
            if (grad != null) {
                network.addGradient(theta, 0, grad, 0, 1.0);
                lik.addPriorGradient(theta, netP, grad, netP, 1.0);
            }
            return lp;
        };
    }
}
