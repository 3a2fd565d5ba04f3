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
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        model.checkData(data);
        Standardizer standardizer = options.standardize() ? Standardizer.fit(data) : null;
        Dataset train = standardizer == null ? data : standardizer.transform(data);
        double[] x = train.xArray();
        double[] y = train.yArray();
        int n = train.size();

        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom initRng = root.split();
        double[][] init = new double[config.numChains()][];
        for (int c = 0; c < init.length; c++) {
            SplittableRandom chainRng = initRng.split();
            if (initialization.usesMap()) {
                OptimizerConfig o = initialization.mapOptimizer();
                OptimizerConfig chainOpt = OptimizerConfig.builder().learningRate(o.learningRate()).epochs(o.epochs())
                        .batchSize(o.batchSize()).seed(chainRng.nextLong()).build();
                // Already standardised: fit on the training data the chains see.
                init[c] = new MaximumAPosteriori(chainOpt).fit(model, train,
                        FitOptions.defaults().withStandardize(false)).parameters();
            } else {
                init[c] = model.initialParameters(chainRng);
            }
        }
        LogDensity.Factory factory = chain -> new LogDensity() {
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
            result = new Mcmc(config).run(factory, init, listener);
        } finally {
            options.listeners().forEach(FitListener::onFinish);
        }
        return new SamplePosterior(model, name(), result.allDraws(), standardizer,
                new McmcDiagnostics(result.statistics(), totalLeapfrogSteps(result)));
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
