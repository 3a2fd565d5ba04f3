package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvergenceDiagnosticsTest {

    private static double[][] ar1(int chains, int n, double rho, double[] offsets, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[chains][n];
        double innovationSd = Math.sqrt(1 - rho * rho); // stationary variance 1
        for (int c = 0; c < chains; c++) {
            double v = rng.nextGaussian();
            for (int i = 0; i < n; i++) {
                v = rho * v + innovationSd * rng.nextGaussian();
                x[c][i] = v + offsets[c];
            }
        }
        return x;
    }

    @Test
    void iidDrawsHaveRHatNearOneAndEssNearDrawCount() {
        double[][] x = ar1(4, 1000, 0.0, new double[4], 11);
        double rHat = ConvergenceDiagnostics.splitRHat(x);
        // For M = 8 split chains of N = 500 iid draws, R-hat^2 ~ 1 + (X - 1)/N with X ~ chi2(M-1)/(M-1), so
        // R-hat - 1 has sd ~ sqrt(2/7)/(2N) ~ 5e-4: the 1.01 threshold of Vehtari et al. (2021) is ~20 sd away.
        assertTrue(rHat < 1.01 && rHat > 0.99, "R-hat=" + rHat);
        double ess = ConvergenceDiagnostics.bulkEss(x);
        // For iid draws tau = 1 + 2 sum(rho_t) over a few lags, each rho_t with sd 1/sqrt(S) ~ 0.016, so the
        // relative sd of the ESS is ~6%; 20% is > 3 sd.
        assertEquals(4000, ess, 0.2 * 4000, "bulk ESS=" + ess);
        assertEquals(4000, ConvergenceDiagnostics.meanEss(x), 0.2 * 4000);
    }

    @Test
    void chainsWithDifferentMeansHaveLargeRHat() {
        double[][] x = ar1(4, 1000, 0.0, new double[] {0, 0, 0, 3}, 12);
        assertTrue(ConvergenceDiagnostics.splitRHat(x) > 1.3, "R-hat=" + ConvergenceDiagnostics.splitRHat(x));
    }

    @Test
    void splitDetectsDriftWithinOneChain() {
        // A single trending chain: the two halves disagree, so split R-hat >> 1.
        double[][] x = new double[1][1000];
        for (int i = 0; i < 1000; i++) {
            x[0][i] = i / 100.0;
        }
        assertTrue(ConvergenceDiagnostics.splitRHat(x) > 1.5);
    }

    @Test
    void ar1EssMatchesTheory() {
        // AR(1) with coefficient rho has integrated autocorrelation time (1 + rho) / (1 - rho).
        for (double rho : new double[] {0.5, 0.9}) {
            double[][] x = ar1(4, 5000, rho, new double[4], 13);
            double expected = 4 * 5000 * (1 - rho) / (1 + rho);
            double ess = ConvergenceDiagnostics.meanEss(x);
            // The relative sd of the initial-sequence estimator is ~ sqrt(2 * 2 M / S) with M the truncation
            // lag (Geyer 1992); for rho = 0.9, M ~ 60 and S = 20000: ~11%. 20% covers ~2 sd.
            assertEquals(expected, ess, 0.2 * expected, "rho=" + rho + " ESS=" + ess);
            assertEquals(expected, ConvergenceDiagnostics.bulkEss(x), 0.2 * expected, "rho=" + rho);
        }
    }

    @Test
    void antitheticChainsHaveEssAboveDrawCountButCapped() {
        double[][] x = ar1(4, 1000, -0.5, new double[4], 14);
        double ess = ConvergenceDiagnostics.meanEss(x);
        // Theory: S (1 - rho)/(1 + rho) = 3 S, capped at S log10(S) ~ 14400.
        assertTrue(ess > 4000 && ess <= 4000 * Math.log10(4000) + 1e-9, "ESS=" + ess);
    }

    @Test
    void autocovarianceMatchesDirectSum() {
        double[] x = {1, 3, -2, 5, 0.5, 2, -1};
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double[] fft = ConvergenceDiagnostics.autocovariance(x, mean);
        double[] direct = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            for (int i = 0; i + k < x.length; i++) {
                direct[k] += (x[i] - mean) * (x[i + k] - mean);
            }
            direct[k] /= x.length;
        }
        assertArrayEquals(direct, fft, 1e-12);
    }

    @Test
    void rankNormalizationAveragesTies() {
        double[][] z = ConvergenceDiagnostics.rankNormalize(new double[][] {{1, 2}, {2, 3}});
        // ranks 1, 2.5, 2.5, 4 of S = 4; the tied values share one score.
        assertEquals(z[0][1], z[1][0], 0.0);
        assertEquals(-z[0][0], z[1][1], 1e-12);
        assertEquals(0.0, z[0][1], 1e-12);
    }

    @Test
    void inputIsNotModified() {
        double[][] x = ar1(2, 10, 0.0, new double[2], 15);
        double[][] copy = {x[0].clone(), x[1].clone()};
        ConvergenceDiagnostics.splitRHat(x);
        ConvergenceDiagnostics.bulkEss(x);
        assertArrayEquals(copy[0], x[0], 0.0);
        assertArrayEquals(copy[1], x[1], 0.0);
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> ConvergenceDiagnostics.splitRHat(new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> ConvergenceDiagnostics.splitRHat(new double[][] {{1, 2, 3}}));
        assertThrows(IllegalArgumentException.class,
                () -> ConvergenceDiagnostics.bulkEss(new double[][] {{1, 2, 3, 4}, {1, 2, 3, 4, 5}}));
        assertThrows(IllegalArgumentException.class, () -> ConvergenceDiagnostics.meanEss(null));
    }
}
