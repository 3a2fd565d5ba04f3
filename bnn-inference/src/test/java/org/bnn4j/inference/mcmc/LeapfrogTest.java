package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bnn4j.inference.mcmc.internal.Leapfrog;
import org.bnn4j.inference.mcmc.internal.PhasePoint;
import org.junit.jupiter.api.Test;

class LeapfrogTest {

    private static final double[] INV_MASS = {1.0, 0.5};

    private static PhasePoint start(LogDensity density) {
        return new PhasePoint(ChainState.at(new double[] {1.0, -0.5}, density), new double[] {0.3, 1.2});
    }

    /** Largest |H - H0| along a trajectory of total time 2. */
    private static double maxEnergyError(double eps) {
        GaussianDensity target = GaussianDensity.diagonal(1.0, 2.0);
        PhasePoint z = start(target);
        double h0 = z.energy(INV_MASS);
        double max = 0;
        int steps = (int) Math.round(2.0 / eps);
        for (int i = 0; i < steps; i++) {
            z = Leapfrog.step(z, eps, INV_MASS, target);
            max = Math.max(max, Math.abs(z.energy(INV_MASS) - h0));
        }
        return max;
    }

    @Test
    void energyErrorIsSecondOrderInStepSize() {
        // Leapfrog has global energy error O(eps^2) (Neal 2011, Sec. 2.3/5.2): halving eps divides it by ~4.
        // The ratio tends to 4 as eps -> 0; at eps = 0.1 the O(eps^4) terms move it by ~1%, so 5% is generous.
        double ratio1 = maxEnergyError(0.1) / maxEnergyError(0.05);
        double ratio2 = maxEnergyError(0.05) / maxEnergyError(0.025);
        assertEquals(4.0, ratio1, 0.2);
        assertEquals(4.0, ratio2, 0.2);
    }

    @Test
    void reversibleUpToRoundOff() {
        GaussianDensity target = GaussianDensity.bivariate(1.0, 2.0, 0.9);
        PhasePoint z0 = start(target);
        PhasePoint z = z0;
        for (int i = 0; i < 50; i++) {
            z = Leapfrog.step(z, 0.1, INV_MASS, target);
        }
        for (int i = 0; i < 50; i++) {
            z = Leapfrog.step(z, -0.1, INV_MASS, target);
        }
        // Exact in exact arithmetic; 1e-12 allows round-off over 100 steps of O(1) quantities.
        assertArrayEquals(z0.state().position(), z.state().position(), 1e-12);
        assertArrayEquals(z0.momentum(), z.momentum(), 1e-12);
    }

    @Test
    void oneStepMatchesHandComputation() {
        // Standard normal in 1-D: grad = -q. q=1, p=0.5, eps=0.2, invMass=2:
        // p' = 0.5 - 0.1 = 0.4; q* = 1 + 0.2*2*0.4 = 1.16; p* = 0.4 - 0.1*1.16 = 0.284.
        GaussianDensity target = GaussianDensity.diagonal(1.0);
        PhasePoint z = new PhasePoint(ChainState.at(new double[] {1.0}, target), new double[] {0.5});
        PhasePoint next = Leapfrog.step(z, 0.2, new double[] {2.0}, target);
        assertEquals(1.16, next.state().position()[0], 1e-15);
        assertEquals(0.284, next.momentum()[0], 1e-15);
        assertEquals(-0.5 * 1.16 * 1.16, next.state().logDensity(), 1e-15);
        assertEquals(-1.16, next.state().gradient()[0], 1e-15);
        assertEquals(1.0, z.state().position()[0], 0.0, "input must not be modified");
        assertEquals(0.5, z.momentum()[0], 0.0, "input must not be modified");
    }

    @Test
    void nonFiniteDensityGivesInfiniteEnergy() {
        LogDensity bad = new LogDensity() {
            @Override public int dimension() { return 1; }
            @Override public double logDensityAndGradient(double[] t, double[] g) {
                g[0] = Double.NaN;
                return t[0] > 0.5 ? Double.NaN : -0.5 * t[0] * t[0];
            }
        };
        PhasePoint z = new PhasePoint(ChainState.at(new double[] {0.0}, bad), new double[] {10.0});
        PhasePoint next = Leapfrog.step(z, 0.1, new double[] {1.0}, bad);
        assertTrue(Double.isInfinite(next.energy(new double[] {1.0})));
    }
}
