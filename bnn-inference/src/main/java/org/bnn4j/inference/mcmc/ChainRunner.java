package org.bnn4j.inference.mcmc;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Runs one chain: Stan-style warm-up (dual-averaging step size throughout, diagonal mass matrix from
 * the regularised Welford variance of each slow window, after which the step size is re-found and dual
 * averaging restarts with {@code mu = log(10 eps)}), then sampling with the adapted parameters.
 *
 * <p>Reference: Stan Reference Manual, "Automatic parameter tuning"; Stan's
 * {@code stan/mcmc/hmc/nuts/adapt_diag_e_nuts.hpp}.
 */
final class ChainRunner {

    /** Everything one chain produces. */
    record Output(double[][] draws, IterationTrace trace, ChainStatistics statistics) {
    }

    private ChainRunner() {
    }

    static Output run(int chain, McmcConfig config, McmcKernel kernel, ChainState initial, RandomGenerator rng,
            McmcListener listener) {
        LogDensity density = kernel.density();
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
        double eps = config.initialStepSize();
        if (config.findInitialStepSize()) {
            eps = StepSizeHeuristic.find(initial, eps, invMass, density, rng);
        }
        DualAveraging da = DualAveraging.start(eps);
        WarmupSchedule schedule = WarmupSchedule.stan(config.numWarmup());
        WelfordVariance welford = WelfordVariance.empty(dim);
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
                    welford = welford.add(state.position());
                }
                if (config.adaptMassMatrix() && schedule.endsSlowWindow(it) && welford.count() >= 2) {
                    invMass = welford.regularizedVariance();
                    welford = WelfordVariance.empty(dim);
                    if (config.adaptStepSize()) {
                        eps = StepSizeHeuristic.find(state, eps, invMass, density, rng);
                        da = DualAveraging.start(eps);
                    }
                }
                if (it == config.numWarmup() - 1 && config.adaptStepSize()) {
                    eps = da.finalStepSize();
                }
            } else {
                int s = it - config.numWarmup();
                if (s % config.thinning() == 0) {
                    draws[s / config.thinning()] = state.position();
                }
            }
        }
        IterationTrace trace = new IterationTrace(config.numWarmup(), depth, steps, divergent, accept, stepSizes,
                logDensity);
        return new Output(draws, trace, ChainStatistics.of(chain, trace, invMass, eps));
    }
}
