package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.bnn4j.inference.mcmc.internal.Leapfrog;
import org.bnn4j.inference.mcmc.internal.PhasePoint;
import org.junit.jupiter.api.Test;

class LowRankMetricTest {

    private static final double R = Math.sqrt(0.5);

    /** S = diag(2, 1, 3), one direction (1, 1, 0) / sqrt 2 with variance 9 (square root 3). */
    private static LowRankMetric example() {
        return LowRankMetric.of(new double[] {2, 1, 3}, new double[][] {{R, R, 0}}, new double[] {9});
    }

    /** The dense Sigma = S (I + V (Lambda - I) V^T) S of the example, row-major [3, 3]. */
    private static double[] exampleSigma() {
        // I + 8 v v^T = [[5, 4, 0], [4, 5, 0], [0, 0, 1]]; scaled by s_i s_j
        return new double[] {20, 8, 0, 8, 5, 0, 0, 0, 9};
    }

    @Test
    void transformsAreTheSquareRootOfSigma() {
        LowRankMetric m = example();
        // L = S (I + (sqrt 9 - 1) v v^T) = S [[2, 1, 0], [1, 2, 0], [0, 0, 1]]
        assertArrayEquals(new double[] {2 * 3, 3, 3 * 1}, m.toPosition(new double[] {1, 1, 1}), 1e-15);
        assertArrayEquals(new double[] {1, 1, 1}, m.toLatent(new double[] {6, 3, 3}), 1e-15);
        // L L^T = Sigma: column j of L L^T is L (row j of L)
        double[] sigma = exampleSigma();
        double[][] l = {{4, 2, 0}, {1, 2, 0}, {0, 0, 3}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += l[i][k] * l[j][k];
                }
                assertEquals(sigma[i * 3 + j], s, 1e-12);
            }
        }
        assertArrayEquals(new double[] {20, 5, 9}, m.diagonal(), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1}, m.latentInverseMass(), 0.0);
        assertFalse(m.latentIsPosition());
    }

    @Test
    void roundTripsOnRandomPoints() {
        SplittableRandom rng = new SplittableRandom(7);
        LowRankMetric m = example();
        for (int t = 0; t < 20; t++) {
            double[] q = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            // a handful of roundings of magnitude <= 1e-16 times entries of L and L^-1 (all <= 6)
            assertArrayEquals(q, m.toPosition(m.toLatent(q)), 1e-14);
            assertArrayEquals(q, m.toLatent(m.toPosition(q)), 1e-14);
        }
    }

    @Test
    void latentGradientIsChainRuleAndMapsBack() {
        GaussianDensity target = GaussianDensity.bivariate(1.0, 2.0, 0.7);
        LowRankMetric m = LowRankMetric.of(new double[] {0.5, 3}, new double[][] {{R, -R}}, new double[] {0.01});
        LogDensity latent = m.latentDensity(target);
        double[] u = {0.3, -0.2};
        double[] g = new double[2];
        double lp = latent.logDensityAndGradient(u, g);
        double[] gq = new double[2];
        assertEquals(target.logDensityAndGradient(m.toPosition(u), gq), lp, 0.0);
        // central differences of a quadratic are exact up to rounding: error ~ 1e-16 |lp| / h
        double h = 1e-5;
        for (int i = 0; i < 2; i++) {
            double[] up = u.clone();
            double[] um = u.clone();
            up[i] += h;
            um[i] -= h;
            double fd = (latent.logDensityAndGradient(up, new double[2])
                    - latent.logDensityAndGradient(um, new double[2])) / (2 * h);
            assertEquals(fd, g[i], 1e-8);
        }
        assertArrayEquals(gq, m.toPositionGradient(g), 1e-12);
    }

    @Test
    void latentLeapfrogEqualsLeapfrogWithInverseMassSigma() {
        // As for DenseMetric: leapfrog on u = L^-1 q with the identity is leapfrog on q with inverse mass Sigma.
        GaussianDensity target = new GaussianDensity(new double[3],
                new double[][] {{1, 0.2, 0}, {0.2, 2, 0.1}, {0, 0.1, 0.5}});
        LowRankMetric m = example();
        LogDensity latent = m.latentDensity(target);
        double[] q0 = {0.3, -0.4, 0.9};
        double[] pu = {0.5, 1.1, -0.3};
        double eps = 0.05;
        PhasePoint z1 = Leapfrog.step(new PhasePoint(ChainState.at(m.toLatent(q0), latent), pu), eps,
                new double[] {1, 1, 1}, latent);
        // p_q = L^-T p_u, which is toPositionGradient's map
        double[] p = m.toPositionGradient(pu);
        double[] sigma = exampleSigma();
        double[] g = new double[3];
        target.logDensityAndGradient(q0, g);
        double[] q = q0.clone();
        for (int i = 0; i < 3; i++) {
            p[i] += eps / 2 * g[i];
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                q[i] += eps * sigma[i * 3 + j] * p[j];
            }
        }
        target.logDensityAndGradient(q, g);
        for (int i = 0; i < 3; i++) {
            p[i] += eps / 2 * g[i];
        }
        assertArrayEquals(q, m.toPosition(z1.state().position()), 1e-12);
        assertArrayEquals(p, m.toPositionGradient(z1.momentum()), 1e-12);
    }

    @Test
    void noDirectionsIsADiagonalMetricInScaledCoordinates() {
        LowRankMetric m = LowRankMetric.of(new double[] {2, 0.5}, new double[0][], new double[0]);
        assertEquals(0, m.rank());
        assertArrayEquals(new double[] {4, 0.25}, m.diagonal(), 0.0);
        assertArrayEquals(new double[] {2, -0.5}, m.toPosition(new double[] {1, -1}), 0.0);
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class,
                () -> LowRankMetric.of(new double[] {1, 0}, new double[0][], new double[0]));
        assertThrows(IllegalArgumentException.class,
                () -> LowRankMetric.of(new double[] {1, 1}, new double[][] {{1, 1}}, new double[] {2}));
        assertThrows(IllegalArgumentException.class,
                () -> LowRankMetric.of(new double[] {1, 1}, new double[][] {{1, 0}}, new double[] {-2}));
        assertThrows(IllegalArgumentException.class,
                () -> LowRankMetric.of(new double[] {1, 1}, new double[][] {{1, 0, 0}}, new double[] {2}));
        assertThrows(IllegalArgumentException.class,
                () -> LowRankMetric.of(new double[] {1, 1}, new double[][] {{1, 0}}, new double[0]));
        assertThrows(IllegalArgumentException.class,
                () -> example().latentDensity(GaussianDensity.diagonal(1.0)));
    }
}
