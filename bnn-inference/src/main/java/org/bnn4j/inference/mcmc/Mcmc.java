package org.bnn4j.inference.mcmc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bnn4j.inference.internal.ParallelTasks;

/**
 * Runs several Markov chains of {@link Nuts} or {@link Hmc} with Stan-style warm-up adaptation.
 *
 * <p>Each chain gets its own {@link LogDensity} from the factory and its own generator, split in chain
 * order from a {@link SplittableRandom} seeded with {@link McmcConfig#seed()}, so results are
 * bit-identical for the same seed whether chains run in parallel or not.
 *
 * <pre>{@code
 * LogDensity.Factory target = chain -> new MyLogDensity();          // one instance per chain
 * McmcConfig config = McmcConfig.builder().numChains(4).seed(1L).build();
 * double[][] inits = new double[4][dim];                            // one start per chain
 * McmcResult result = new Mcmc(config).run(target, inits, McmcListener.NONE);
 * double rHat = ConvergenceDiagnostics.splitRHat(result.coordinate(0));
 * }</pre>
 *
 * <p>References: Hoffman &amp; Gelman (2014), The No-U-Turn Sampler, JMLR 15; Betancourt (2017),
 * A Conceptual Introduction to Hamiltonian Monte Carlo, arXiv:1701.02434; Stan Reference Manual,
 * "MCMC Sampling".
 */
public final class Mcmc {

    private final McmcConfig config;

    /**
     * @param config the run configuration
     * @throws IllegalArgumentException if {@code config} is null
     */
    public Mcmc(McmcConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null; use McmcConfig.builder().build()");
        }
        this.config = config;
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
        List<McmcKernel> kernels = new ArrayList<>();
        List<ChainState> starts = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            LogDensity density = factory.create(c);
            ChainState s = ChainState.at(initialPositions[c], density);
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
            kernels.add(kernel(density));
            starts.add(s);
        }
        SplittableRandom root = new SplittableRandom(config.seed());
        List<SplittableRandom> rngs = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            rngs.add(root.split());
        }
        List<ChainRunner.Output> outputs = new ArrayList<>();
        if (config.parallel() && chains > 1) {
            outputs = runParallel(kernels, starts, rngs, l);
        } else {
            for (int c = 0; c < chains; c++) {
                outputs.add(ChainRunner.run(c, config, kernels.get(c), starts.get(c), rngs.get(c), l));
            }
        }
        double[][][] draws = new double[chains][][];
        List<IterationTrace> traces = new ArrayList<>();
        List<ChainStatistics> stats = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            draws[c] = outputs.get(c).draws();
            traces.add(outputs.get(c).trace());
            stats.add(outputs.get(c).statistics());
        }
        return new McmcResult(config, draws, traces, stats);
    }

    private McmcKernel kernel(LogDensity density) {
        if (config.algorithm() == Algorithm.NUTS) {
            return new Nuts(density, config.maxTreeDepth());
        }
        return config.numLeapfrogSteps() > 0 ? Hmc.withSteps(density, config.numLeapfrogSteps())
                : Hmc.withTrajectoryLength(density, config.trajectoryLength());
    }

    private List<ChainRunner.Output> runParallel(List<McmcKernel> kernels, List<ChainState> starts,
            List<SplittableRandom> rngs, McmcListener listener) {
        int chains = kernels.size();
        int threads = Math.min(chains, Runtime.getRuntime().availableProcessors());
        return ParallelTasks.run("bnn4j-mcmc", threads, chains, chain -> () -> ChainRunner.run(chain, config,
                kernels.get(chain), starts.get(chain), rngs.get(chain), listener), "MCMC chains");
    }
}
