package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.inference.mcmc.internal.StepSizeHeuristic;
import org.junit.jupiter.api.Test;

class StepSizeHeuristicTest {

    private static double find(double sd, double guess, long seed) {
        GaussianDensity target = GaussianDensity.diagonal(sd, sd);
        ChainState s = ChainState.at(new double[] {sd, -sd}, target);
        return StepSizeHeuristic.find(s, guess, new double[] {1, 1}, target, new SplittableRandom(seed));
    }

    @Test
    void resultIsPowerOfTwoTimesGuessAndScalesWithTarget() {
        double eps = find(1.0, 1.0, 7);
        double log2 = Math.log(eps) / Math.log(2);
        assertEquals(Math.rint(log2), log2, 1e-12, "only doublings/halvings of the guess");
        // Leapfrog on a Gaussian of scale sd is invariant under q -> sd q, p -> p/sd... with unit mass the
        // stable step is O(sd); a target 1000x wider must get a step at least 100x larger (sampling noise
        // in the one-step acceptance moves the result by a factor 2 or so).
        double wide = find(1000.0, 1.0, 7);
        assertTrue(wide > 100 * eps, "eps(sd=1000)=" + wide + " vs eps(sd=1)=" + eps);
        // For a unit Gaussian the one-step energy error is below log(1/0.8) for eps ~ 1 and unstable past 2.
        assertTrue(eps >= 0.125 && eps <= 2.0, "eps=" + eps);
    }

    @Test
    void invalidNeighbourhoodStopsAtLowerBoundWithoutThrowing() {
        LogDensity spike = new LogDensity() {
            @Override public int dimension() { return 1; }
            @Override public double logDensityAndGradient(double[] t, double[] g) {
                g[0] = 0;
                return t[0] == 0.0 ? 0.0 : Double.NEGATIVE_INFINITY;
            }
        };
        ChainState s = ChainState.at(new double[] {0.0}, spike);
        double eps = StepSizeHeuristic.find(s, 1.0, new double[] {1}, spike, new SplittableRandom(1));
        assertTrue(eps < 2 * StepSizeHeuristic.MIN_STEP_SIZE && eps >= StepSizeHeuristic.MIN_STEP_SIZE, "eps=" + eps);
    }

    @Test
    void flatTargetStopsAtUpperBound() {
        LogDensity flat = new LogDensity() {
            @Override public int dimension() { return 1; }
            @Override public double logDensityAndGradient(double[] t, double[] g) {
                g[0] = 0;
                return 0.0;
            }
        };
        ChainState s = ChainState.at(new double[] {0.0}, flat);
        double eps = StepSizeHeuristic.find(s, 1.0, new double[] {1}, flat, new SplittableRandom(1));
        assertTrue(eps <= StepSizeHeuristic.MAX_STEP_SIZE && eps > StepSizeHeuristic.MAX_STEP_SIZE / 2);
    }

    @Test
    void preconditions() {
        GaussianDensity target = GaussianDensity.diagonal(1.0);
        ChainState s = ChainState.at(new double[] {0.0}, target);
        SplittableRandom rng = new SplittableRandom(1);
        assertThrows(IllegalArgumentException.class, () -> StepSizeHeuristic.find(s, 0, new double[] {1}, target, rng));
        assertThrows(IllegalArgumentException.class,
                () -> StepSizeHeuristic.find(s, Double.NaN, new double[] {1}, target, rng));
    }
}
