package org.bnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;
import org.junit.jupiter.api.Test;

class DiagonalNormalTest {

    /**
     * KL(q || p) = E_q[log q(w) - log p(w)]: the Monte Carlo average of the log ratio over M draws from q has
     * standard error sd(log ratio) / sqrt(M); the closed form must lie within 5 of those standard errors.
     */
    @Test
    void klMatchesMonteCarloEstimate() {
        SplittableRandom rng = new SplittableRandom(7);
        int d = 12;
        double[] priorStd = new double[d];
        double[] m = new double[d];
        double[] s = new double[d];
        for (int k = 0; k < d; k++) {
            priorStd[k] = 0.3 + rng.nextDouble() * 2;
            m[k] = rng.nextGaussian();
            s[k] = 0.05 + rng.nextDouble();
        }
        DiagonalNormal prior = DiagonalNormal.zeroMean(priorStd);
        DiagonalNormal q = DiagonalNormal.of(m, s);
        double kl = prior.klFrom(m, s, null, null);
        int draws = 200_000;
        double sum = 0;
        double sumSq = 0;
        double[] w = new double[d];
        for (int t = 0; t < draws; t++) {
            for (int k = 0; k < d; k++) {
                w[k] = m[k] + s[k] * rng.nextGaussian();
            }
            double r = q.logDensity(w, 0) - prior.logDensity(w, 0);
            sum += r;
            sumSq += r * r;
        }
        double mean = sum / draws;
        double se = Math.sqrt((sumSq / draws - mean * mean) / draws);
        assertTrue(Math.abs(mean - kl) <= 5 * se, "KL " + kl + " vs Monte Carlo " + mean + " +- " + se);
    }

    /** Central differences of the closed-form KL; the KL is smooth in (m, s), so 1e-6 relative is ample. */
    @Test
    void klGradientMatchesFiniteDifferences() {
        double[] priorStd = {0.5, 1.0, 2.0};
        double[] m = {0.3, -1.2, 2.0};
        double[] s = {0.1, 0.7, 1.5};
        DiagonalNormal prior = DiagonalNormal.zeroMean(priorStd);
        double[] gm = new double[3];
        double[] gs = new double[3];
        prior.klFrom(m, s, gm, gs);
        double h = 1e-6;
        for (int k = 0; k < 3; k++) {
            double[] mp = m.clone();
            double[] mm = m.clone();
            mp[k] += h;
            mm[k] -= h;
            double fd = (prior.klFrom(mp, s, null, null) - prior.klFrom(mm, s, null, null)) / (2 * h);
            assertEquals(fd, gm[k], 1e-6 * Math.max(1, Math.abs(fd)));
            double[] sp = s.clone();
            double[] sm = s.clone();
            sp[k] += h;
            sm[k] -= h;
            fd = (prior.klFrom(m, sp, null, null) - prior.klFrom(m, sm, null, null)) / (2 * h);
            assertEquals(fd, gs[k], 1e-6 * Math.max(1, Math.abs(fd)));
        }
    }

    @Test
    void klOfIdenticalDistributionsIsZeroAndLogDensityMatchesClosedForm() {
        DiagonalNormal p = DiagonalNormal.zeroMean(new double[] {2.0});
        assertEquals(0.0, p.klFrom(new double[] {0}, new double[] {2.0}, null, null), 1e-15);
        // log N(1; 0, 4) = -0.5 log(2 pi) - log 2 - 1/8
        assertEquals(-0.5 * Math.log(2 * Math.PI) - Math.log(2) - 0.125, p.logDensity(new double[] {1.0}, 0), 1e-15);
    }

    @Test
    void layerwisePriorScalesWithFanIn() {
        ParameterLayout layout = new ParameterLayout(NetworkSpec.builder(4, 1).hidden(16).build());
        double[] std = new LayerwiseNormalPrior(2.0).stds(layout);
        assertEquals(1.0, std[layout.slice("hidden0.weight").offset()], 1e-15);
        assertEquals(0.5, std[layout.slice("mean.weight").offset()], 1e-15);
        assertEquals(0.5, std[layout.slice("scale.bias").offset()], 1e-15);
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> new NormalPrior(0));
        assertThrows(IllegalArgumentException.class, () -> new NormalPrior(-1));
        assertThrows(IllegalArgumentException.class, () -> new NormalPrior(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new LayerwiseNormalPrior(0));
        assertThrows(IllegalArgumentException.class, () -> DiagonalNormal.zeroMean(new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> DiagonalNormal.of(new double[2], new double[] {1}));
        DiagonalNormal p = DiagonalNormal.zeroMean(new double[] {1, 1});
        assertThrows(IllegalArgumentException.class, () -> p.klFrom(new double[1], new double[1], null, null));
    }
}
