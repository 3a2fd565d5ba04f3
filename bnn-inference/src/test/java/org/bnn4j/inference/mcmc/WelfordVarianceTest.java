package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WelfordVarianceTest {

    @Test
    void matchesTwoPassVariance() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 257;
        double[][] x = new double[n][3];
        WelfordVariance w = WelfordVariance.empty(3);
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {1e6 + rng.nextGaussian(), 5 * rng.nextGaussian(), rng.nextDouble()};
            w = w.add(x[i]);
        }
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (double[] r : x) {
                mean += r[j];
            }
            mean /= n;
            double ss = 0;
            for (double[] r : x) {
                ss += (r[j] - mean) * (r[j] - mean);
            }
            // Both are backward-stable; relative agreement to 1e-9 even with the 1e6 offset.
            assertEquals(mean, w.mean()[j], 1e-9 * Math.abs(mean) + 1e-12);
            assertEquals(ss / (n - 1), w.variance()[j], 1e-9 * ss / (n - 1));
        }
        assertEquals(n, w.count());
    }

    @Test
    void regularizationIsStans() {
        // Stan var_adaptation: (n / (n + 5)) var + 1e-3 (5 / (n + 5)). Samples {0, 2}: var = 2, n = 2.
        WelfordVariance w = WelfordVariance.empty(1).add(new double[] {0}).add(new double[] {2});
        assertArrayEquals(new double[] {2.0}, w.variance(), 1e-15);
        assertArrayEquals(new double[] {2.0 / 7 * 2 + 1e-3 * 5 / 7}, w.regularizedVariance(), 1e-15);
    }

    @Test
    void addReturnsNewValueAndLeavesOldOneIntact() {
        WelfordVariance a = WelfordVariance.empty(1).add(new double[] {1});
        WelfordVariance b = a.add(new double[] {3});
        assertEquals(1, a.count());
        assertEquals(1.0, a.mean()[0], 0.0);
        assertEquals(2.0, b.mean()[0], 0.0);
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> WelfordVariance.empty(0));
        assertThrows(IllegalArgumentException.class, () -> WelfordVariance.empty(2).add(new double[3]));
        assertThrows(IllegalStateException.class, () -> WelfordVariance.empty(2).add(new double[2]).variance());
        assertThrows(IllegalArgumentException.class, () -> new WelfordVariance(-1, new double[1], new double[1]));
        assertThrows(IllegalArgumentException.class, () -> new WelfordVariance(0, new double[1], new double[2]));
    }
}
