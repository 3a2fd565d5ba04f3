package org.bnn4j.inference.mcmc;

/**
 * The outcome of one MCMC iteration: the next state and the iteration's statistics.
 *
 * @param state            the chain state after the iteration (may equal the previous state)
 * @param acceptStat       acceptance statistic in {@code [0, 1]}: for HMC {@code min(1, exp(H0 - H))} of the
 *                         proposal, for NUTS the mean of that over all leaves of the tree; fed to dual averaging
 * @param divergent        whether the energy error exceeded the divergence threshold or became non-finite
 * @param treeDepth        NUTS tree depth ({@code 0} for HMC)
 * @param numLeapfrogSteps number of leapfrog steps (gradient evaluations) taken
 * @param energy           Hamiltonian at the returned state with the momentum it was reached with
 */
public record Transition(ChainState state, double acceptStat, boolean divergent, int treeDepth,
        int numLeapfrogSteps, double energy) {
}
