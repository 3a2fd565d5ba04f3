package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricEstimatorTest {

    @Test
    void diagonalIsStansRegularisedVariance() {
        // Stan var_adaptation: (n / (n + 5)) var + 1e-3 (5 / (n + 5)). Points {0, 0}, {2, -4}: var = {2, 8}, n = 2.
        MetricEstimator e = Metric.DIAGONAL.estimator(2).add(new double[] {0, 0}).add(new double[] {2, -4});
        EuclideanMetric m = e.estimate();
        assertInstanceOf(DiagonalMetric.class, m);
        double[] expected = {2.0 / 7 * 2 + 1e-3 * 5 / 7, 2.0 / 7 * 8 + 1e-3 * 5 / 7};
        assertArrayEquals(expected, m.diagonal(), 1e-15);
        assertArrayEquals(expected, m.latentInverseMass(), 1e-15);
        assertEquals(2, e.count());
        assertEquals(0, e.empty().count());
    }

    @Test
    void denseIsStansRegularisedCovariance() {
        // Stan covar_adaptation: (n / (n + 5)) Sigma + 1e-3 (5 / (n + 5)) I. Sigma = {{2, -4}, {-4, 8}}, n = 2.
        MetricEstimator e = Metric.DENSE.estimator(2).add(new double[] {0, 0}).add(new double[] {2, -4});
        DenseMetric m = assertInstanceOf(DenseMetric.class, e.estimate());
        double r = 1e-3 * 5 / 7;
        double w = 2.0 / 7;
        assertArrayEquals(new double[] {w * 2 + r, w * 8 + r}, m.diagonal(), 1e-15);
        // the kinetic energy p^T Sigma p / 2 reads the off-diagonal entries: p = (1, 1) gives (2w + 8w - 8w + 2r) / 2
        assertEquals((w * 2 + w * 8 - 2 * w * 4 + 2 * r) / 2, m.kineticEnergy(new double[] {1, 1}), 1e-15);
        assertArrayEquals(new double[] {1, 1}, m.latentInverseMass(), 0.0);
    }

    @Test
    void bothKindsAgreeOnTheDiagonal() {
        SplittableRandom rng = new SplittableRandom(4);
        MetricEstimator diag = MetricEstimator.diagonal(3);
        MetricEstimator dense = MetricEstimator.dense(3);
        for (int i = 0; i < 40; i++) {
            double[] q = {rng.nextGaussian(), 3 * rng.nextGaussian(), rng.nextGaussian() + 7};
            diag = diag.add(q);
            dense = dense.add(q);
        }
        // one Welford, one regularisation formula: the same numbers bit for bit
        assertArrayEquals(diag.estimate().diagonal(), dense.estimate().diagonal(), 0.0);
        assertArrayEquals(((DiagonalEstimator) diag).welford().variance(), ((DenseEstimator) dense).welford().variance(),
                0.0);
    }

    @Test
    void metricsMapBetweenPositionsAndLatentCoordinates() {
        double[] q = {0.3, -1.2};
        DiagonalMetric diag = DiagonalMetric.of(new double[] {2, 3});
        assertSame(q, diag.toPosition(q));
        assertSame(q, diag.toLatent(q));
        assertTrue(diag.latentIsPosition());
        GaussianDensity target = GaussianDensity.bivariate(1, 2, 0.5);
        assertSame(target, diag.latentDensity(target));
        DenseMetric dense = DenseMetric.of(new double[] {4, 1, 1, 2}, 2);
        assertFalse(dense.latentIsPosition());
        assertArrayEquals(q, dense.toPosition(dense.toLatent(q)), 1e-15);

        // moving a state from the diagonal metric to the dense one keeps the position and log density
        ChainState s = ChainState.at(q, target);
        assertSame(s, DiagonalMetric.unit(2).transfer(s, diag, target));
        LogDensity latent = dense.latentDensity(target);
        ChainState u = dense.transfer(s, diag, latent);
        assertArrayEquals(q, dense.toPosition(u.position()), 1e-15);
        assertEquals(s.logDensity(), u.logDensity(), 1e-14);
        ChainState back = diag.transfer(u, dense, target);
        assertArrayEquals(q, back.position(), 1e-15);
    }

    @Test
    void preconditions() {
        assertThrows(IllegalStateException.class, () -> MetricEstimator.diagonal(2).add(new double[2]).estimate());
        assertThrows(IllegalStateException.class, () -> MetricEstimator.dense(2).estimate());
        assertThrows(IllegalArgumentException.class, () -> MetricEstimator.dense(2).add(new double[1]));
        assertThrows(IllegalArgumentException.class, () -> DiagonalMetric.of(new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> DiagonalMetric.of(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> DiagonalMetric.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> DiagonalMetric.unit(0));
        assertThrows(IllegalArgumentException.class,
                () -> DiagonalMetric.unit(3).latentDensity(GaussianDensity.bivariate(1, 1, 0)));
    }
}
