package org.bnn4j.inference.mcmc;

import java.util.random.RandomGenerator;

/**
 * A Markov transition kernel of Hamiltonian type: from a state, a step size and a diagonal inverse mass
 * matrix, draws the next state. Implementations hold the target density and fixed options only; all
 * changing state is passed in and returned.
 */
public interface McmcKernel {

    /**
     * Energy error {@code H - H0} above which a trajectory is declared divergent; Stan's
     * {@code max_deltaH}, also Pyro/NumPyro.
     */
    double MAX_ENERGY_ERROR = 1000.0;

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
     * The same kernel (same options) on another density; used to run on the latent coordinates of a
     * {@link DenseMetric}.
     *
     * @param target the new target
     * @return a kernel for {@code target}
     * @throws UnsupportedOperationException if the kernel cannot be re-targeted (the default)
     */
    default McmcKernel withDensity(LogDensity target) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be re-targeted; "
                + "use Metric.DIAGONAL or implement withDensity");
    }
}
