package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DiagonalNormal;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ScaleTransform;
import org.junit.jupiter.api.Test;

/**
 * The low-rank and full-rank guides against dense linear algebra: the closed-form KL and its gradient, the moments
 * of their draws and of their posteriors' draws, the projection onto {@code maxScale}, the initialisation, and the
 * names {@link Guide#parse} accepts.
 */
class GaussianGuidesTest {

    private static final List<Guide> CORRELATED = List.of(Guide.lowRank(1), Guide.lowRank(3), Guide.lowRank(6),
            Guide.fullRank());

    /**
     * Random parameters: locs ~ N(0, 1), rho and tau ~ N(-0.5, 0.5^2) (scales and magnitudes ~0.2-0.7), direction
     * entries ~ N(0, 0.6^2).
     */
    static double[] randomU(Guide.Instance g, SplittableRandom rng) {
        double[] u = new double[g.numParams()];
        int l = g.latent();
        for (int j = 0; j < u.length; j++) {
            u[j] = j < l ? rng.nextGaussian() : j < 3 * l ? -0.5 + 0.5 * rng.nextGaussian() : 0.6 * rng.nextGaussian();
        }
        return u;
    }

    /**
     * The covariance Sigma of the guide at u, built entry by entry from the definitions (no shared code): low rank
     * {@code [sqrt(D), W]} with {@code W_ik = softplus(tau_i) V_ik}; full rank C with diagonal {@code softplus(rho)}
     * and {@code C_ij = softplus(tau_i) U_ij} below it.
     */
    static double[][] denseCovariance(Guide guide, double[] u, int l) {
        double[][] f;
        if (guide instanceof LowRankGuide lr) {
            int r = lr.rank();
            f = new double[l][l + r];
            for (int i = 0; i < l; i++) {
                f[i][i] = ScaleTransform.Softplus.softplus(u[l + i]);
                for (int k = 0; k < r; k++) {
                    f[i][l + k] = ScaleTransform.Softplus.softplus(u[2 * l + i]) * u[3 * l + i * r + k];
                }
            }
        } else {
            f = new double[l][l];
            int o = 3 * l;
            for (int i = 0; i < l; i++) {
                for (int j = 0; j < i; j++) {
                    f[i][j] = ScaleTransform.Softplus.softplus(u[2 * l + i]) * u[o++];
                }
                f[i][i] = ScaleTransform.Softplus.softplus(u[l + i]);
            }
        }
        RealMatrix fm = new Array2DRowRealMatrix(f);
        return fm.multiply(fm.transpose()).getData();
    }

    /** {@code KL(N(m, S) || N(mu, diag(p^2)))} with log det S from a Cholesky factorisation. */
    static double denseKl(Guide guide, double[] u, int l, double[] mu, double[] p) {
        double[][] s = denseCovariance(guide, u, l);
        double logDetS = 0;
        CholeskyDecomposition ch = new CholeskyDecomposition(new Array2DRowRealMatrix(s), 1e-14, 1e-300);
        for (int i = 0; i < l; i++) {
            logDetS += 2 * Math.log(ch.getL().getEntry(i, i));
        }
        double trace = 0;
        double quad = 0;
        double logDetP = 0;
        for (int i = 0; i < l; i++) {
            trace += s[i][i] / (p[i] * p[i]);
            quad += (u[i] - mu[i]) * (u[i] - mu[i]) / (p[i] * p[i]);
            logDetP += 2 * Math.log(p[i]);
        }
        return 0.5 * (trace + quad - l + logDetP - logDetS);
    }

    @Test
    void klAndItsGradientMatchADenseComputation() {
        int l = 6;
        SplittableRandom rng = new SplittableRandom(3);
        double[] mu = new double[l];
        double[] p = new double[l];
        for (int i = 0; i < l; i++) {
            mu[i] = 0.3 * rng.nextGaussian();
            p[i] = 0.5 + rng.nextDouble();
        }
        DiagonalNormal prior = DiagonalNormal.of(mu, p);
        for (Guide guide : CORRELATED) {
            Guide.Instance g = guide.instance(l);
            double[] u = randomU(g, rng);
            g.prepare(u);
            double w = 0.37;
            double[] start = new double[g.numParams()];
            for (int j = 0; j < start.length; j++) {
                start[j] = rng.nextGaussian();
            }
            double[] grad = start.clone();
            double kl = g.kl(u, prior, w, grad);
            double dense = denseKl(guide, u, l, mu, p);
            // the same quantity computed two ways in float64 (KL ~ 10): agreement to rounding, 1e-11 relative
            assertEquals(dense, kl, 1e-11 * Math.abs(dense), guide + " KL");
            assertEquals(kl, g.kl(u, prior, w, null), 0.0, guide + " KL without gradient");
            double h = 1e-6;
            for (int j = 0; j < u.length; j++) {
                double[] up = u.clone();
                double[] dn = u.clone();
                up[j] += h;
                dn[j] -= h;
                double fd = (denseKl(guide, up, l, mu, p) - denseKl(guide, dn, l, mu, p)) / (2 * h);
                // central differences: truncation O(h^2) ~ 1e-12, rounding O(1e-16 * 10 / 1e-6) ~ 1e-9; the gradient
                // is accumulated onto `start` with weight w
                assertEquals(w * fd, grad[j] - start[j], 1e-7 * (1 + Math.abs(fd)), guide + " dKL/du[" + j + "]");
            }
        }
    }

    /**
     * Empirical moments of n draws: the sample mean of coordinate i has standard error {@code sqrt(S_ii / n)} and the
     * sample covariance (i, j) of Gaussian draws {@code sqrt((S_ij^2 + S_ii S_jj) / n)} (Anderson, "An Introduction
     * to Multivariate Statistical Analysis", 3.4); 5 standard errors, over the 27 means and covariances of a 6-d
     * guide, leave a false-alarm chance below 1e-5 while a wrong factor (e.g. a transposed or dropped term) moves
     * entries by tens of standard errors.
     */
    @Test
    void drawsOfTheGuideAndOfItsPosteriorHaveItsMeanAndCovariance() {
        int l = 6;
        int n = 200_000;
        BayesianModel model = linearModel(5); // 5 weights + bias = 6 parameters, fixed noise
        for (Guide guide : CORRELATED) {
            SplittableRandom rng = new SplittableRandom(11);
            Guide.Instance g = guide.instance(l);
            double[] u = randomU(g, rng);
            g.prepare(u);
            double[][] s = denseCovariance(guide, u, l);
            double[] eps = new double[g.noisePerSample()];
            double[] theta = new double[n * l];
            for (int t = 0; t < n; t++) {
                for (int k = 0; k < eps.length; k++) {
                    eps[k] = rng.nextGaussian();
                }
                g.sample(u, eps, 0, theta, t * l);
            }
            assertMoments(theta, n, l, u, s, guide + " guide draws");
            MultivariateNormalPosterior q = (MultivariateNormalPosterior) g.posterior(model, "svi", u, new double[0],
                    null, new SviDiagnostics(new double[0], new double[0], new double[0], new double[0], 0, List.of()));
            double[] cov = q.covariance();
            for (int i = 0; i < l; i++) {
                for (int j = 0; j < l; j++) {
                    assertEquals(s[i][j], cov[i * l + j], 1e-14, guide + " posterior covariance");
                }
                assertEquals(Math.sqrt(s[i][i]), q.marginalStd()[i], 1e-14, guide + " marginal std");
            }
            double[] draws = q.sampleParameters(n, new SplittableRandom(5)).data().asDouble();
            assertMoments(draws, n, l, u, s, guide + " posterior draws");
        }
    }

    private static void assertMoments(double[] theta, int n, int l, double[] loc, double[][] s, String what) {
        double[] mean = new double[l];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < l; i++) {
                mean[i] += theta[t * l + i] / n;
            }
        }
        for (int i = 0; i < l; i++) {
            assertEquals(loc[i], mean[i], 5 * Math.sqrt(s[i][i] / n), what + " mean " + i);
            for (int j = 0; j <= i; j++) {
                double c = 0;
                for (int t = 0; t < n; t++) {
                    c += (theta[t * l + i] - loc[i]) * (theta[t * l + j] - loc[j]);
                }
                c /= n;
                double se = Math.sqrt((s[i][j] * s[i][j] + s[i][i] * s[j][j]) / n);
                assertEquals(s[i][j], c, 5 * se, what + " covariance " + i + "," + j);
            }
        }
    }

    static BayesianModel linearModel(int inDim) {
        return new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(inDim, 1).heteroskedastic(false).build()),
                new NormalPrior(1), new HomoskedasticGaussian(new NoiseModel.Fixed(0.5)));
    }

    @Test
    void projectionCapsEveryMarginalAndKeepsCorrelations() {
        int l = 6;
        for (Guide guide : CORRELATED) {
            Guide.Instance g = guide.instance(l);
            double[] u = randomU(g, new SplittableRandom(7));
            double[][] before = denseCovariance(guide, u, l);
            double[] sds = new double[l];
            for (int i = 0; i < l; i++) {
                sds[i] = Math.sqrt(before[i][i]);
            }
            java.util.Arrays.sort(sds);
            double max = 0.5 * (sds[l / 2 - 1] + sds[l / 2]); // the median: half the rows are capped
            double[] v = u.clone();
            g.project(v, max);
            double[][] after = denseCovariance(guide, v, l);
            int capped = 0;
            for (int i = 0; i < l; i++) {
                double sd = Math.sqrt(before[i][i]);
                if (sd > max) {
                    capped++;
                }
                assertEquals(Math.min(sd, max), Math.sqrt(after[i][i]), 1e-12, guide + " marginal " + i);
                assertEquals(v[i], u[i], 0.0, "locs are not projected");
                for (int j = 0; j < l; j++) {
                    double cb = before[i][j] / Math.sqrt(before[i][i] * before[j][j]);
                    double ca = after[i][j] / Math.sqrt(after[i][i] * after[j][j]);
                    assertEquals(cb, ca, 1e-12, guide + " correlation " + i + "," + j);
                }
            }
            assertTrue(capped > 0 && capped < l, guide + ": the test needs capped and uncapped rows, had " + capped);
            double[] again = v.clone();
            g.project(again, max);
            assertArrayEquals(v, again, 1e-15, "projecting twice changes nothing");
        }
    }

    @Test
    void lowRankProjectionKeepsANuggetOnTheDiagonal() {
        int l = 4;
        Guide guide = Guide.lowRank(2);
        Guide.Instance g = guide.instance(l);
        double[] u = randomU(g, new SplittableRandom(8));
        u[l + 1] = -40; // sqrt(d_1) = softplus(-40) ~ 4e-18, far below 1e-3 |W_1|
        double[] v = u.clone();
        g.project(v, 10.0);
        double w1 = ScaleTransform.Softplus.softplus(u[2 * l + 1])
                * Math.hypot(u[3 * l + 2], u[3 * l + 3]);
        assertEquals(LowRankGuide.LowRankInstance.NUGGET * w1, ScaleTransform.Softplus.softplus(v[l + 1]), 1e-12 * w1);
        for (int j = 0; j < u.length; j++) {
            if (j != l + 1) {
                assertEquals(u[j], v[j], 0.0, "only rho_1 moves: " + j);
            }
        }
    }

    @Test
    void initialisationGivesEveryMarginalTheInitialScale() {
        int l = 9;
        double[] loc = new double[l];
        for (int i = 0; i < l; i++) {
            loc[i] = i - 4;
        }
        for (Guide guide : CORRELATED) {
            Guide.Instance g = guide.instance(l);
            double[] u = new double[g.numParams()];
            g.init(loc, 1e-3, new SplittableRandom(2), u);
            double[][] s = denseCovariance(guide, u, l);
            for (int i = 0; i < l; i++) {
                assertEquals(loc[i], u[i], 0.0);
                assertEquals(1e-3, Math.sqrt(s[i][i]), 1e-15, guide + " initial marginal " + i);
            }
            double[] u2 = new double[g.numParams()];
            g.init(loc, 1e-3, new SplittableRandom(2), u2);
            assertArrayEquals(u, u2, 0.0, "same seed, same initialisation");
            if (guide instanceof LowRankGuide) {
                double offDiagonal = 0;
                for (int i = 1; i < l; i++) {
                    offDiagonal += Math.abs(s[i][0]);
                }
                assertTrue(offDiagonal > 0, "random W breaks the W -> -W symmetry");
            }
        }
    }

    @Test
    void namesParseAndRoundTrip() {
        assertSame(Guide.meanField(), Guide.parse("meanfield"));
        assertSame(Guide.meanField(), Guide.parse(" Mean-Field "));
        assertEquals(Guide.lowRank(7), Guide.parse("lowrank:7"));
        assertEquals(Guide.lowRank(Guide.DEFAULT_RANK), Guide.parse("LOWRANK"));
        assertEquals(Guide.fullRank(), Guide.parse("fullrank"));
        assertNotEquals(Guide.lowRank(3), Guide.lowRank(4));
        for (Guide g : List.of(Guide.meanField(), Guide.lowRank(12), Guide.fullRank())) {
            assertEquals(g, Guide.parse(g.name()));
        }
        assertEquals("lowrank:12", Guide.lowRank(12).name());
        for (String bad : new String[] {"lowrank:0", "lowrank:-2", "lowrank:x", "lowrank:", "diag", "", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Guide.parse(bad));
            assertTrue(e.getMessage().contains("lowrank:"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Guide.lowRank(0));
        SviConfig c = SviConfig.builder().guide(Guide.parse("lowrank:5")).build();
        assertEquals(c, SviConfig.builder().guide(Guide.lowRank(5)).build(), "configs compare guides by value");
    }

    @Test
    void sizesAGuideCannotHoldAreRejectedWithARemedy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Guide.lowRank(8).instance(5));
        assertTrue(e.getMessage().contains("R <= 5"), e.getMessage());
        // 60000^2 doubles do not fit a Java array; 40000 latent dimensions need ~45 GB with the optimiser state
        for (int l : new int[] {60_000, 40_000}) {
            e = assertThrows(IllegalArgumentException.class, () -> Guide.fullRank().instance(l));
            assertTrue(e.getMessage().contains("lowrank:R"), e.getMessage());
        }
        assertEquals(3 * 1000 + 1000 * 999 / 2, Guide.fullRank().instance(1000).numParams());
    }

    @Test
    void posteriorRejectsInconsistentArrays() {
        BayesianModel m = linearModel(2);
        SviDiagnostics d = new SviDiagnostics(new double[0], new double[0], new double[0], new double[0], 0, List.of());
        double[] loc = new double[3];
        assertThrows(IllegalArgumentException.class,
                () -> new MultivariateNormalPosterior(m, "svi", loc, new double[3], new double[5], 2, null, d));
        assertThrows(IllegalArgumentException.class,
                () -> new MultivariateNormalPosterior(m, "svi", loc, new double[4], new double[4], 1, null, d));
        assertThrows(IllegalArgumentException.class,
                () -> new MultivariateNormalPosterior(m, "svi", loc, new double[] {1, -1, 1}, new double[3], 1, null, d));
        assertThrows(IllegalArgumentException.class, () -> new MultivariateNormalPosterior(m, "svi", loc,
                new double[3], new double[] {0, Double.NaN, 0}, 1, null, d));
        // a zero covariance is a point mass: every draw is loc
        MultivariateNormalPosterior q = new MultivariateNormalPosterior(m, "svi", new double[] {1, 2, 3},
                new double[3], new double[3], 1, null, d);
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, q.sampleParameters(2, new SplittableRandom(1)).data()
                .asDouble(), 0.0);
    }
}
