package org.bnn4j.inference.mcmc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bnn4j.inference.internal.ParallelTasks;
import org.bnn4j.inference.mcmc.internal.WindowAdaptation;

/**
 * Runs several Markov chains of a {@link McmcKernel} ({@link Nuts} or {@link Hmc} as configured, or a kernel of
 * the user's) with Stan-style warm-up adaptation ({@link WindowAdaptation}).
 *
 * <p>Each chain gets its own {@link LogDensity} from the factory, its own kernel and its own generator, split in
 * chain order from a {@link SplittableRandom} seeded with {@link McmcConfig#seed()}, so results are
 * bit-identical for the same seed whether chains run in parallel or not.
 *
 * <pre>{@code
 * LogDensity.Factory target = chain -> new MyLogDensity();          // one instance per chain
 * McmcConfig config = McmcConfig.builder().numChains(4).seed(1L).build();
 * double[][] inits = new double[4][dim];                            // one start per chain
 * McmcResult result = new Mcmc(config).run(target, inits, McmcListener.NONE);
 * double rHat = ConvergenceDiagnostics.splitRHat(result.coordinate(0));
 * // a sampler of one's own: any McmcKernel, created per chain on that chain's density
 * McmcResult mine = new Mcmc(config, density -> new MyKernel(density)).run(target, inits, McmcListener.NONE);
 * }</pre>
 *
 * <p>References: Hoffman &amp; Gelman (2014), The No-U-Turn Sampler, JMLR 15; Betancourt (2017),
 * A Conceptual Introduction to Hamiltonian Monte Carlo, arXiv:1701.02434; Stan Reference Manual,
 * "MCMC Sampling".
 */
public final class Mcmc {

    private final McmcConfig config;
    private final McmcKernel.Factory kernel;
    private final String kernelName;

    /**
     * Runs the kernel the configuration describes ({@link McmcConfig#kernel()}).
     *
     * @param config the run configuration
     * @throws IllegalArgumentException if {@code config} is null
     */
    public Mcmc(McmcConfig config) {
        this.config = requireConfig(config);
        this.kernel = config.kernel();
        this.kernelName = config.algorithm().name();
    }

    /**
     * Runs a given kernel; the configuration sets the chains, warm-up, adaptation and seed. Its kernel options
     * (algorithm, maxTreeDepth, numLeapfrogSteps, trajectoryLength) do not apply and must stay at their defaults.
     *
     * @param config the run configuration
     * @param kernel creates the kernel of each chain on that chain's (latent) density
     * @throws IllegalArgumentException if an argument is null, or the configuration sets kernel options
     */
    public Mcmc(McmcConfig config, McmcKernel.Factory kernel) {
        requireConfig(config);
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must not be null; pass e.g. Nuts.factory(10)");
        }
        if (!config.hasDefaultKernelOptions()) {
            throw new IllegalArgumentException("the configuration sets kernel options (algorithm " + config.algorithm()
                    + ", maxTreeDepth " + config.maxTreeDepth() + ", numLeapfrogSteps " + config.numLeapfrogSteps()
                    + ", trajectoryLength " + config.trajectoryLength() + ") that a given kernel ignores; "
                    + "leave them at their defaults or use new Mcmc(config)");
        }
        this.config = config;
        this.kernel = kernel;
        this.kernelName = "a user kernel";
    }

    private static McmcConfig requireConfig(McmcConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null; use McmcConfig.builder().build()");
        }
        return config;
    }

    /**
     * Runs all chains and waits for them.
     *
     * @param factory          creates the target density once per chain
     * @param initialPositions one start per chain, shape {@code [numChains, dimension]}; copied, not modified;
     *                         each must have a finite log density
     * @param listener         progress listener, called from the chains' threads (see {@link McmcListener})
     * @return kept draws and statistics
     * @throws IllegalArgumentException if the number or length of initial positions is wrong or a start has
     *                                  a non-finite log density or gradient
     */
    public McmcResult run(LogDensity.Factory factory, double[][] initialPositions, McmcListener listener) {
        int chains = config.numChains();
        if (initialPositions == null || initialPositions.length != chains) {
            throw new IllegalArgumentException("initialPositions must hold one start per chain (" + chains
                    + ") but held " + (initialPositions == null ? "null" : initialPositions.length)
                    + "; pass double[numChains][dimension]");
        }
        McmcListener l = listener == null ? McmcListener.NONE : listener;
        List<LogDensity> densities = new ArrayList<>();
        List<ChainState> starts = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            LogDensity density = factory.create(c);
            densities.add(density);
            starts.add(start(c, initialPositions[c], density));
        }
        SplittableRandom root = new SplittableRandom(config.seed());
        List<SplittableRandom> rngs = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            rngs.add(root.split());
        }
        List<ChainRunner.Output> outputs = new ArrayList<>();
        if (config.parallel() && chains > 1) {
            outputs = runParallel(densities, starts, rngs, l);
        } else {
            for (int c = 0; c < chains; c++) {
                outputs.add(ChainRunner.run(c, config, kernel, starts.get(c), densities.get(c), rngs.get(c), l));
            }
        }
        return result(outputs);
    }

    /**
     * Runs only chain {@code chain} of the configured {@code numChains}, in the calling thread, with the random
     * stream {@link #run} gives that chain: its draws equal chain {@code chain} of {@code run}'s bit for bit. For
     * running the chains of one fit as independent tasks (e.g. on a cluster) and combining them afterwards.
     *
     * @param chain           chain index in {@code [0, numChains)}
     * @param factory         creates the target density (called once, with {@code chain})
     * @param initialPosition the chain's start, length {@code dimension}; copied, not modified
     * @param listener        progress listener (see {@link McmcListener})
     * @return a result holding that one chain
     * @throws IllegalArgumentException if chain is out of range or the start has a non-finite log density or gradient
     */
    public McmcResult runChain(int chain, LogDensity.Factory factory, double[] initialPosition, McmcListener listener) {
        if (chain < 0 || chain >= config.numChains()) {
            throw new IllegalArgumentException("chain must be in [0, " + config.numChains() + ") but was " + chain
                    + "; pass the index of one of the configured chains");
        }
        LogDensity density = factory.create(chain);
        ChainState s = start(chain, initialPosition, density);
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom rng = root.split();
        for (int c = 0; c < chain; c++) {
            rng = root.split();
        }
        return result(List.of(ChainRunner.run(chain, config, kernel, s, density, rng,
                listener == null ? McmcListener.NONE : listener)));
    }

    private static ChainState start(int c, double[] position, LogDensity density) {
        ChainState s = ChainState.at(position, density);
        if (!Double.isFinite(s.logDensity())) {
            throw new IllegalArgumentException("initial position of chain " + c + " has log density "
                    + s.logDensity() + "; pass a start inside the support with a finite log density");
        }
        for (double g : s.gradient()) {
            if (!Double.isFinite(g)) {
                throw new IllegalArgumentException("initial position of chain " + c + " has a non-finite "
                        + "gradient component " + g + "; pass a start where the density is differentiable");
            }
        }
        return s;
    }

    private McmcResult result(List<ChainRunner.Output> outputs) {
        int chains = outputs.size();
        double[][][] draws = new double[chains][][];
        List<IterationTrace> traces = new ArrayList<>();
        List<ChainStatistics> stats = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            draws[c] = outputs.get(c).draws();
            traces.add(outputs.get(c).trace());
            stats.add(outputs.get(c).statistics());
        }
        return new McmcResult(config, kernelName, draws, traces, stats);
    }

    private List<ChainRunner.Output> runParallel(List<LogDensity> densities, List<ChainState> starts,
            List<SplittableRandom> rngs, McmcListener listener) {
        int chains = densities.size();
        int threads = Math.min(chains, Runtime.getRuntime().availableProcessors());
        return ParallelTasks.run("bnn4j-mcmc", threads, chains, chain -> () -> ChainRunner.run(chain, config,
                kernel, starts.get(chain), densities.get(chain), rngs.get(chain), listener), "MCMC chains");
    }
}
