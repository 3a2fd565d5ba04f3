package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.bnn4j.inference.mcmc.internal.Leapfrog;
import org.bnn4j.inference.mcmc.internal.PhasePoint;
import org.junit.jupiter.api.Test;

class DenseMetricTest {

    /** Sigma = [[4, 2], [2, 3]] = L L^T with L = [[2, 0], [1, sqrt(2)]]. */
    private static final double[] SIGMA = {4, 2, 2, 3};
    private static final double R2 = Math.sqrt(2);

    @Test
    void choleskyTransformsKnownAnswers() {
        DenseMetric m = DenseMetric.of(SIGMA, 2);
        assertArrayEquals(new double[] {2, 1 + R2}, m.toPosition(new double[] {1, 1}), 1e-15);
        assertArrayEquals(new double[] {1, 1}, m.toLatent(new double[] {2, 1 + R2}), 1e-15);
        assertArrayEquals(new double[] {4, 3}, m.diagonal(), 0.0);
    }

    @Test
    void kineticEnergyIsQuadraticFormInSigma() {
        DenseMetric m = DenseMetric.of(SIGMA, 2);
        // p = (1, -1): p^T Sigma p = 4 - 2 - 2 + 3 = 3.
        assertEquals(1.5, m.kineticEnergy(new double[] {1, -1}), 1e-15);
    }

    @Test
    void momentumCovarianceIsInverseOfSigma() {
        DenseMetric m = DenseMetric.of(SIGMA, 2);
        SplittableRandom rng = new SplittableRandom(5);
        int n = 200_000;
        double s00 = 0, s01 = 0, s11 = 0;
        for (int i = 0; i < n; i++) {
            double[] p = m.sampleMomentum(rng);
            s00 += p[0] * p[0];
            s01 += p[0] * p[1];
            s11 += p[1] * p[1];
        }
        // Sigma^{-1} = [[3, -2], [-2, 4]] / 8. Standard error of a Gaussian second moment E[p_i p_j] is
        // sqrt((S_ii S_jj + S_ij^2) / n) <= sqrt(2 * 0.5^2 / n) ~ 0.0016; 5 se.
        double tol = 5 * Math.sqrt(2 * 0.25 / n);
        assertEquals(3.0 / 8, s00 / n, tol);
        assertEquals(-2.0 / 8, s01 / n, tol);
        assertEquals(4.0 / 8, s11 / n, tol);
    }

    @Test
    void latentLeapfrogEqualsDenseLeapfrogInPosition() {
        // Leapfrog on u with unit metric and density log p(L u), mapped by q = L u and p_q = L^{-T} p_u, is
        // leapfrog on q with inverse mass Sigma: p' = p + eps/2 g(q), q* = q + eps Sigma p', p* = p' + eps/2 g(q*).
        GaussianDensity target = GaussianDensity.bivariate(1.0, 2.0, 0.7);
        DenseMetric m = DenseMetric.of(SIGMA, 2);
        LogDensity latent = m.latentDensity(target);
        double[] q0 = {0.3, -0.4};
        double[] pu = {0.5, 1.1};
        double eps = 0.2;
        PhasePoint z = new PhasePoint(ChainState.at(m.toLatent(q0), latent), pu);
        PhasePoint z1 = Leapfrog.step(z, eps, new double[] {1, 1}, latent);

        // Direct dense leapfrog: p_q = L^{-T} p_u; L^T = [[2, 1], [0, sqrt 2]].
        double pq1 = pu[1] / R2;
        double pq0 = (pu[0] - pq1) / 2;
        double[] g = new double[2];
        target.logDensityAndGradient(q0, g);
        double[] p = {pq0 + eps / 2 * g[0], pq1 + eps / 2 * g[1]};
        double[] q = {q0[0] + eps * (4 * p[0] + 2 * p[1]), q0[1] + eps * (2 * p[0] + 3 * p[1])};
        target.logDensityAndGradient(q, g);
        p[0] += eps / 2 * g[0];
        p[1] += eps / 2 * g[1];
        assertArrayEquals(q, m.toPosition(z1.state().position()), 1e-12);
        // Map the latent momentum back: p_q = L^{-T} p_u.
        double[] pu1 = z1.momentum();
        double b1 = pu1[1] / R2;
        assertArrayEquals(p, new double[] {(pu1[0] - b1) / 2, b1}, 1e-12);
        // Same kinetic energy in both coordinates.
        assertEquals(m.kineticEnergy(p), 0.5 * (pu1[0] * pu1[0] + pu1[1] * pu1[1]), 1e-12);
    }

    @Test
    void identityIsNoTransform() {
        DenseMetric m = DenseMetric.identity(3);
        double[] x = {1, -2, 3};
        assertArrayEquals(x, m.toPosition(x), 0.0);
        assertArrayEquals(x, m.toLatent(x), 0.0);
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> DenseMetric.identity(0));
        assertThrows(IllegalArgumentException.class, () -> DenseMetric.of(new double[3], 2));
        assertThrows(IllegalArgumentException.class, () -> DenseMetric.of(new double[] {1, 2, 2, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> DenseMetric.of(new double[] {1, 0, 0, 1}, 2)
                .latentDensity(GaussianDensity.diagonal(1.0)));
    }
}
