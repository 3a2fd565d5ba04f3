package org.bnn4j.inference;

import org.bnn4j.inference.internal.Configurations;
import org.bnn4j.inference.internal.ProvenanceAccess;
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
import org.bnn4j.inference.mcmc.ConvergenceDiagnostics;
import org.bnn4j.inference.mcmc.IterationTrace;
import org.bnn4j.inference.mcmc.LogDensity;
import org.bnn4j.inference.mcmc.Mcmc;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.mcmc.McmcListener;
import org.bnn4j.inference.mcmc.McmcResult;
import org.bnn4j.inference.optim.MaximumAPosteriori;
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
 * <p>The fit checks itself: its {@link McmcDiagnostics} carry split R-hat and bulk ESS of the predictive means at
 * up to {@value #CONVERGENCE_INPUTS} training inputs, and {@link Diagnostics#warnings()} says when the chains have
 * not converged (R-hat above {@value ConvergenceDiagnostics#MAX_RHAT}, bulk ESS below
 * {@value ConvergenceDiagnostics#MIN_BULK_ESS_PER_CHAIN} per chain), when a transition diverged, or when trees
 * reached the maximum depth.
 *
 * <pre>{@code
 * SamplePosterior posterior = new McmcInference(McmcConfig.builder().numChains(4).build()).fit(model, train);
 * SamplePosterior.PredictiveConvergence conv = posterior.convergence(xTest);
 * posterior.diagnostics().warnings().forEach(System.err::println);
 * }</pre>
 *
 * <p>References: Hoffman &amp; Gelman (2014), The No-U-Turn Sampler, JMLR 15; Betancourt (2017), A Conceptual
 * Introduction to Hamiltonian Monte Carlo, arXiv:1701.02434; Stan Reference Manual, "HMC algorithm parameters".
 */
public final class McmcInference implements InferenceMethod {

    /**
     * Largest number of training inputs (evenly spaced over the rows) whose predictive means are checked for
     * convergence after a fit: enough to catch a region where the chains disagree, cheap next to the sampling.
     */
    public static final int CONVERGENCE_INPUTS = 100;

    /**
     * Which parameters the sampler's chains move.
     */
    public enum Parameterization {
        /** All parameters: the network's weights and the likelihood's. */
        FULL,
        /**
         * All but the mean head, which is integrated out (given the rest it is a Bayesian linear regression on the
         * last hidden layer) and drawn exactly for each kept draw; for networks with one hidden layer and one output
         * (else the fit is refused). See {@link MarginalMeanHead}.
         */
        MARGINAL_MEAN_HEAD,
        /** {@link #MARGINAL_MEAN_HEAD} when the model allows it, else {@link #FULL}. */
        AUTO;

        /**
         * @param model the model to fit
         * @return whether this choice integrates the mean head of {@code model} out
         * @throws IllegalArgumentException for {@link #MARGINAL_MEAN_HEAD} on a model that does not allow it
         */
        boolean marginal(BayesianModel model) {
            return switch (this) {
                case FULL -> false;
                case AUTO -> MarginalMeanHead.supports(model);
                case MARGINAL_MEAN_HEAD -> {
                    MarginalMeanHead.require(model);
                    yield true;
                }
            };
        }
    }

    private final McmcConfig config;
    private final McmcInitialization initialization;
    private final Parameterization parameterization;

    /** @param config sampler configuration (algorithm, warm-up, samples, chains, seed, ...) */
    public McmcInference(McmcConfig config) {
        this(config, McmcInitialization.networkDefault());
    }

    /**
     * @param config         sampler configuration (algorithm, warm-up, samples, chains, seed, ...)
     * @param initialization where the chains start
     */
    public McmcInference(McmcConfig config, McmcInitialization initialization) {
        this(config, initialization, Parameterization.FULL);
    }

    /**
     * @param config           sampler configuration (algorithm, warm-up, samples, chains, seed, ...)
     * @param initialization   where the chains start
     * @param parameterization which parameters the chains move
     */
    public McmcInference(McmcConfig config, McmcInitialization initialization, Parameterization parameterization) {
        this.config = Objects.requireNonNull(config, "config");
        this.initialization = Objects.requireNonNull(initialization, "initialization");
        this.parameterization = Objects.requireNonNull(parameterization, "parameterization");
    }

    /** @return which parameters the chains move */
    public Parameterization parameterization() {
        return parameterization;
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
    public Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>(Configurations.of(config));
        m.put("initialization", initialization.usesMap()
                ? Map.of("map", Configurations.of(initialization.mapOptimizer())) : "networkDefault");
        if (parameterization != Parameterization.FULL) {
            m.put("parameterization", parameterization.name());
        }
        return m;
    }

    @Override
    public String name() {
        return config.algorithm().name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@inheritDoc}
     *
     * @return the draws of all chains as a {@link SamplePosterior} with {@link McmcDiagnostics}
     */
    @Override
    public SamplePosterior fit(BayesianModel model, Dataset data) {
        return fit(model, data, FitOptions.defaults());
    }

    /**
     * {@inheritDoc}
     *
     * @return the draws of all chains as a {@link SamplePosterior} with {@link McmcDiagnostics}
     */
    @Override
    public SamplePosterior fit(BayesianModel model, Dataset data, FitOptions options) {
        Run run = new Run(model, data, options);
        SplittableRandom initRng = new SplittableRandom(config.seed()).split();
        double[][] init = new double[config.numChains()][];
        for (int c = 0; c < init.length; c++) {
            init[c] = run.start(initRng.split());
        }
        return ProvenanceAccess.attach(run.sample(0, listener -> new Mcmc(config).run(run.factory(), init, listener)),
                Provenance.of(this, data, options));
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
        return run.sample(chain, listener -> new Mcmc(config).runChain(chain, run.factory(), init, listener));
    }

    /** One fit's data, target density and listeners, shared by {@link #fit} and {@link #fitChain}. */
    private final class Run {
        private final BayesianModel model;
        private final FitOptions options;
        private final Standardizer standardizer;
        private final Dataset train;
        /** The integrated-out mean head, or null when all parameters are sampled. */
        private final MarginalMeanHead head;

        Run(BayesianModel model, Dataset data, FitOptions options) {
            this.model = Objects.requireNonNull(model, "model");
            Objects.requireNonNull(data, "data");
            this.options = Objects.requireNonNull(options, "options");
            model.checkData(data);
            this.standardizer = options.standardize() ? Standardizer.fit(data) : null;
            this.train = standardizer == null ? data : standardizer.transform(data);
            this.head = parameterization.marginal(model)
                    ? new MarginalMeanHead(model, train.xArray(), train.yArray(), train.size()) : null;
        }

        /**
         * @return a chain's start from its own stream (the network's initialisation or a MAP fit), reduced to the
         *         sampled parameters
         */
        double[] start(SplittableRandom chainRng) {
            double[] full;
            if (!initialization.usesMap()) {
                full = model.initialParameters(chainRng);
            } else {
                // Already standardised: fit on the training data the chains see.
                full = new MaximumAPosteriori(initialization.chainOptimizer(chainRng.nextLong())).fit(model, train,
                        FitOptions.defaults().withStandardize(false)).parameters();
            }
            return head == null ? full : head.rest(full);
        }

        LogDensity.Factory factory() {
            if (head != null) {
                return chain -> head.newDensity();
            }
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

        /**
         * @param firstChain the index of the result's first chain in the fit ({@code 0} for {@link #fit}, the chain
         *                   for {@link #fitChain}), which picks the streams that complete its draws
         */
        SamplePosterior sample(int firstChain, java.util.function.Function<McmcListener, McmcResult> sampler) {
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
            double[][][] draws = head == null ? result.allDraws() : complete(result, firstChain);
            return posterior(draws, result.statistics(), totalLeapfrogSteps(result));
        }

        /**
         * Each chain's kept draws of the sampled parameters completed by exact draws of the mean head, chain
         * {@code c} of the fit from the {@code c + 1}-th split of the seed's second stream (so {@link #fitChain}
         * completes a chain exactly as {@link #fit} does).
         */
        private double[][][] complete(McmcResult result, int firstChain) {
            SplittableRandom root = new SplittableRandom(config.seed());
            root.split(); // the chains' starts
            SplittableRandom completion = root.split();
            SplittableRandom chainRng = completion.split();
            for (int c = 0; c < firstChain; c++) {
                chainRng = completion.split();
            }
            double[][][] out = new double[result.numChains()][][];
            for (int c = 0; c < out.length; c++) {
                if (c > 0) {
                    chainRng = completion.split();
                }
                LogDensity density = head.newDensity();
                double[][] rest = result.draws(c);
                out[c] = new double[rest.length][];
                for (int t = 0; t < rest.length; t++) {
                    out[c][t] = head.complete(rest[t], density, chainRng);
                }
            }
            return out;
        }

        SamplePosterior posterior(double[][][] draws, List<ChainStatistics> statistics, long steps) {
            SamplePosterior draft = new SamplePosterior(model, name(), draws, standardizer,
                    new McmcDiagnostics(statistics, steps, SamplePosterior.PredictiveConvergence.NOT_CHECKED));
            int n = train.size();
            SamplePosterior.PredictiveConvergence convergence = draws[0].length < ConvergenceDiagnostics.MIN_DRAWS
                    ? SamplePosterior.PredictiveConvergence.NOT_CHECKED
                    : draft.convergenceStandardized(rowsForConvergence(train.xArray(), n, train.inDim()),
                            Math.min(n, CONVERGENCE_INPUTS));
            return draft.withDiagnostics(new McmcDiagnostics(statistics, steps, convergence));
        }
    }

    /**
     * Combines chains run one by one with {@link #fitChain} (e.g. as tasks on a cluster) into the posterior
     * {@link #fit} returns for the same model, data and options: the same draws, statistics and convergence checks.
     *
     * @param model         the model
     * @param data          training data in original units, as given to {@link #fitChain}
     * @param options       the options given to {@link #fitChain} (only standardisation matters here)
     * @param draws         kept draws {@code [numChains][numSamples][numParams]}, chain c from chain c's fit
     * @param statistics    each chain's statistics, in chain order
     * @param leapfrogSteps leapfrog steps of all chains together
     * @return the posterior of all chains
     * @throws IllegalArgumentException if the number of chains differs from the configuration
     */
    public SamplePosterior combineChains(BayesianModel model, Dataset data, FitOptions options, double[][][] draws,
                                         List<ChainStatistics> statistics, long leapfrogSteps) {
        if (draws.length != config.numChains() || statistics.size() != config.numChains()) {
            throw new IllegalArgumentException("expected " + config.numChains() + " chains but got " + draws.length
                    + " draws and " + statistics.size() + " statistics; pass every configured chain, in order");
        }
        return ProvenanceAccess.attach(new Run(model, data, options).posterior(draws, statistics, leapfrogSteps),
                Provenance.of(this, data, options));
    }

    /** Up to {@link #CONVERGENCE_INPUTS} rows of {@code x [n, inDim]}, evenly spaced, as a new array. */
    private static double[] rowsForConvergence(double[] x, int n, int inDim) {
        int m = Math.min(n, CONVERGENCE_INPUTS);
        double[] out = new double[m * inDim];
        for (int k = 0; k < m; k++) {
            int row = (int) ((long) k * n / m);
            System.arraycopy(x, row * inDim, out, k * inDim, inDim);
        }
        return out;
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
     * What an MCMC fit reports about itself: per-chain sampler statistics and the convergence of the predictive
     * means at the training inputs, with warnings when the draws should not be trusted as they are.
     *
     * @param chains             one record per chain
     * @param totalLeapfrogSteps leapfrog steps (gradient evaluations) of all chains, warm-up included
     * @param convergence        split R-hat and bulk ESS of the predictive means at up to
     *                           {@value McmcInference#CONVERGENCE_INPUTS} training inputs, or
     *                           {@link SamplePosterior.PredictiveConvergence#NOT_CHECKED} with fewer than
     *                           {@value ConvergenceDiagnostics#MIN_DRAWS} draws per chain
     */
    public record McmcDiagnostics(List<ChainStatistics> chains, long totalLeapfrogSteps,
            SamplePosterior.PredictiveConvergence convergence) implements Diagnostics {
        /** Copies the list. */
        public McmcDiagnostics {
            chains = List.copyOf(chains);
            Objects.requireNonNull(convergence, "convergence");
        }

        /** @return total divergent sampling iterations over chains */
        public int divergences() {
            return chains.stream().mapToInt(ChainStatistics::divergences).sum();
        }

        /** @return sampling iterations over chains whose tree reached the kernel's maximum depth */
        public int maxTreeDepthHits() {
            return chains.stream().mapToInt(ChainStatistics::maxTreeDepthHits).sum();
        }

        private int samplingIterations() {
            return chains.stream().mapToInt(ChainStatistics::numSamples).sum();
        }

        /**
         * @return the statistics averaged over chains; with a kernel that builds trees also
         *         {@code maxTreeDepthFraction} (of sampling iterations), and when checked {@code trainRhatMax} and
         *         {@code trainEssMin} (the convergence of the predictive means at the training inputs)
         */
        @Override
        public Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chains", chains.size());
            m.put("divergences", divergences());
            m.put("acceptRate", chains.stream().mapToDouble(ChainStatistics::acceptanceRate).average().orElse(0));
            m.put("stepSize", chains.stream().mapToDouble(ChainStatistics::stepSize).average().orElse(0));
            m.put("meanTreeDepth", chains.stream().mapToDouble(ChainStatistics::meanTreeDepth).average().orElse(0));
            if (maxTreeDepth() > 0) {
                m.put("maxTreeDepthFraction", (double) maxTreeDepthHits() / Math.max(1, samplingIterations()));
            }
            m.put("meanLeapfrogSteps",
                    chains.stream().mapToDouble(ChainStatistics::meanLeapfrogSteps).average().orElse(0));
            m.put("totalLeapfrogSteps", totalLeapfrogSteps);
            if (convergence.numQuantities() > 0) {
                m.put("trainRhatMax", convergence.rhatMax());
                m.put("trainEssMin", convergence.essMin());
            }
            return m;
        }

        private int maxTreeDepth() {
            return chains.stream().mapToInt(ChainStatistics::maxTreeDepth).max().orElse(0);
        }

        /**
         * Warnings, one line each with what to do: split R-hat above {@value ConvergenceDiagnostics#MAX_RHAT} or
         * bulk ESS below {@value ConvergenceDiagnostics#MIN_BULK_ESS_PER_CHAIN} per chain (of the predictive means
         * at the training inputs; Vehtari et al. 2021), convergence not checkable, any divergent sampling
         * iteration, and any sampling iteration whose tree reached the maximum depth (Stan's checks).
         *
         * @return the warnings, empty when all is well
         */
        @Override
        public List<String> warnings() {
            List<String> w = new ArrayList<>();
            int numChains = chains.size();
            int iterations = samplingIterations();
            if (convergence.numQuantities() == 0) {
                w.add(String.format(Locale.ROOT, "convergence not checked: split R-hat and ESS need at least %d "
                        + "draws per chain; draw more samples", ConvergenceDiagnostics.MIN_DRAWS));
            } else {
                if (!(convergence.rhatMax() <= ConvergenceDiagnostics.MAX_RHAT)) {
                    w.add(String.format(Locale.ROOT, "split R-hat of the predictive means at %d training inputs "
                            + "is %.3g (above %.2f): the split chains disagree, so the posterior is not yet "
                            + "sampled; run a longer warm-up and more samples", convergence.numQuantities(),
                            convergence.rhatMax(),
                            ConvergenceDiagnostics.MAX_RHAT));
                }
                int minEss = ConvergenceDiagnostics.MIN_BULK_ESS_PER_CHAIN * numChains;
                if (!(convergence.essMin() >= minEss)) {
                    w.add(String.format(Locale.ROOT, "bulk ESS of the predictive means at the training inputs is "
                            + "%.1f (below %d per chain, %d for %d chains): too few effective draws for reliable "
                            + "means and intervals; draw more samples", convergence.essMin(),
                            ConvergenceDiagnostics.MIN_BULK_ESS_PER_CHAIN, minEss, numChains));
                }
            }
            int d = divergences();
            if (d > 0) {
                w.add(String.format(Locale.ROOT, "%d divergent transitions in %d sampling iterations: the sampler "
                        + "missed part of the posterior; raise the target acceptance (targetAccept, e.g. 0.9)", d,
                        iterations));
            }
            int hits = maxTreeDepthHits();
            if (hits > 0) {
                w.add(String.format(Locale.ROOT, "%d of %d sampling iterations (%.1f%%) reached the maximum tree "
                        + "depth %d: trajectories were cut short and the chains move slowly; raise the maximum "
                        + "tree depth", hits, iterations, 100.0 * hits / iterations, maxTreeDepth()));
            }
            return w;
        }
    }
}
