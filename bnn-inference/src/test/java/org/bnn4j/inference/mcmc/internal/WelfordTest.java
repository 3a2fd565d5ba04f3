package org.bnn4j.inference.mcmc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WelfordTest {

    /** 257 correlated points in 3-d with a 1e6 offset on the first coordinate (a cancellation trap). */
    private static double[][] points() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = new double[257][];
        for (int i = 0; i < x.length; i++) {
            double z = rng.nextGaussian();
            x[i] = new double[] {1e6 + z, 5 * rng.nextGaussian() - 2 * z, rng.nextDouble()};
        }
        return x;
    }

    private static double twoPassMean(double[][] x, int j) {
        double s = 0;
        for (double[] r : x) {
            s += r[j];
        }
        return s / x.length;
    }

    private static double twoPassCovariance(double[][] x, int i, int j) {
        double mi = twoPassMean(x, i);
        double mj = twoPassMean(x, j);
        double s = 0;
        for (double[] r : x) {
            s += (r[i] - mi) * (r[j] - mj);
        }
        return s / (x.length - 1);
    }

    @Test
    void matchesTwoPassMeanVarianceAndCovariance() {
        double[][] x = points();
        Welford diag = Welford.diagonal(3);
        Welford full = Welford.full(3);
        for (double[] r : x) {
            diag = diag.add(r);
            full = full.add(r);
        }
        assertEquals(x.length, diag.count());
        assertEquals(x.length, full.count());
        double[] cov = full.covariance();
        for (int i = 0; i < 3; i++) {
            double mean = twoPassMean(x, i);
            // Both algorithms are backward stable: relative agreement ~1e-16 * log(n) per operation; 1e-9 leaves
            // room for the 1e6 offset (whose cancellation costs 6 of the 16 digits in the two-pass variance).
            assertEquals(mean, diag.mean()[i], 1e-12 * Math.abs(mean) + 1e-12);
            assertEquals(mean, full.mean()[i], 1e-12 * Math.abs(mean) + 1e-12);
            double var = twoPassCovariance(x, i, i);
            assertEquals(var, diag.variance()[i], 1e-9 * var);
            for (int j = 0; j < 3; j++) {
                double c = twoPassCovariance(x, i, j);
                assertEquals(c, cov[i * 3 + j], 1e-9 * Math.sqrt(twoPassCovariance(x, i, i)
                        * twoPassCovariance(x, j, j)), "covariance " + i + "," + j);
            }
        }
        // the diagonal form runs the full form's arithmetic on the diagonal: equal bit for bit
        assertArrayEquals(diag.variance(), full.variance(), 0.0);
        assertArrayEquals(diag.mean(), full.mean(), 0.0);
    }

    @Test
    void knownAnswerOfTwoPoints() {
        // {0, 1} and {2, 5}: mean {1, 3}, deviations +-{1, 2}, m2 = 2 {{1, 2}, {2, 4}}, n - 1 = 1
        Welford w = Welford.full(2).add(new double[] {0, 1}).add(new double[] {2, 5});
        assertArrayEquals(new double[] {1, 3}, w.mean(), 0.0);
        assertArrayEquals(new double[] {2, 4, 4, 8}, w.covariance(), 0.0);
        assertArrayEquals(new double[] {2, 8}, w.variance(), 0.0);
    }

    @Test
    void addReturnsNewValueAndLeavesOldOneIntact() {
        Welford a = Welford.diagonal(1).add(new double[] {1});
        Welford b = a.add(new double[] {3});
        assertEquals(1, a.count());
        assertEquals(1.0, a.mean()[0], 0.0);
        assertEquals(2.0, b.mean()[0], 0.0);
        assertEquals(Welford.diagonal(1), b.empty());
        assertTrue(Welford.full(2).add(new double[2]).empty().isFull());
        assertFalse(b.isFull());
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> Welford.diagonal(0));
        assertThrows(IllegalArgumentException.class, () -> Welford.full(0));
        assertThrows(IllegalArgumentException.class, () -> Welford.full(50_000));
        assertThrows(IllegalArgumentException.class, () -> Welford.diagonal(2).add(new double[3]));
        assertThrows(IllegalStateException.class, () -> Welford.diagonal(2).add(new double[2]).variance());
        assertThrows(IllegalStateException.class, () -> Welford.full(2).add(new double[2]).covariance());
        assertThrows(IllegalStateException.class,
                () -> Welford.diagonal(2).add(new double[2]).add(new double[] {1, 1}).covariance());
    }
}
