package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * The minibatch ELBO gradient is an unbiased estimate of the full-batch one: with the likelihood scaled by
 * {@code N / B} and the KL counted once per step at its weight, the expectation over uniformly drawn B-row minibatches
 * and over the Monte Carlo noise equals the expectation over the noise of the full-batch gradient.
 */
class MinibatchElboTest {

    private static final int N = 64;
    private static final int B = 8;
    private static final int IN = 3;

    /**
     * Mean of many minibatch gradients against the mean of many full-batch gradients, coordinate by coordinate, each
     * difference in units of its Monte Carlo standard error ({@code sqrt(se_mb^2 + se_full^2)}, from the sample
     * variances of the two sets of draws). The bound 4.5 standard errors gives a false failure of 6.8e-6 per
     * coordinate, below 1e-3 over the ~100 coordinates; the test also checks that it can fail: the same minibatches
     * with the likelihood left unscaled (scale 1, a biased estimate) are off by far more than the bound.
     */
    @Test
    void minibatchGradientIsUnbiasedForTheFullBatchOne() {
        for (boolean lrt : new boolean[] {true, false}) {
            BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(IN, 1).hidden(6).build());
            SplittableRandom rng = new SplittableRandom(17);
            ElboEstimator est = new ElboEstimator(model, Guide.meanField(), 1, N, lrt);
            double[] u = ElboEstimatorTest.randomU(est, rng);
            double[] x = new double[N * IN];
            double[] y = new double[N];
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < IN; j++) {
                    x[i * IN + j] = rng.nextGaussian();
                }
                y[i] = Math.sin(x[i * IN]) + 0.3 * rng.nextGaussian();
            }
            double w = 0.7; // any KL weight: the KL term is the same in both estimates
            Moments full = new Moments(u.length);
            est.setBatch(x, y, N, 1.0);
            double[] grad = new double[u.length];
            for (int r = 0; r < 4000; r++) {
                est.evaluate(u, noise(rng, est.noiseLength(N, 1)), 1, w, grad);
                full.add(grad);
            }
            Moments mb = new Moments(u.length);
            Moments unscaled = new Moments(u.length);
            double[] bx = new double[B * IN];
            double[] by = new double[B];
            int[] perm = new int[N];
            for (int r = 0; r < 40000; r++) {
                drawBatch(rng, perm, x, y, bx, by);
                double[] eps = noise(rng, est.noiseLength(B, 1));
                est.setBatch(bx, by, B, (double) N / B);
                est.evaluate(u, eps, 1, w, grad);
                mb.add(grad);
                est.setBatch(bx, by, B, 1.0);
                est.evaluate(u, eps, 1, w, grad);
                unscaled.add(grad);
            }
            double worst = 0;
            double worstUnscaled = 0;
            for (int j = 0; j < u.length; j++) {
                worst = Math.max(worst, Math.abs(mb.mean(j) - full.mean(j)) / se(mb, full, j));
                worstUnscaled = Math.max(worstUnscaled, Math.abs(unscaled.mean(j) - full.mean(j))
                        / se(unscaled, full, j));
            }
            assertTrue(worst < 4.5, "lrt=" + lrt + ": a coordinate is " + worst + " standard errors off");
            assertTrue(worstUnscaled > 20, "lrt=" + lrt + ": the unscaled estimate is only " + worstUnscaled
                    + " standard errors off; the test cannot tell a biased estimate");
        }
    }

    private static double se(Moments a, Moments b, int j) {
        return Math.sqrt(a.var(j) / a.n + b.var(j) / b.n) + 1e-300;
    }

    /** A uniformly random B-row subset (the first B of a partial Fisher-Yates shuffle). */
    private static void drawBatch(SplittableRandom rng, int[] perm, double[] x, double[] y, double[] bx, double[] by) {
        for (int i = 0; i < N; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < B; i++) {
            int k = i + rng.nextInt(N - i);
            int t = perm[i];
            perm[i] = perm[k];
            perm[k] = t;
            System.arraycopy(x, perm[i] * IN, bx, i * IN, IN);
            by[i] = y[perm[i]];
        }
    }

    private static double[] noise(SplittableRandom rng, int n) {
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = rng.nextGaussian();
        }
        return e;
    }

    /** Running sums for per-coordinate means and variances. */
    private static final class Moments {
        final double[] sum;
        final double[] sq;
        int n;

        Moments(int p) {
            sum = new double[p];
            sq = new double[p];
        }

        void add(double[] g) {
            for (int j = 0; j < g.length; j++) {
                sum[j] += g[j];
                sq[j] += g[j] * g[j];
            }
            n++;
        }

        double mean(int j) {
            return sum[j] / n;
        }

        double var(int j) {
            double m = mean(j);
            return Math.max(0, sq[j] / n - m * m) * n / (n - 1.0);
        }
    }
}
