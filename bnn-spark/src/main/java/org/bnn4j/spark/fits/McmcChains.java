package org.bnn4j.spark.fits;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.McmcInference;
import org.bnn4j.inference.SamplePosterior;
import org.bnn4j.inference.mcmc.ChainStatistics;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.spark.PosteriorBytes;

/**
 * An MCMC fit whose chains run as Spark tasks, one chain per task, combined on the driver into one
 * {@link SamplePosterior}. Each chain has the start and random streams of the same chain of
 * {@link McmcInference#fit}, so the posterior's draws equal the single-JVM fit's bit for bit.
 *
 * <pre>{@code
 * McmcInference nuts = new McmcInference(McmcConfig.builder().numChains(4).seed(7).build());
 * SamplePosterior posterior = McmcChains.fit(jsc, nuts, model, train, true);
 * }</pre>
 */
public final class McmcChains {

    private McmcChains() {
    }

    /**
     * @param jsc         the Spark context
     * @param method      the sampler and its chains' starts
     * @param model       the model
     * @param data        training data in original units
     * @param standardize whether to standardise with the training statistics (as {@code FitOptions.standardize})
     * @return the posterior holding all chains, with their statistics
     */
    public static SamplePosterior fit(JavaSparkContext jsc, McmcInference method, BayesianModel model, Dataset data,
                                      boolean standardize) {
        Objects.requireNonNull(method, "method");
        model.checkData(data);
        PosteriorBytes modelBytes = PosteriorBytes.ofModel(model, new double[model.numParams()]);
        PortableData portable = PortableData.of(data);
        MethodSpec spec = MethodSpec.mcmc(method.config(), method.initialization());
        List<ChainTask> tasks = new ArrayList<>();
        for (int c = 0; c < method.config().numChains(); c++) {
            tasks.add(new ChainTask(modelBytes, portable, spec, standardize, c));
        }
        List<ChainResult> results = IndependentFits.run(jsc, tasks, method.config().numChains() + " "
                + method.name() + " chains");
        return combine(method, model, data, standardize, results);
    }

    /**
     * @param method      the method the chains ran
     * @param model       the model
     * @param data        the training data (for the standardiser)
     * @param standardize whether the chains standardised the data
     * @param results     one result per chain, in chain order
     * @return the posterior of all chains
     */
    static SamplePosterior combine(McmcInference method, BayesianModel model, Dataset data, boolean standardize,
                                   List<ChainResult> results) {
        double[][][] chains = new double[results.size()][][];
        List<ChainStatistics> stats = new ArrayList<>();
        long steps = 0;
        for (int c = 0; c < chains.length; c++) {
            ChainResult r = results.get(c);
            if (r.chain() != c) {
                throw new IllegalStateException("chain results out of order: " + r.chain() + " at " + c);
            }
            chains[c] = r.draws();
            stats.add(r.statistics().get());
            steps += r.leapfrogSteps();
        }
        // the same standardiser (Standardizer.fit is deterministic) and convergence checks as the single-JVM fit
        return method.combineChains(model, data, FitOptions.defaults().withStandardize(standardize), chains, stats,
                steps);
    }
}
