package org.bnn4j.inference.mcmc;

/** The Hamiltonian kernel used by {@link Mcmc}. */
public enum Algorithm {
    /** Multinomial No-U-Turn Sampler ({@link Nuts}). */
    NUTS,
    /** Static HMC with a fixed number of steps or trajectory length ({@link Hmc}). */
    HMC
}
