package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WelfordCovarianceTest {

    @Test
    void matchesTwoPassCovariance() {
        double[][] x = {{1, 2}, {3, 1}, {0, 0}, {4, 5}};
        WelfordCovariance w = WelfordCovariance.empty(2);
        for (double[] r : x) {
            w = w.add(r);
        }
        // Two-pass by hand: means (2, 2); deviations (-1,0) (1,-1) (-2,-2) (2,3);
        // sum of products xx 10, xy 9, yy 14; divided by n - 1 = 3.
        assertArrayEquals(new double[] {10 / 3.0, 9 / 3.0, 9 / 3.0, 14 / 3.0}, w.covariance(), 1e-12);
        assertArrayEquals(new double[] {2, 2}, w.mean(), 1e-12);
    }

    @Test
    void regularisationIsStans() {
        WelfordCovariance w = WelfordCovariance.empty(2).add(new double[] {0, 0}).add(new double[] {2, 2});
        // covariance [[2, 2], [2, 2]], n = 2: (2/7) C + 1e-3 (5/7) I.
        double a = 2.0 / 7 * 2 + 1e-3 * 5 / 7;
        double b = 2.0 / 7 * 2;
        assertArrayEquals(new double[] {a, b, b, a}, w.regularizedCovariance(), 1e-15);
        // The diagonal agrees with the diagonal-metric estimator.
        WelfordVariance v = WelfordVariance.empty(2).add(new double[] {0, 0}).add(new double[] {2, 2});
        assertEquals(v.regularizedVariance()[0], w.regularizedCovariance()[0], 1e-15);
    }

    @Test
    void addDoesNotMutate() {
        WelfordCovariance w = WelfordCovariance.empty(2).add(new double[] {1, 1});
        double[] m2 = w.m2().clone();
        w.add(new double[] {3, 4});
        assertArrayEquals(m2, w.m2(), 0.0);
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> WelfordCovariance.empty(0));
        assertThrows(IllegalArgumentException.class, () -> WelfordCovariance.empty(2).add(new double[3]));
        assertThrows(IllegalStateException.class, () -> WelfordCovariance.empty(2).add(new double[2]).covariance());
        assertThrows(IllegalArgumentException.class, () -> new WelfordCovariance(0, new double[2], new double[3]));
    }
}
