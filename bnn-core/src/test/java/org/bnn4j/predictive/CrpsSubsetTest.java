package org.bnn4j.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The CRPS of mixtures with more than {@link MixtureMath#CRPS_EXACT_MAX} components against the exact O(n^2) form. */
class CrpsSubsetTest {

    @Test
    void upToTheLimitTheExactFormIsUsed() {
        int n = MixtureMath.CRPS_EXACT_MAX;
        double[][] c = components(n, 1);
        assertEquals(MixtureMath.crpsExact(c[0], c[1], 0, 1, n, 0.3), MixtureMath.crps(c[0], c[1], 0, 1, n, 0.3), 0.0);
    }

    /**
     * 3000 exchangeable (i.i.d.) components, each scored at three targets. The estimate differs from the exact value
     * only in the mean distance between distinct components, taken over n K pairs of a balanced design instead of
     * all n (n - 1) / 2. Treating the n K pair distances as independent draws gives a standard error
     * {@code sd(e) / sqrt(n K)} for that mean (the balanced design, where every component appears equally often,
     * does no worse: it removes the component-level term), and the CRPS carries half of it. Tolerance: 5 standard
     * errors. A subset of 1000 components instead misses by 2.6e-3 here (seed 2), beyond the tolerance of 2.3e-3.
     */
    @Test
    void beyondTheLimitTheEstimateIsWithinItsStandardError() {
        int n = 3000;
        int maxShift = (n - 1) / 2;
        int shifts = (int) Math.min(maxShift, (MixtureMath.CRPS_PAIR_BUDGET + (long) n - 1) / n);
        for (long seed = 2; seed <= 3; seed++) {
            double[][] c = components(n, seed);
            double[] mu = c[0];
            double[] sigma = c[1];
            double sum = 0;
            double sq = 0;
            for (int r = 0; r < shifts; r++) {
                int shift = 1 + (int) ((long) r * (maxShift - 1) / (shifts - 1));
                for (int s = 0; s < n; s++) {
                    int t = (s + shift) % n;
                    double e = MixtureMath.absMoment(mu[s] - mu[t], Math.hypot(sigma[s], sigma[t]));
                    sum += e;
                    sq += e * e;
                }
            }
            double count = (double) n * shifts;
            double sd = Math.sqrt(sq / count - (sum / count) * (sum / count));
            double se = 0.5 * sd / Math.sqrt(count);
            for (double y : new double[] {-1.5, 0.2, 4.0}) {
                double exact = MixtureMath.crpsExact(mu, sigma, 0, 1, n, y);
                double estimate = MixtureMath.crps(mu, sigma, 0, 1, n, y);
                assertTrue(Math.abs(estimate - exact) <= 5 * se,
                        "seed " + seed + " y " + y + ": " + estimate + " vs " + exact + ", se " + se);
                assertTrue(estimate > 0);
            }
        }
    }

    /** Strided layout (offset, stride) as in a [N, B, D] predictive: the estimate reads the right components. */
    @Test
    void stridedLayoutReadsTheSameComponents() {
        int n = 1500;
        double[][] c = components(n, 4);
        int stride = 3;
        double[] mu = new double[n * stride];
        double[] sigma = new double[n * stride];
        java.util.Arrays.fill(mu, 1e6); // other points' values: reading them would be visible
        java.util.Arrays.fill(sigma, 1e6);
        for (int s = 0; s < n; s++) {
            mu[s * stride + 1] = c[0][s];
            sigma[s * stride + 1] = c[1][s];
        }
        assertEquals(MixtureMath.crps(c[0], c[1], 0, 1, n, 0.7), MixtureMath.crps(mu, sigma, 1, stride, n, 0.7), 0.0);
    }

    /** Means from a two-mode spread, scales from 0.05 to 0.5: a posterior-predictive-like mixture. */
    private static double[][] components(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] mu = new double[n];
        double[] sigma = new double[n];
        for (int s = 0; s < n; s++) {
            mu[s] = (rng.nextBoolean() ? 1.0 : -0.5) + 0.4 * rng.nextGaussian();
            sigma[s] = 0.05 + 0.45 * rng.nextDouble();
        }
        return new double[][] {mu, sigma};
    }
}
