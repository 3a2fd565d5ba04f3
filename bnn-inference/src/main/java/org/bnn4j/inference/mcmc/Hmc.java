package org.bnn4j.inference.mcmc;

import java.util.random.RandomGenerator;
import org.bnn4j.inference.mcmc.internal.Hamiltonian;
import org.bnn4j.inference.mcmc.internal.Leapfrog;
import org.bnn4j.inference.mcmc.internal.PhasePoint;

/**
 * Static Hamiltonian Monte Carlo: a fresh Gaussian momentum, a fixed number of leapfrog steps (or a fixed
 * trajectory length {@code T}, giving {@code ceil(T / eps)} steps, at most {@link #MAX_STEPS_FROM_LENGTH}),
 * and a Metropolis correction.
 *
 * <p>If the energy error {@code H - H0} exceeds {@link McmcKernel#MAX_ENERGY_ERROR} or becomes
 * non-finite, integration stops, the transition is flagged divergent and the proposal is rejected.
 *
 * <p>References: Duane, Kennedy, Pendleton &amp; Roweth (1987), Hybrid Monte Carlo, Phys. Lett. B 195;
 * Neal (2011), MCMC using Hamiltonian dynamics, Handbook of MCMC, Ch. 5.
 */
public final class Hmc implements McmcKernel {

    /**
     * Upper bound on {@code ceil(T / eps)} (2^16, the cost of a NUTS tree of depth 16): keeps an iteration
     * finite if the step size collapses on a pathological target instead of hanging the chain.
     */
    public static final int MAX_STEPS_FROM_LENGTH = 1 << 16;

    private final LogDensity density;
    private final int numLeapfrogSteps;
    private final double trajectoryLength;

    private Hmc(LogDensity density, int numLeapfrogSteps, double trajectoryLength) {
        this.density = density;
        this.numLeapfrogSteps = numLeapfrogSteps;
        this.trajectoryLength = trajectoryLength;
    }

    /**
     * @param density          the target
     * @param numLeapfrogSteps leapfrog steps per iteration, {@code >= 1}
     * @return an HMC kernel with a fixed number of steps
     * @throws IllegalArgumentException if {@code numLeapfrogSteps < 1}
     */
    public static Hmc withSteps(LogDensity density, int numLeapfrogSteps) {
        if (numLeapfrogSteps < 1) {
            throw new IllegalArgumentException("numLeapfrogSteps must be >= 1 but was " + numLeapfrogSteps
                    + "; pass a positive number of steps");
        }
        return new Hmc(density, numLeapfrogSteps, Double.NaN);
    }

    /**
     * @param density          the target
     * @param trajectoryLength integration time {@code T > 0}; each iteration takes {@code ceil(T / eps)} steps
     * @return an HMC kernel with a fixed trajectory length
     * @throws IllegalArgumentException if {@code trajectoryLength} is not finite and positive
     */
    public static Hmc withTrajectoryLength(LogDensity density, double trajectoryLength) {
        if (!(trajectoryLength > 0) || Double.isInfinite(trajectoryLength)) {
            throw new IllegalArgumentException("trajectoryLength must be finite and > 0 but was "
                    + trajectoryLength + "; pass a positive integration time");
        }
        return new Hmc(density, 0, trajectoryLength);
    }

    /**
     * @param stepSize the step size
     * @return the number of leapfrog steps taken with that step size: the fixed number, or
     *         {@code ceil(trajectoryLength / stepSize)} clamped to {@code [1, MAX_STEPS_FROM_LENGTH]}
     */
    public int stepsFor(double stepSize) {
        if (numLeapfrogSteps > 0) {
            return numLeapfrogSteps;
        }
        double n = Math.ceil(trajectoryLength / stepSize);
        return (int) Math.max(1, Math.min(MAX_STEPS_FROM_LENGTH, n));
    }

    @Override
    public LogDensity density() {
        return density;
    }

    @Override
    public Transition step(ChainState state, double stepSize, double[] invMass, RandomGenerator rng) {
        PhasePoint z0 = new PhasePoint(state, Hamiltonian.sampleMomentum(invMass, rng));
        double h0 = z0.energy(invMass);
        int steps = stepsFor(stepSize);
        PhasePoint z = z0;
        boolean divergent = false;
        int taken = 0;
        double h = h0;
        while (taken < steps) {
            z = Leapfrog.step(z, stepSize, invMass, density);
            taken++;
            h = z.energy(invMass);
            if (!(h - h0 <= MAX_ENERGY_ERROR)) {
                divergent = true;
                break;
            }
        }
        double acceptStat = divergent ? 0.0 : Math.min(1.0, Math.exp(h0 - h));
        double u = rng.nextDouble();
        if (!divergent && u < acceptStat) {
            return new Transition(z.state(), acceptStat, false, 0, taken, h);
        }
        return new Transition(state, acceptStat, divergent, 0, taken, h0);
    }
}
