package org.bnn4j.inference.mcmc.internal;

import java.util.random.RandomGenerator;
import org.bnn4j.inference.mcmc.ChainState;
import org.bnn4j.inference.mcmc.LogDensity;

/**
 * Finds a "reasonable" initial step size: starting from a guess, doubles (or halves) it until the
 * acceptance probability of one leapfrog step from the current position, with a fresh momentum, crosses
 * a threshold.
 *
 * <p>Hoffman &amp; Gelman's Algorithm 4 uses the threshold 0.5; Stan ({@code base_hmc::init_stepsize}),
 * Pyro and NumPyro use 0.8, which is used here ({@link #ACCEPT_THRESHOLD}). A non-finite energy after the
 * step counts as acceptance probability 0. The search stops at {@link #MIN_STEP_SIZE} /
 * {@link #MAX_STEP_SIZE} instead of throwing (Stan throws there), so a pathological target never crashes
 * the sampler; the dual-averaging adaptation then takes over.
 *
 * <p>References: Hoffman &amp; Gelman (2014), The No-U-Turn Sampler, JMLR 15, Algorithm 4;
 * Stan's {@code stan/mcmc/hmc/base_hmc.hpp} ({@code init_stepsize}).
 */
public final class StepSizeHeuristic {

    /** Acceptance threshold, {@code log(0.8)} is compared with {@code H0 - H}; from Stan. */
    public static final double ACCEPT_THRESHOLD = 0.8;
    /** Upper bound of the search; Stan aborts above 1e7. */
    public static final double MAX_STEP_SIZE = 1e7;
    /** Lower bound of the search (the analogue of Stan's "step size became 0" abort). */
    public static final double MIN_STEP_SIZE = 1e-12;

    private StepSizeHeuristic() {
    }

    /**
     * @param state    the current chain state (its log density must be finite)
     * @param guess    the starting step size, {@code > 0}
     * @param invMass  inverse mass diagonal, shape {@code [d]}
     * @param density  the target
     * @param rng      the random generator (one momentum draw per trial step)
     * @return a step size in {@code [MIN_STEP_SIZE, MAX_STEP_SIZE]}
     * @throws IllegalArgumentException if {@code guess} is not finite and positive
     */
    public static double find(ChainState state, double guess, double[] invMass, LogDensity density,
            RandomGenerator rng) {
        if (!(guess > 0) || Double.isInfinite(guess)) {
            throw new IllegalArgumentException("guess must be finite and > 0 but was " + guess
                    + "; pass a positive step size such as 1.0");
        }
        double logThreshold = Math.log(ACCEPT_THRESHOLD);
        double eps = guess;
        double delta = energyDrop(state, eps, invMass, density, rng);
        int direction = delta > logThreshold ? 1 : -1;
        while (true) {
            double next = direction == 1 ? 2 * eps : 0.5 * eps;
            if (next > MAX_STEP_SIZE || next < MIN_STEP_SIZE) {
                return eps;
            }
            delta = energyDrop(state, eps, invMass, density, rng);
            if (direction == 1 && !(delta > logThreshold)) {
                return eps;
            }
            if (direction == -1 && !(delta < logThreshold)) {
                return eps;
            }
            eps = next;
        }
    }

    /** {@code H0 - H} after one leapfrog step with a fresh momentum; {@code -Infinity} if non-finite. */
    private static double energyDrop(ChainState state, double eps, double[] invMass, LogDensity density,
            RandomGenerator rng) {
        PhasePoint z0 = new PhasePoint(state, Hamiltonian.sampleMomentum(invMass, rng));
        double h0 = z0.energy(invMass);
        double h = Leapfrog.step(z0, eps, invMass, density).energy(invMass);
        double d = h0 - h;
        return Double.isNaN(d) ? Double.NEGATIVE_INFINITY : d;
    }
}
