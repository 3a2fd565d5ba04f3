package org.bnn4j.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.mcmc.ChainStatistics;
import org.bnn4j.inference.mcmc.IterationTrace;
import org.bnn4j.inference.mcmc.LogDensity;
import org.bnn4j.inference.mcmc.Mcmc;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.mcmc.McmcListener;
import org.bnn4j.inference.mcmc.McmcResult;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.ModelEvaluator;

/**
 * HMC or NUTS over all parameters of a {@link BayesianModel} (the network's weights and, when it has a prior, the
 * log noise scale), with Stan-style warm-up adaptation and several chains.
 *
 * <p>Chains start from the network's default initialisation (uniform +-1/sqrt(fan-in)), each from its own random
 * stream split from the seed (a wide uniform start sends the step size to ~1e-11 on this model in Pyro), or from
 * per-chain MAP fits ({@link McmcInitialization#map()}). Listeners see one event per iteration of each chain with
 * the values {@code stepSize}, {@code divergences} (of that chain so far), {@code warmup} (1 or 0) and
 * {@code chains} (the number of chains), from the chains' threads.
 *
 * <pre>{@code
 * Posterior posterior = new McmcInference(McmcConfig.builder().numChains(4).build()).fit(model, train);
 * SamplePosterior.PredictiveConvergence conv = ((SamplePosterior) posterior).convergence(xTest);
 * }</pre>
 *
 * <p>References: Hoffman &amp; Gelman (2014), The No-U-Turn Sampler, JMLR 15; Betancourt (2017), A Conceptual
 * Introduction to Hamiltonian Monte Carlo, arXiv:1701.02434; Stan Reference Manual, "HMC algorithm parameters".
 */
public final class McmcInference implements InferenceMethod {

    private final McmcConfig config;
    private final McmcInitialization initialization;

    /** @param config sampler configuration (algorithm, warm-up, samples, chains, seed, ...) */
    public McmcInference(McmcConfig config) {
        this(config, McmcInitialization.networkDefault());
    }

    /**
     * @param config         sampler configuration (algorithm, warm-up, samples, chains, seed, ...)
     * @param initialization where the chains start
     */
    public McmcInference(McmcConfig config, McmcInitialization initialization) {
        this.config = Objects.requireNonNull(config, "config");
        this.initialization = Objects.requireNonNull(initialization, "initialization");
    }

    /** @return where the chains start */
    public McmcInitialization initialization() {
        return initialization;
    }

    /** @return the configuration */
    public McmcConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.algorithm().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Posterior fit(BayesianModel model, Dataset data, FitOptions options) {
        Run run = new Run(model, data, options);
        SplittableRandom initRng = new SplittableRandom(config.seed()).split();
        double[][] init = new double[config.numChains()][];
        for (int c = 0; c < init.length; c++) {
            init[c] = run.start(initRng.split());
        }
        return run.sample(listener -> new Mcmc(config).run(run.factory(), init, listener));
    }

    /**
     * Runs only chain {@code chain} of the {@code numChains} that {@link #fit} runs, with the same start and random
     * streams: its draws equal chain {@code chain} of {@code fit}'s bit for bit. The chains of one fit can so run as
     * independent tasks (e.g. on a cluster) and be combined into one {@link SamplePosterior} afterwards.
     *
     * @param model   the model
     * @param data    training data in original units
     * @param options standardisation and listeners, as for {@link #fit}
     * @param chain   chain index in {@code [0, config().numChains())}
     * @return a sample posterior holding that one chain (its diagnostics a {@link McmcDiagnostics})
     * @throws IllegalArgumentException if chain is out of range or the data do not match the model
     */
    public SamplePosterior fitChain(BayesianModel model, Dataset data, FitOptions options, int chain) {
        if (chain < 0 || chain >= config.numChains()) {
            throw new IllegalArgumentException("chain must be in [0, " + config.numChains() + ") but was " + chain
                    + "; pass the index of one of the configured chains");
        }
        Run run = new Run(model, data, options);
        SplittableRandom initRng = new SplittableRandom(config.seed()).split();
        SplittableRandom chainRng = initRng.split();
        for (int c = 0; c < chain; c++) {
            chainRng = initRng.split();
        }
        double[] init = run.start(chainRng);
        return run.sample(listener -> new Mcmc(config).runChain(chain, run.factory(), init, listener));
    }

    /** One fit's data, target density and listeners, shared by {@link #fit} and {@link #fitChain}. */
    private final class Run {
        private final BayesianModel model;
        private final FitOptions options;
        private final Standardizer standardizer;
        private final Dataset train;

        Run(BayesianModel model, Dataset data, FitOptions options) {
            this.model = Objects.requireNonNull(model, "model");
            Objects.requireNonNull(data, "data");
            this.options = Objects.requireNonNull(options, "options");
            model.checkData(data);
            this.standardizer = options.standardize() ? Standardizer.fit(data) : null;
            this.train = standardizer == null ? data : standardizer.transform(data);
        }

        /** @return a chain's start from its own stream (the network's initialisation or a MAP fit) */
        double[] start(SplittableRandom chainRng) {
            if (!initialization.usesMap()) {
                return model.initialParameters(chainRng);
            }
            OptimizerConfig o = initialization.mapOptimizer();
            OptimizerConfig chainOpt = OptimizerConfig.builder().learningRate(o.learningRate()).epochs(o.epochs())
                    .batchSize(o.batchSize()).seed(chainRng.nextLong()).build();
            // Already standardised: fit on the training data the chains see.
            return new MaximumAPosteriori(chainOpt).fit(model, train, FitOptions.defaults().withStandardize(false))
                    .parameters();
        }

        LogDensity.Factory factory() {
            double[] x = train.xArray();
            double[] y = train.yArray();
            int n = train.size();
            return chain -> new LogDensity() {
                private final ModelEvaluator ev = model.newEvaluator(1, n);
                private final double[] out = new double[1];

                {
                    ev.setBatch(x, y, n, 1.0);
                }

                @Override
                public int dimension() {
                    return model.numParams();
                }

                @Override
                public double logDensityAndGradient(double[] theta, double[] gradOut) {
                    return ev.logJoint(theta, 1, out, gradOut);
                }
            };
        }

        SamplePosterior sample(java.util.function.Function<McmcListener, McmcResult> sampler) {
            int total = config.numWarmup() + config.numSamples();
            options.listeners().forEach(l -> l.onStart(name(), total));
            McmcListener listener = (chain, iteration, warmup, stepSize, divergences) -> {
                if (options.listeners().isEmpty()) {
                    return;
                }
                Map<String, Double> v = new LinkedHashMap<>();
                v.put("stepSize", stepSize);
                v.put("divergences", (double) divergences);
                v.put("warmup", warmup ? 1.0 : 0.0);
                v.put("chains", (double) config.numChains());
                IterationEvent e = new IterationEvent(chain, iteration, total, v);
                for (FitListener l : options.listeners()) {
                    l.onIteration(e);
                }
            };
            McmcResult result;
            try {
                result = sampler.apply(listener);
            } finally {
                options.listeners().forEach(FitListener::onFinish);
            }
            return new SamplePosterior(model, name(), result.allDraws(), standardizer,
                    new McmcDiagnostics(result.statistics(), totalLeapfrogSteps(result)));
        }
    }

    private static long totalLeapfrogSteps(McmcResult result) {
        long n = 0;
        for (IterationTrace t : result.traces()) {
            for (int s : t.numLeapfrogSteps()) {
                n += s;
            }
        }
        return n;
    }

    /**
     * Per-chain sampler statistics of an MCMC fit.
     *
     * @param chains             one record per chain
     * @param totalLeapfrogSteps leapfrog steps (gradient evaluations) of all chains, warm-up included
     */
    public record McmcDiagnostics(List<ChainStatistics> chains, long totalLeapfrogSteps) implements Diagnostics {
        /** Copies the list. */
        public McmcDiagnostics {
            chains = List.copyOf(chains);
        }

        /** @return total divergent sampling iterations over chains */
        public int divergences() {
            return chains.stream().mapToInt(ChainStatistics::divergences).sum();
        }

        @Override
        public Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chains", chains.size());
            m.put("divergences", divergences());
            m.put("acceptRate", chains.stream().mapToDouble(ChainStatistics::acceptanceRate).average().orElse(0));
            m.put("stepSize", chains.stream().mapToDouble(ChainStatistics::stepSize).average().orElse(0));
            m.put("meanTreeDepth", chains.stream().mapToDouble(ChainStatistics::meanTreeDepth).average().orElse(0));
            m.put("meanLeapfrogSteps",
                    chains.stream().mapToDouble(ChainStatistics::meanLeapfrogSteps).average().orElse(0));
            m.put("totalLeapfrogSteps", totalLeapfrogSteps);
            return m;
        }

        @Override
        public List<String> warnings() {
            List<String> w = new ArrayList<>();
            int d = divergences();
            if (d > 0) {
                w.add(d + " divergent transitions after warm-up; consider a higher targetAccept (e.g. 0.9)");
            }
            return w;
        }
    }
}
