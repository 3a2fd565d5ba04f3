package org.bnn4j.inference.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;

class AdamTest {

    @Test
    void firstStepsMatchKingmaBaByHand() {
        // step 1: mhat = g, vhat = g^2, so the update is lr * g / (|g| + eps) = lr * sign(g) up to eps
        Adam a = new Adam(2);
        double[] theta = {1.0, -2.0};
        a.step(theta, new double[] {0.5, -4.0}, 0.1);
        assertEquals(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), theta[0], 1e-15);
        assertEquals(-2.0 + 0.1 * 4.0 / (4.0 + 1e-8), theta[1], 1e-15);
        // step 2 by the paper's formulas
        double m = 0.9 * 0.1 * 0.5 + 0.1 * 0.25;
        double v = 0.999 * 0.001 * 0.25 + 0.001 * 0.0625;
        double mhat = m / (1 - 0.81);
        double vhat = v / (1 - 0.999 * 0.999);
        double expected = theta[0] - 0.1 * mhat / (Math.sqrt(vhat) + 1e-8);
        a.step(theta, new double[] {0.25, 0.0}, 0.1);
        assertEquals(expected, theta[0], 1e-12);
    }

    @Test
    void matchesNd4jAdamUpdater() {
        int n = 202;
        SplittableRandom rng = new SplittableRandom(3);
        double[] theta = new double[n];
        Adam a = new Adam(n);
        AdamUpdater u = new AdamUpdater(new org.nd4j.linalg.learning.config.Adam(1e-2));
        u.setStateViewArray(Nd4j.zeros(DataType.DOUBLE, 1, 2L * n), new long[] {1, n}, 'c', true);
        INDArray t = Nd4j.zeros(DataType.DOUBLE, 1, n);
        for (int it = 0; it < 50; it++) {
            double[] g = new double[n];
            for (int k = 0; k < n; k++) {
                g[k] = theta[k] - 1 + 0.1 * rng.nextGaussian();
            }
            a.step(theta, g, 1e-2);
            INDArray gi = Nd4j.createFromArray(g).reshape(1, n);
            u.applyUpdater(gi, it, 0);
            t.subi(gi);
        }
        double[] nd = t.toDoubleVector();
        for (int k = 0; k < n; k++) {
            // ND4J puts eps on sqrt(v) of the raw moment (not on sqrt(vhat)): relative difference O(eps / sqrt(v))
            assertEquals(nd[k], theta[k], 1e-6 * Math.abs(nd[k]) + 1e-9, "k=" + k);
        }
    }

    @Test
    @Tag("slow")
    void timingNd4jVersusPlain() {
        int n = 202;
        double[] theta = new double[n];
        double[] g = new double[n];
        java.util.Arrays.fill(g, 0.1);
        Adam a = new Adam(n);
        AdamUpdater u = new AdamUpdater(new org.nd4j.linalg.learning.config.Adam(1e-2));
        u.setStateViewArray(Nd4j.zeros(DataType.DOUBLE, 1, 2L * n), new long[] {1, n}, 'c', true);
        INDArray t = Nd4j.zeros(DataType.DOUBLE, 1, n);
        INDArray gi = Nd4j.zeros(DataType.DOUBLE, 1, n);
        for (int rep = 0; rep < 2; rep++) {
            long t0 = System.nanoTime();
            for (int it = 0; it < 20000; it++) {
                a.step(theta, g, 1e-2);
            }
            long t1 = System.nanoTime();
            for (int it = 0; it < 20000; it++) {
                gi.assign(0.1);
                u.applyUpdater(gi, it, 0);
                t.subi(gi);
            }
            long t2 = System.nanoTime();
            System.err.printf("Adam step on %d doubles: plain %.3f us, ND4J %.3f us%n", n, (t1 - t0) / 2e4 / 1e3,
                    (t2 - t1) / 2e4 / 1e3);
        }
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> new Adam(0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(2, 1.0, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new Adam(2, 0.9, 0.999, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(2).step(new double[3], new double[3], 0.1));
    }
}
