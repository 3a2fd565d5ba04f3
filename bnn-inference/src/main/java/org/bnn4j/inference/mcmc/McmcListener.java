package org.bnn4j.inference.mcmc;

/**
 * Receives progress from {@link Mcmc#run}. It is called once per iteration of every chain, from that
 * chain's worker thread: with several chains in parallel, calls for different chains arrive concurrently,
 * so implementations must be thread-safe (e.g. use atomics or per-chain slots) and should return quickly,
 * since the chain waits for the call. Calls for one chain arrive in iteration order from one thread.
 */
@FunctionalInterface
public interface McmcListener {

    /** A listener that does nothing. */
    McmcListener NONE = (chain, iteration, warmup, stepSize, divergencesSoFar) -> { };

    /**
     * @param chain            chain index in {@code [0, numChains)}
     * @param iteration        iteration index in {@code [0, numWarmup + numSamples)} (warm-up first)
     * @param warmup           whether the iteration is a warm-up iteration
     * @param stepSize         the step size used at this iteration
     * @param divergencesSoFar divergent iterations of this chain so far (warm-up and sampling)
     */
    void onIteration(int chain, int iteration, boolean warmup, double stepSize, int divergencesSoFar);
}
