package org.bnn4j.inference.mcmc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.inference.mcmc.DenseMetric;
import org.bnn4j.inference.mcmc.EuclideanMetric;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.mcmc.Metric;
import org.bnn4j.inference.mcmc.MetricEstimator;
import org.junit.jupiter.api.Test;

/** Known answers: the warm-up state replayed against its parts (dual averaging, estimator, Stan's schedule). */
class WindowAdaptationTest {

    private static final double TARGET = 0.8;

    /** A fixed stream of 2-d positions and acceptance statistics standing in for a chain. */
    private static double[][] positions(int n) {
        SplittableRandom rng = new SplittableRandom(8);
        double[][] q = new double[n][];
        for (int i = 0; i < n; i++) {
            q[i] = new double[] {rng.nextGaussian(), 2 + 3 * rng.nextGaussian()};
        }
        return q;
    }

    private static double[] accepts(int n) {
        SplittableRandom rng = new SplittableRandom(9);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextDouble();
        }
        return a;
    }

    @Test
    void replaysDualAveragingAndOneSlowWindow() {
        // numWarmup = 100: fast [0, 14], slow [15, 89], fast [90, 99] (WarmupScheduleTest)
        McmcConfig config = McmcConfig.builder().numWarmup(100).targetAccept(TARGET).build();
        double[][] q = positions(100);
        double[] acc = accepts(100);
        WindowAdaptation a = WindowAdaptation.start(config, 2, 0.5);
        DualAveraging da = DualAveraging.start(0.5);
        MetricEstimator window = MetricEstimator.diagonal(2);
        assertEquals(0.5, a.stepSize(), 0.0);
        for (int it = 0; it < 100; it++) {
            EuclideanMetric before = a.metric();
            a = a.update(q[it], acc[it]);
            da = da.update(acc[it], TARGET);
            if (it >= 15 && it <= 89) {
                window = window.add(q[it]);
            }
            assertEquals(da.stepSize(), a.stepSize(), 0.0, "iteration " + it);
            assertEquals(it == 89, a.metricUpdated(), "iteration " + it);
            if (it == 89) {
                assertArrayEquals(window.estimate().diagonal(), a.metric().diagonal(), 0.0);
                // the window closes with dual averaging restarted from the current step size (mu = log(10 eps))
                assertEquals(DualAveraging.start(da.stepSize()), a.dualAveraging());
                assertEquals(0, a.estimator().count());
                // ... which Stan replaces by a re-found step size
                a = a.restartStepSize(0.123);
                da = DualAveraging.start(0.123);
                assertEquals(0.123, a.stepSize(), 0.0);
            } else {
                assertSame(before, a.metric());
            }
        }
        assertEquals(100, a.iteration());
        WindowAdaptation.Parameters p = a.finish();
        assertEquals(da.finalStepSize(), p.stepSize(), 0.0);
        assertSame(a.metric(), p.metric());
        WindowAdaptation done = a;
        assertThrows(IllegalStateException.class, () -> done.update(q[0], 1.0));
    }

    @Test
    void denseWindowsCollectPositionsThroughTheCurrentMetric() {
        // numWarmup = 200: slow windows [75, 99] and [100, 149]; the chain runs in the latent coordinates of the
        // metric of window 1 during window 2, so the estimator must see positions L u, not u.
        McmcConfig config = McmcConfig.builder().numWarmup(200).metric(Metric.DENSE).build();
        double[][] u = positions(200);
        double[] acc = accepts(200);
        WindowAdaptation a = WindowAdaptation.start(config, 2, 0.5);
        MetricEstimator first = MetricEstimator.dense(2);
        MetricEstimator second = MetricEstimator.dense(2);
        EuclideanMetric firstMetric = null;
        for (int it = 0; it < 200; it++) {
            if (it >= 75 && it <= 99) {
                first = first.add(u[it]); // the unit diagonal metric: latent = position
            }
            if (it >= 100 && it <= 149) {
                second = second.add(firstMetric.toPosition(u[it]));
            }
            a = a.update(u[it], acc[it]);
            if (it == 99) {
                firstMetric = a.metric();
                DenseMetric m = assertInstanceOf(DenseMetric.class, firstMetric);
                assertArrayEquals(first.estimate().diagonal(), m.diagonal(), 0.0);
            }
            assertEquals(it == 99 || it == 149, a.metricUpdated(), "iteration " + it);
        }
        assertArrayEquals(second.estimate().diagonal(), a.finish().metric().diagonal(), 0.0);
    }

    @Test
    void withoutAdaptationNothingChanges() {
        McmcConfig config = McmcConfig.builder().numWarmup(100).adaptStepSize(false).adaptMassMatrix(false).build();
        WindowAdaptation a = WindowAdaptation.start(config, 2, 0.3);
        assertNull(a.estimator());
        double[][] q = positions(100);
        for (int it = 0; it < 100; it++) {
            a = a.update(q[it], 0.1);
            assertEquals(0.3, a.stepSize(), 0.0);
            assertFalse(a.metricUpdated());
        }
        assertEquals(0.3, a.finish().stepSize(), 0.0);
        assertArrayEquals(new double[] {1, 1}, a.finish().metric().diagonal(), 0.0);
        WindowAdaptation fixed = a;
        assertThrows(IllegalStateException.class, () -> fixed.restartStepSize(1.0));
    }

    @Test
    void noWarmupFinishesWithTheInitialStepSize() {
        // 0.1 is not exp(log(0.1)) in floating point; the initial step size must come back exactly
        WindowAdaptation a = WindowAdaptation.start(McmcConfig.builder().numWarmup(0).build(), 3, 0.1);
        assertEquals(0.1, a.finish().stepSize(), 0.0);
        assertTrue(a.finish().metric().latentIsPosition());
        assertThrows(IllegalStateException.class, () -> a.update(new double[3], 1.0));
    }

    @Test
    void preconditions() {
        McmcConfig config = McmcConfig.builder().build();
        assertThrows(IllegalArgumentException.class, () -> WindowAdaptation.start(config, 0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> WindowAdaptation.start(config, 2, 0.0));
        assertThrows(IllegalArgumentException.class, () -> WindowAdaptation.start(config, 2, 1.0)
                .restartStepSize(Double.NaN));
    }
}
