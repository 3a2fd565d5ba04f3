/**
 * Generic Markov chain Monte Carlo over an abstract log density: leapfrog integration, static HMC,
 * multinomial NUTS, Stan-style warm-up adaptation (dual-averaging step size and a windowed diagonal, dense or
 * low-rank metric, {@link org.bnn4j.inference.mcmc.Metric}), a multi-chain driver that runs any
 * {@link org.bnn4j.inference.mcmc.McmcKernel}, and convergence diagnostics (split R-hat, bulk ESS).
 *
 * <p>The engine knows nothing about neural networks: a model plugs in through {@link
 * org.bnn4j.inference.mcmc.LogDensity}, a sampler through {@link org.bnn4j.inference.mcmc.McmcKernel.Factory}.
 * Algorithm state is held in values ({@link org.bnn4j.inference.mcmc.ChainState},
 * {@link org.bnn4j.inference.mcmc.Transition}; the warm-up's state, dual averaging and the Welford estimators live in
 * {@code org.bnn4j.inference.mcmc.internal}, which is not API); randomness is passed in as a
 * {@link java.util.random.RandomGenerator}.
 *
 * <p>References:
 * <ul>
 *   <li>Neal, R. M. (2011). MCMC using Hamiltonian dynamics. Handbook of Markov Chain Monte Carlo.</li>
 *   <li>Hoffman, M. D. &amp; Gelman, A. (2014). The No-U-Turn Sampler. JMLR 15, 1593-1623.</li>
 *   <li>Betancourt, M. (2017). A Conceptual Introduction to Hamiltonian Monte Carlo. arXiv:1701.02434.</li>
 *   <li>Stan Development Team. Stan Reference Manual, "MCMC Sampling" (HMC, NUTS, adaptation).</li>
 *   <li>Vehtari, A., Gelman, A., Simpson, D., Carpenter, B. &amp; Bürkner, P.-C. (2021).
 *       Rank-normalization, folding, and localization: an improved R-hat. Bayesian Analysis 16(2).</li>
 * </ul>
 */
package org.bnn4j.inference.mcmc;
