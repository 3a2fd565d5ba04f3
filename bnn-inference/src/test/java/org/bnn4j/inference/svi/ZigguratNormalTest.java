package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * {@link ZigguratNormal} against the standard normal distribution, with fixed seeds. Tolerances are 5 standard
 * errors of each statistic under N(0, 1) (for n draws: mean 1/sqrt(n), variance sqrt(2/n), skewness sqrt(6/n),
 * excess kurtosis sqrt(24/n); a count with probability p: sqrt(n p (1 - p))), and the Kolmogorov-Smirnov statistic
 * below its 0.1 % critical value 1.95 / sqrt(n).
 */
class ZigguratNormalTest {

    private static final NormalDistribution PHI = new NormalDistribution(0, 1);

    @Test
    void momentsAndTailFrequenciesAreThoseOfTheStandardNormal() {
        int n = 4_000_000;
        SplittableRandom rng = new SplittableRandom(2024);
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        long beyondR = 0; // the tail path (|z| > 3.4426)
        long beyond45 = 0;
        long wedgeBand = 0; // 1.5 < |z| < 2.5: mostly wedges of the outer layers
        for (int k = 0; k < n; k++) {
            double z = ZigguratNormal.next(rng);
            double z2 = z * z;
            s1 += z;
            s2 += z2;
            s3 += z2 * z;
            s4 += z2 * z2;
            double a = Math.abs(z);
            beyondR += a > 3.442619855899 ? 1 : 0;
            beyond45 += a > 4.5 ? 1 : 0;
            wedgeBand += a > 1.5 && a < 2.5 ? 1 : 0;
        }
        double mean = s1 / n;
        double var = s2 / n - mean * mean;
        double skew = (s3 / n) / Math.pow(var, 1.5);
        double exKurt = (s4 / n) / (var * var) - 3.0;
        assertEquals(0.0, mean, 5 / Math.sqrt(n), "mean");
        assertEquals(1.0, var, 5 * Math.sqrt(2.0 / n), "variance");
        assertEquals(0.0, skew, 5 * Math.sqrt(6.0 / n), "skewness");
        assertEquals(0.0, exKurt, 5 * Math.sqrt(24.0 / n), "excess kurtosis");
        checkCount(beyondR, n, 2 * PHI.cumulativeProbability(-3.442619855899), "|z| > R");
        checkCount(beyond45, n, 2 * PHI.cumulativeProbability(-4.5), "|z| > 4.5");
        checkCount(wedgeBand, n, 2 * (PHI.cumulativeProbability(2.5) - PHI.cumulativeProbability(1.5)),
                "1.5 < |z| < 2.5");
    }

    @Test
    void kolmogorovSmirnovAgainstTheNormalCdf() {
        int n = 200_000;
        SplittableRandom rng = new SplittableRandom(7);
        double[] z = new double[n];
        ZigguratNormal.fill(rng, z);
        Arrays.sort(z);
        double d = 0;
        for (int k = 0; k < n; k++) {
            double f = PHI.cumulativeProbability(z[k]);
            d = Math.max(d, Math.max((k + 1.0) / n - f, f - (double) k / n));
        }
        assertTrue(d * Math.sqrt(n) < 1.95, "KS statistic sqrt(n) D = " + d * Math.sqrt(n));
    }

    @Test
    void fillIsTheSequenceOfNext() {
        double[] a = new double[1000];
        ZigguratNormal.fill(new SplittableRandom(3), a);
        SplittableRandom r = new SplittableRandom(3);
        for (double v : a) {
            assertEquals(ZigguratNormal.next(r), v, 0.0);
        }
    }

    private static void checkCount(long count, int n, double p, String what) {
        double expected = n * p;
        double se = Math.sqrt(n * p * (1 - p));
        assertEquals(expected, count, 5 * se, what + ": expected " + expected + " +- " + se);
    }
}
