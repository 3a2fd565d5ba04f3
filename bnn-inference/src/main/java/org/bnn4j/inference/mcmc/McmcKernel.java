package org.bnn4j.inference.mcmc;

import java.util.random.RandomGenerator;

/**
 * A Markov transition kernel: from a state, a step size and a diagonal inverse mass matrix, draws the next state.
 * {@link Nuts} and {@link Hmc} are implementations; any other sampler plugs into {@link Mcmc} through a
 * {@link Factory}. Implementations hold the target density and fixed options only; all changing state is passed
 * in and returned. The step size and inverse mass are adapted by the driver during warm-up; a kernel that has no
 * use for them may ignore them, and should then report an acceptance statistic that dual averaging can steer, or
 * be run with step-size adaptation off.
 *
 * <pre>{@code
 * // random-walk Metropolis with proposal scale stepSize * sqrt(invMass), as a plug-in kernel
 * McmcKernel.Factory rwm = target -> new McmcKernel() {
 *     public Transition step(ChainState s, double stepSize, double[] invMass, RandomGenerator rng) {
 *         double[] q = s.position().clone();
 *         for (int i = 0; i < q.length; i++) {
 *             q[i] += stepSize * Math.sqrt(invMass[i]) * rng.nextGaussian();
 *         }
 *         ChainState next = ChainState.at(q, target);
 *         double accept = Math.min(1.0, Math.exp(next.logDensity() - s.logDensity()));
 *         boolean move = rng.nextDouble() < accept;
 *         return new Transition(move ? next : s, Double.isNaN(accept) ? 0.0 : accept, false, 0, 1, Double.NaN);
 *     }
 *
 *     public LogDensity density() {
 *         return target;
 *     }
 * };
 * McmcResult result = new Mcmc(config, rwm).run(densities, inits, McmcListener.NONE);
 * }</pre>
 */
public interface McmcKernel {

    /**
     * Energy error {@code H - H0} above which a trajectory is declared divergent; Stan's
     * {@code max_deltaH}, also Pyro/NumPyro.
     */
    double MAX_ENERGY_ERROR = 1000.0;

    /**
     * Creates a kernel on a given target: once per chain, and again for each new dense metric (whose latent
     * density differs from the target; see {@link EuclideanMetric#latentDensity}).
     */
    @FunctionalInterface
    interface Factory {
        /**
         * @param target the density to sample, used from one thread only
         * @return a kernel for {@code target}
         */
        McmcKernel create(LogDensity target);
    }

    /**
     * Performs one transition.
     *
     * @param state    the current state; not modified
     * @param stepSize leapfrog step size, {@code > 0}
     * @param invMass  inverse mass diagonal, shape {@code [d]}, entries {@code > 0}; not modified
     * @param rng      the chain's random generator
     * @return the next state and the iteration's statistics
     */
    Transition step(ChainState state, double stepSize, double[] invMass, RandomGenerator rng);

    /** @return the target density this kernel samples from */
    LogDensity density();

    /**
     * @return the largest tree depth a {@link Transition} of this kernel can report; iterations that reach it
     *         had their trajectory cut short. {@code 0} (the default) for kernels that build no trees.
     */
    default int maxTreeDepth() {
        return 0;
    }
}
