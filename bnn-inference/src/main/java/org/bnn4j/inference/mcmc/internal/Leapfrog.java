package org.bnn4j.inference.mcmc.internal;

import org.bnn4j.inference.mcmc.ChainState;
import org.bnn4j.inference.mcmc.LogDensity;

/**
 * One step of the leapfrog (Störmer-Verlet) integrator for a Hamiltonian with a diagonal inverse mass
 * matrix: a half step in momentum, a full step in position, a half step in momentum.
 *
 * <pre>
 *   p' = p + (eps/2) grad log p(q)
 *   q* = q + eps M^{-1} p'
 *   p* = p' + (eps/2) grad log p(q*)
 * </pre>
 *
 * <p>The integrator is symplectic and time reversible: its energy error is bounded and of order
 * {@code eps^2} over a trajectory, and stepping with {@code -eps} undoes a step.
 *
 * <p>References: Neal (2011), MCMC using Hamiltonian dynamics, Sec. 2.3 and 5.4.1;
 * Leimkuhler &amp; Reich (2004), Simulating Hamiltonian Dynamics, Ch. 2.
 */
public final class Leapfrog {

    private Leapfrog() {
    }

    /**
     * Takes one leapfrog step; one gradient evaluation.
     *
     * @param z        the starting phase point; not modified
     * @param stepSize the step size; negative to integrate backwards in time
     * @param invMass  inverse mass diagonal, shape {@code [d]}; not modified
     * @param density  the target
     * @return a new phase point (fresh arrays); its log density may be {@code -Infinity}/{@code NaN}
     */
    public static PhasePoint step(PhasePoint z, double stepSize, double[] invMass, LogDensity density) {
        ChainState s = z.state();
        double[] q0 = s.position();
        double[] g0 = s.gradient();
        double[] p0 = z.momentum();
        int d = q0.length;
        double half = 0.5 * stepSize;
        double[] p = new double[d];
        double[] q = new double[d];
        for (int i = 0; i < d; i++) {
            p[i] = p0[i] + half * g0[i];
            q[i] = q0[i] + stepSize * invMass[i] * p[i];
        }
        double[] g = new double[d];
        double lp = density.logDensityAndGradient(q, g);
        for (int i = 0; i < d; i++) {
            p[i] += half * g[i];
        }
        return new PhasePoint(new ChainState(q, lp, g), p);
    }
}
