package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/**
 * Known answers of nutpie's low-rank estimate on Gaussian targets, where the gradients are {@code -A^-1 (x - mu)}.
 */
class LowRankEstimatorTest {

    /** A random covariance {@code A = Q diag(lambda) Q^T} with log-uniform eigenvalues in [1e-4, 1e4]. */
    private static double[][] randomCovariance(int d, SplittableRandom rng) {
        double[][] q = randomOrthonormal(d, d, rng);
        double[][] a = new double[d][d];
        for (int k = 0; k < d; k++) {
            double lambda = Math.pow(10, -4 + 8.0 * k / (d - 1));
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    a[i][j] += q[k][i] * lambda * q[k][j];
                }
            }
        }
        return a;
    }

    /** {@code k} orthonormal rows of length {@code d} (Gram-Schmidt on Gaussian vectors). */
    private static double[][] randomOrthonormal(int k, int d, SplittableRandom rng) {
        double[][] q = new double[k][d];
        for (int r = 0; r < k; r++) {
            for (int i = 0; i < d; i++) {
                q[r][i] = rng.nextGaussian();
            }
            for (int b = 0; b < r; b++) {
                double p = 0;
                for (int i = 0; i < d; i++) {
                    p += q[b][i] * q[r][i];
                }
                for (int i = 0; i < d; i++) {
                    q[r][i] -= p * q[b][i];
                }
            }
            double n = 0;
            for (int i = 0; i < d; i++) {
                n += q[r][i] * q[r][i];
            }
            for (int i = 0; i < d; i++) {
                q[r][i] /= Math.sqrt(n);
            }
        }
        return q;
    }

    /** Adds {@code n} draws of {@code N(mu, A)} (any points would do: the answer holds for each) and gradients. */
    private static MetricEstimator fill(MetricEstimator e, double[][] a, int n, SplittableRandom rng) {
        int d = a.length;
        RealMatrix am = new Array2DRowRealMatrix(a);
        EigenDecomposition eig = new EigenDecomposition(am);
        RealMatrix root = eig.getSquareRoot();
        double[][] precision = eig.getSolver().getInverse().getData();
        double[] mu = new double[d];
        for (int i = 0; i < d; i++) {
            mu[i] = 3.0 * i - 1.0;
        }
        for (int t = 0; t < n; t++) {
            double[] z = new double[d];
            for (int i = 0; i < d; i++) {
                z[i] = rng.nextGaussian();
            }
            double[] x = root.operate(z);
            double[] g = new double[d];
            for (int i = 0; i < d; i++) {
                x[i] += mu[i];
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    g[i] -= precision[i][j] * (x[j] - mu[j]);
                }
            }
            e = e.add(x, g);
        }
        return e;
    }

    /** The dense {@code Sigma = S (I + V (Lambda - I) V^T) S} of a low-rank metric. */
    private static double[][] dense(LowRankMetric m) {
        double[] s = m.stds();
        double[][] v = m.directions();
        double[] l = m.values();
        int d = s.length;
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double c = i == j ? 1.0 : 0.0;
                for (int a = 0; a < l.length; a++) {
                    c += (l[a] - 1.0) * v[a][i] * v[a][j];
                }
                out[i][j] = s[i] * c * s[j];
            }
        }
        return out;
    }

    @Test
    void withMoreDrawsThanDimensionsItRecoversTheCovarianceExactly() {
        // Sigma C_g Sigma = C_x holds for Sigma = A whatever the draws when the gradients are -A^-1 (x - mu): the
        // estimate is A up to gamma. With cutoff 1 every direction is kept. Relative error ~ n gamma / lambda_min
        // of the scaled covariances (~1e-10 * 40 / 1e-4 ~ 1e-4 at worst, far less in practice): 1e-6 relative to the
        // largest entry is met with a margin, while any estimator error of the draws (40 draws in 8 dimensions) is
        // of order 1 / sqrt(40) ~ 0.2.
        SplittableRandom rng = new SplittableRandom(11);
        double[][] a = randomCovariance(8, rng);
        MetricEstimator e = fill(MetricEstimator.lowRank(8, 1e-12, 1.0), a, 40, rng);
        LowRankMetric m = assertInstanceOf(LowRankMetric.class, e.estimate());
        double[][] sigma = dense(m);
        double scale = 1e4;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                assertEquals(a[i][j], sigma[i][j], 1e-6 * scale, "entry " + i + "," + j);
            }
        }
    }

    @Test
    void keptDirectionsWhitenTheTargetToWithinTheCutoff() {
        // With the exact geometric mean, the directions outside [1/c, c] are corrected exactly and the others keep
        // the diagonal, so Sigma^-1/2 A Sigma^-1/2 has eigenvalues 1 (kept) or in [1/c, c] (the rest). The
        // diagonal alone leaves a condition number of up to 1e8 (eigenvalues in [1e-4, 1e4] rotated).
        SplittableRandom rng = new SplittableRandom(12);
        int d = 12;
        double c = 100;
        double[][] a = randomCovariance(d, rng);
        MetricEstimator e = fill(MetricEstimator.lowRank(d, 1e-12, c), a, 60, rng);
        LowRankMetric m = assertInstanceOf(LowRankMetric.class, e.estimate());
        assertTrue(m.rank() >= 1 && m.rank() < d, "rank " + m.rank());
        double[] pre = preconditionedEigenvalues(m, a);
        double tol = 1e-6; // the geometric mean's error, as above
        for (double v : pre) {
            assertTrue(v > 1 / c * (1 - tol) && v < c * (1 + tol), "preconditioned eigenvalue " + v);
        }
        double[] diagonalOnly = preconditionedEigenvalues(LowRankMetric.of(m.stds(), new double[0][], new double[0]),
                a);
        assertTrue(diagonalOnly[diagonalOnly.length - 1] / diagonalOnly[0] > 1e4, "the diagonal alone is not enough");
    }

    @Test
    void fewDrawsCorrectAStiffDirection() {
        // d = 60 coordinates of unit variance but one direction w of variance 1e-6 (a narrow ridge, as a likelihood
        // that pins down one combination of weights), and only 20 draws, so the subspace of draws and gradients
        // (at most 38 directions) does not cover the space. The gradients carry w with weight ~1e3 (precision 1e6
        // times a deviation ~1e-3 along w): it dominates sd(g_i), so the Fisher diagonal shrinks every coordinate
        // to s_i^2 ~ 1 / (1e3 |w_i|) ~ 1e-2, and on its own leaves the ridge at a preconditioned variance
        // ~1e-6 / 1e-2 = 1e-4 against ~1e2 for the bulk: a condition number ~1e6, which forces NUTS to ~1e3 steps
        // per U-turn. The ridge lies in the gradients' leading singular vectors, so the geometric mean corrects it
        // (to ~4e-2 with this seed); the claim tested is an improvement of the condition number by more than two
        // orders of magnitude, and of the ridge's own variance likewise, without widening the bulk.
        SplittableRandom rng = new SplittableRandom(13);
        int d = 60;
        double[] w = randomOrthonormal(1, d, rng)[0];
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = (i == j ? 1.0 : 0.0) + (1e-6 - 1.0) * w[i] * w[j];
            }
        }
        LowRankMetric m = assertInstanceOf(LowRankMetric.class, fill(MetricEstimator.lowRank(d), a, 20, rng)
                .estimate());
        double[] low = preconditionedEigenvalues(m, a);
        double[] diag = preconditionedEigenvalues(LowRankMetric.of(m.stds(), new double[0][], new double[0]), a);
        double condLow = low[d - 1] / low[0];
        double condDiag = diag[d - 1] / diag[0];
        assertTrue(diag[0] < 1e-3, "the diagonal alone leaves the ridge: " + diag[0]);
        assertTrue(low[0] > 100 * diag[0], "ridge variance " + low[0] + " against " + diag[0]);
        assertTrue(low[d - 1] <= diag[d - 1], "bulk " + low[d - 1] + " against " + diag[d - 1]);
        assertTrue(condLow < condDiag / 100, "condition numbers " + condLow + " and " + condDiag);
    }

    @Test
    void noDirectionOutsideTheCutoffGivesTheDiagonal() {
        // independent coordinates with variances 0.5 and 2: the scaled covariance is I, nothing is kept
        SplittableRandom rng = new SplittableRandom(14);
        double[][] a = {{0.5, 0}, {0, 2}};
        EuclideanMetric m = fill(MetricEstimator.lowRank(2), a, 30, rng).estimate();
        DiagonalMetric diag = assertInstanceOf(DiagonalMetric.class, m);
        // exact for a diagonal Gaussian: sd(x_i) / sd(g_i) = a_ii for any draws
        assertEquals(0.5, diag.diagonal()[0], 1e-12);
        assertEquals(2.0, diag.diagonal()[1], 1e-12);
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> MetricEstimator.lowRank(0));
        assertThrows(IllegalArgumentException.class, () -> MetricEstimator.lowRank(2, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> MetricEstimator.lowRank(2, 1e-5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> MetricEstimator.lowRank(2).add(new double[2]));
        assertThrows(IllegalArgumentException.class, () -> MetricEstimator.lowRank(2).add(new double[2],
                new double[3]));
        assertThrows(IllegalStateException.class, () -> MetricEstimator.lowRank(2).add(new double[2],
                new double[2]).estimate());
        assertTrue(MetricEstimator.lowRank(2).usesGradients());
        assertEquals(0, MetricEstimator.lowRank(2).add(new double[2], new double[2]).empty().count());
    }

    /** Eigenvalues (ascending) of {@code L^-1 A L^-T} for the metric's square root {@code L}. */
    private static double[] preconditionedEigenvalues(LowRankMetric m, double[][] a) {
        int d = a.length;
        double[][] la = new double[d][];
        for (int j = 0; j < d; j++) {
            double[] col = new double[d];
            for (int i = 0; i < d; i++) {
                col[i] = a[i][j];
            }
            la[j] = m.toLatent(col); // column j of L^-1 A
        }
        double[][] out = new double[d][];
        for (int i = 0; i < d; i++) {
            double[] row = new double[d];
            for (int j = 0; j < d; j++) {
                row[j] = la[j][i];
            }
            out[i] = m.toLatent(row); // L^-1 (L^-1 A)^T = L^-1 A L^-T (symmetric)
        }
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(out)).getRealEigenvalues();
        java.util.Arrays.sort(ev);
        return ev;
    }
}
