package org.bnn4j.model;

import org.bnn4j.nn.ParameterLayout;

/**
 * A zero-mean, independent Normal prior over the network parameters, {@code w_k ~ Normal(0, std_k^2)}.
 *
 * <p>Implementations only choose the standard deviations; densities, gradients and KL divergences are
 * computed by {@link DiagonalNormal}.
 */
public sealed interface Prior permits NormalPrior, LayerwiseNormalPrior {

    /**
     * @param layout the network's parameter layout
     * @return a new array of prior standard deviations, one per parameter, each {@code > 0}
     */
    double[] stds(ParameterLayout layout);

    /**
     * @param layout the network's parameter layout
     * @return the prior as a diagonal Normal
     */
    default DiagonalNormal over(ParameterLayout layout) {
        return DiagonalNormal.zeroMean(stds(layout));
    }
}
