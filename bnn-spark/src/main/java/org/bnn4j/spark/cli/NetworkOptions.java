package org.bnn4j.spark.cli;

import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.Activation;
import picocli.CommandLine.Option;

/** The network options of {@code fit} and {@code sweep chains}, with {@code bnn fit}'s defaults. */
final class NetworkOptions {

    @Option(names = "--hidden", paramLabel = "W[,W...]", defaultValue = "50",
            description = "Hidden layer widths (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(names = "--activation", paramLabel = "tanh|relu", defaultValue = "tanh",
            description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--homoskedastic", description = "One learned noise scale instead of a noise head.")
    boolean homoskedastic;

    /**
     * @param inDim    inputs
     * @param outDim   targets
     * @param bayesian whether the method has weight uncertainty (a homoskedastic noise then gets a prior)
     * @return the model {@code bnn fit} builds with these options
     */
    BayesianModel model(int inDim, int outDim, boolean bayesian) {
        return FitCommand.model(inDim, outDim, FitCommand.widths(hidden), Activation.parse(activation), homoskedastic,
                bayesian);
    }
}
