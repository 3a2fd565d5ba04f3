package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HmcTest {

    /** Standard normal truncated to x < 1; NaN beyond, to provoke divergences. */
    static final class TruncatedNormal implements LogDensity {
        @Override public int dimension() { return 1; }
        @Override public double logDensityAndGradient(double[] t, double[] g) {
            g[0] = -t[0];
            return t[0] < 1 ? -0.5 * t[0] * t[0] : Double.NaN;
        }
    }

    @Test
    void invariantForStandardNormal() {
        // Fixed eps = 0.4, L = 5: a valid Metropolis-corrected kernel must leave N(0,1) invariant.
        GaussianDensity target = GaussianDensity.diagonal(1.0);
        Hmc hmc = Hmc.withSteps(target, 5);
        SplittableRandom rng = new SplittableRandom(5);
        ChainState s = ChainState.at(new double[] {0.0}, target);
        int n = 20000;
        double[][] x = new double[1][n];
        double accept = 0;
        for (int i = 0; i < n; i++) {
            Transition t = hmc.step(s, 0.4, new double[] {1.0}, rng);
            s = t.state();
            x[0][i] = s.position()[0];
            accept += t.acceptStat();
            assertEquals(5, t.numLeapfrogSteps());
        }
        double mean = 0;
        double sq = 0;
        for (double v : x[0]) {
            mean += v / n;
            sq += v * v / n;
        }
        double ess = ConvergenceDiagnostics.meanEss(x);
        // MCSE of the mean = 1 / sqrt(ESS); of E[x^2] = sqrt(Var(x^2) = 2) / sqrt(ESS of x^2 ~ ESS).
        assertEquals(0.0, mean, 4 / Math.sqrt(ess), "mean, ESS=" + ess);
        assertEquals(1.0, sq, 4 * Math.sqrt(2) / Math.sqrt(ConvergenceDiagnostics.meanEss(new double[][] {square(x[0])})));
        assertTrue(accept / n > 0.9, "eps = 0.4 on N(0,1) is nearly exact, accept=" + accept / n);
    }

    private static double[] square(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * x[i];
        }
        return y;
    }

    @Test
    void divergenceIsReportedNotThrownAndRejects() {
        TruncatedNormal target = new TruncatedNormal();
        Hmc hmc = Hmc.withSteps(target, 50);
        ChainState s = ChainState.at(new double[] {0.9}, target);
        SplittableRandom rng = new SplittableRandom(1);
        int divergent = 0;
        for (int i = 0; i < 50; i++) {
            Transition t = hmc.step(s, 0.5, new double[] {1.0}, rng);
            if (t.divergent()) {
                divergent++;
                assertSame(s, t.state(), "a divergent proposal is rejected");
                assertEquals(0.0, t.acceptStat());
                assertTrue(t.numLeapfrogSteps() < 50, "integration stops at the divergence");
            }
            s = t.state();
            assertTrue(s.position()[0] < 1);
        }
        assertTrue(divergent > 0);
    }

    @Test
    void trajectoryLengthGivesCeilOfLengthOverStepSize() {
        Hmc hmc = Hmc.withTrajectoryLength(GaussianDensity.diagonal(1.0), 1.0);
        assertEquals(4, hmc.stepsFor(0.3));
        assertEquals(5, hmc.stepsFor(0.2 + 1e-12));
        assertEquals(1, hmc.stepsFor(7.0));
        assertEquals(Hmc.MAX_STEPS_FROM_LENGTH, hmc.stepsFor(1e-12));
        Transition t = hmc.step(ChainState.at(new double[] {0.0}, hmc.density()), 0.3, new double[] {1.0},
                new SplittableRandom(2));
        assertEquals(4, t.numLeapfrogSteps());
        assertFalse(t.divergent());
    }

    @Test
    void preconditions() {
        GaussianDensity target = GaussianDensity.diagonal(1.0);
        assertThrows(IllegalArgumentException.class, () -> Hmc.withSteps(target, 0));
        assertThrows(IllegalArgumentException.class, () -> Hmc.withTrajectoryLength(target, 0));
        assertThrows(IllegalArgumentException.class, () -> Hmc.withTrajectoryLength(target, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> Hmc.withTrajectoryLength(target, Double.POSITIVE_INFINITY));
    }
}
