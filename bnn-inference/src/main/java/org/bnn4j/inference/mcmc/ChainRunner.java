package org.bnn4j.inference.mcmc;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.bnn4j.inference.mcmc.internal.StepSizeHeuristic;
import org.bnn4j.inference.mcmc.internal.WindowAdaptation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one chain: warm-up driven by a {@link WindowAdaptation} (a new metric brings a kernel on its latent density
 * and, as in Stan, a re-found step size), then sampling with the adapted step size and metric. The same code runs
 * every kernel and every kind of metric.
 *
 * <p>Reference: Stan Reference Manual, "Automatic parameter tuning"; Stan's
 * {@code stan/mcmc/hmc/nuts/adapt_diag_e_nuts.hpp} and {@code adapt_dense_e_nuts.hpp}.
 */
final class ChainRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ChainRunner.class);

    /** Everything one chain produces. */
    record Output(double[][] draws, IterationTrace trace, ChainStatistics statistics) {
    }

    private ChainRunner() {
    }

    static Output run(int chain, McmcConfig config, McmcKernel.Factory kernels, ChainState initial,
            LogDensity target, RandomGenerator rng, McmcListener listener) {
        int dim = initial.dimension();
        int numWarmup = config.numWarmup();
        int total = numWarmup + config.numSamples();
        int[] depth = new int[total];
        int[] steps = new int[total];
        boolean[] divergent = new boolean[total];
        double[] accept = new double[total];
        double[] stepSizes = new double[total];
        double[] logDensity = new double[total];
        double[][] draws = new double[config.numDraws()][];

        EuclideanMetric metric = DiagonalMetric.unit(dim);
        double[] invMass = metric.latentInverseMass();
        McmcKernel kernel = kernels.create(metric.latentDensity(target));
        double eps = config.initialStepSize();
        if (config.findInitialStepSize()) {
            eps = StepSizeHeuristic.find(initial, eps, invMass, kernel.density(), rng);
        }
        WindowAdaptation adaptation = WindowAdaptation.start(config, dim, eps);
        ChainState state = initial;
        int divergences = 0;
        for (int it = 0; it < total; it++) {
            boolean warmup = it < numWarmup;
            Transition t = kernel.step(state, eps, invMass, rng);
            state = t.state();
            depth[it] = t.treeDepth();
            steps[it] = t.numLeapfrogSteps();
            divergent[it] = t.divergent();
            accept[it] = t.acceptStat();
            stepSizes[it] = eps;
            logDensity[it] = state.logDensity();
            divergences += t.divergent() ? 1 : 0;
            listener.onIteration(chain, it, warmup, eps, divergences);
            if (warmup) {
                adaptation = adaptation.update(state.position(), state.gradient(), t.acceptStat());
                if (adaptation.metricUpdated()) {
                    EuclideanMetric next = adaptation.metric();
                    LogDensity latent = next.latentDensity(target);
                    state = next.transfer(state, metric, latent);
                    if (latent != kernel.density()) {
                        kernel = kernels.create(latent);
                    }
                    metric = next;
                    invMass = next.latentInverseMass();
                    if (config.adaptStepSize()) {
                        adaptation = adaptation.restartStepSize(
                                StepSizeHeuristic.find(state, adaptation.stepSize(), invMass, latent, rng));
                    }
                    if (LOG.isDebugEnabled()) {
                        double[] v = metric.diagonal();
                        LOG.debug("chain {} iteration {}: {}, inverse mass diagonal in [{}, {}], step size re-found "
                                + "{}, mean tree depth so far {}", chain, it, metric, min(v), max(v),
                                adaptation.stepSize(), mean(depth, it + 1));
                    }
                }
                eps = it == numWarmup - 1 ? adaptation.finish().stepSize() : adaptation.stepSize();
                if (it == numWarmup - 1) {
                    LOG.debug("chain {}: warm-up done, step size {}", chain, eps);
                }
            } else {
                int s = it - numWarmup;
                if (s % config.thinning() == 0) {
                    draws[s / config.thinning()] = metric.toPosition(state.position());
                }
            }
        }
        IterationTrace trace = new IterationTrace(numWarmup, depth, steps, divergent, accept, stepSizes, logDensity);
        return new Output(draws, trace, ChainStatistics.of(chain, trace, metric.diagonal(), eps,
                kernel.maxTreeDepth()));
    }

    private static double min(double[] a) {
        return Arrays.stream(a).min().orElse(Double.NaN);
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElse(Double.NaN);
    }

    private static double mean(int[] a, int n) {
        return Arrays.stream(a, 0, n).average().orElse(Double.NaN);
    }
}
