package org.bnn4j.inference.mcmc;

/**
 * The built-in kernel a {@link McmcConfig} chooses ({@link McmcConfig#kernel()}); any other {@link McmcKernel} runs
 * through {@link Mcmc#Mcmc(McmcConfig, McmcKernel.Factory)}.
 */
public enum Algorithm {
    /** Multinomial No-U-Turn Sampler ({@link Nuts}). */
    NUTS,
    /** Static HMC with a fixed number of steps or trajectory length ({@link Hmc}). */
    HMC
}
