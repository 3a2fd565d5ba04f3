/**
 * The building blocks of the MCMC engine: the diagonal-metric Hamiltonian, phase points and the leapfrog integrator
 * of the built-in kernels, Stan's initial step-size heuristic, and the warm-up as a value (window adaptation = dual
 * averaging + a metric estimator over Stan's window schedule, the Welford estimators underneath).
 *
 * <p>Not API: these types are public only so that the engine's packages can share them; they may change in any
 * release. A sampler of one's own plugs in through {@link org.bnn4j.inference.mcmc.McmcKernel} and gets the same
 * warm-up from {@link org.bnn4j.inference.mcmc.Mcmc}.
 *
 * <p>References: Neal (2011), MCMC using Hamiltonian dynamics; Hoffman &amp; Gelman (2014), The No-U-Turn Sampler,
 * JMLR 15 (dual averaging); Stan Reference Manual, "HMC algorithm parameters" and "Automatic parameter tuning";
 * Welford (1962), Technometrics 4(3).
 */
package org.bnn4j.inference.mcmc.internal;
