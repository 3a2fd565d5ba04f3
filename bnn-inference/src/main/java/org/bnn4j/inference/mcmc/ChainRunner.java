package org.bnn4j.inference.mcmc;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one chain: Stan-style warm-up (dual-averaging step size throughout, diagonal mass matrix from
 * the regularised Welford variance of each slow window, or with {@link Metric#DENSE} a dense one from the
 * regularised covariance, applied as the reparametrisation of {@link DenseMetric}, after which the step size is re-found and dual
 * averaging restarts with {@code mu = log(10 eps)}), then sampling with the adapted parameters.
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

    static Output run(int chain, McmcConfig config, McmcKernel kernel, ChainState initial, RandomGenerator rng,
            McmcListener listener) {
        boolean dense = config.metric() == Metric.DENSE && config.adaptMassMatrix();
        LogDensity target = kernel.density();
        LogDensity density = target;
        int dim = initial.dimension();
        int total = config.numWarmup() + config.numSamples();
        int[] depth = new int[total];
        int[] steps = new int[total];
        boolean[] divergent = new boolean[total];
        double[] accept = new double[total];
        double[] stepSizes = new double[total];
        double[] logDensity = new double[total];
        double[][] draws = new double[config.numDraws()][];

        double[] invMass = new double[dim];
        Arrays.fill(invMass, 1.0);
        // Dense metric: the kernel runs on latent u with q = L u and the identity metric (DenseMetric).
        DenseMetric metric = DenseMetric.identity(dim);
        double eps = config.initialStepSize();
        if (config.findInitialStepSize()) {
            eps = StepSizeHeuristic.find(initial, eps, invMass, density, rng);
        }
        DualAveraging da = DualAveraging.start(eps);
        WarmupSchedule schedule = WarmupSchedule.stan(config.numWarmup());
        WelfordVariance welford = WelfordVariance.empty(dim);
        WelfordCovariance covariance = dense ? WelfordCovariance.empty(dim) : null;
        ChainState state = initial;
        int divergences = 0;
        for (int it = 0; it < total; it++) {
            boolean warmup = it < config.numWarmup();
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
                if (config.adaptStepSize()) {
                    da = da.update(t.acceptStat(), config.targetAccept());
                    eps = da.stepSize();
                }
                if (config.adaptMassMatrix() && schedule.inSlowWindow(it)) {
                    if (dense) {
                        covariance = covariance.add(metric.toPosition(state.position()));
                    } else {
                        welford = welford.add(state.position());
                    }
                }
                long count = dense ? covariance.count() : welford.count();
                if (config.adaptMassMatrix() && schedule.endsSlowWindow(it) && count >= 2) {
                    if (dense) {
                        double[] q = metric.toPosition(state.position());
                        metric = DenseMetric.of(covariance.regularizedCovariance(), dim);
                        covariance = WelfordCovariance.empty(dim);
                        density = metric.latentDensity(target);
                        kernel = kernel.withDensity(density);
                        state = ChainState.at(metric.toLatent(q), density);
                    } else {
                        invMass = welford.regularizedVariance();
                        welford = WelfordVariance.empty(dim);
                    }
                    if (config.adaptStepSize()) {
                        eps = StepSizeHeuristic.find(state, eps, invMass, density, rng);
                        da = DualAveraging.start(eps);
                    }
                    if (LOG.isDebugEnabled()) {
                        double[] v = dense ? metric.diagonal() : invMass;
                        LOG.debug("chain {} iteration {}: inverse mass diagonal in [{}, {}], step size re-found {}, "
                                + "mean tree depth so far {}", chain, it, min(v), max(v), eps, mean(depth, it + 1));
                    }
                }
                if (it == config.numWarmup() - 1 && config.adaptStepSize()) {
                    eps = da.finalStepSize();
                    LOG.debug("chain {}: warm-up done, step size {}", chain, eps);
                }
            } else {
                int s = it - config.numWarmup();
                if (s % config.thinning() == 0) {
                    draws[s / config.thinning()] = dense ? metric.toPosition(state.position()) : state.position();
                }
            }
        }
        IterationTrace trace = new IterationTrace(config.numWarmup(), depth, steps, divergent, accept, stepSizes,
                logDensity);
        return new Output(draws, trace, ChainStatistics.of(chain, trace, dense ? metric.diagonal() : invMass, eps));
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
