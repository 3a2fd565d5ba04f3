package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        ZigguratNormal rng = new ZigguratNormal(2024);
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        long beyondR = 0; // the tail path (|z| > 3.6542)
        long beyond45 = 0;
        long wedgeBand = 0; // 1.5 < |z| < 2.5: mostly wedges of the outer layers
        for (int k = 0; k < n; k++) {
            double z = rng.next();
            double z2 = z * z;
            s1 += z;
            s2 += z2;
            s3 += z2 * z;
            s4 += z2 * z2;
            double a = Math.abs(z);
            beyondR += a > 3.6541528853610088 ? 1 : 0;
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
        checkCount(beyondR, n, 2 * PHI.cumulativeProbability(-3.6541528853610088), "|z| > R");
        checkCount(beyond45, n, 2 * PHI.cumulativeProbability(-4.5), "|z| > 4.5");
        checkCount(wedgeBand, n, 2 * (PHI.cumulativeProbability(2.5) - PHI.cumulativeProbability(1.5)),
                "1.5 < |z| < 2.5");
    }

    @Test
    void kolmogorovSmirnovAgainstTheNormalCdf() {
        int n = 200_000;
        double[] z = new double[n];
        new ZigguratNormal(7).fill(z, 0, n);
        Arrays.sort(z);
        double d = 0;
        for (int k = 0; k < n; k++) {
            double f = PHI.cumulativeProbability(z[k]);
            d = Math.max(d, Math.max((k + 1.0) / n - f, f - (double) k / n));
        }
        assertTrue(d * Math.sqrt(n) < 1.95, "KS statistic sqrt(n) D = " + d * Math.sqrt(n));
    }

    /** Reads of uneven lengths, across block boundaries, give the same sequence as one read or one draw at a time. */
    @Test
    void theSequenceDoesNotDependOnHowItIsRead() {
        int n = 5 * ZigguratNormal.BLOCK + 17;
        double[] whole = new double[n];
        new ZigguratNormal(3).fill(whole, 0, n);
        ZigguratNormal pieces = new ZigguratNormal(3);
        double[] got = new double[n + 4];
        int at = 4;
        for (int len : new int[] {7, 0, ZigguratNormal.BLOCK, 1, 2 * ZigguratNormal.BLOCK + 3, ZigguratNormal.BLOCK - 11}) {
            pieces.fill(got, at, len);
            at += len;
        }
        while (at < n + 4) {
            got[at++] = pieces.next();
        }
        assertArrayEquals(whole, Arrays.copyOfRange(got, 4, n + 4), 0.0);
        ZigguratNormal single = new ZigguratNormal(3);
        for (int k = 0; k < n; k++) {
            assertEquals(whole[k], single.next(), 0.0, "draw " + k);
        }
    }

    /**
     * Draw k of the first block is the ziggurat's candidate from word k of {@code new SplittableRandom(seed)} (the
     * same SplitMix64 sequence) whenever that candidate lies in its layer's rectangle, and else a normal draw of its
     * own; the share of candidates in their rectangle is the mean over the layers of {@code x_{i+1} / x_i}.
     */
    @Test
    void drawsAreTheZigguratCandidatesOfTheSplitMixWords() {
        double[] x = layers();
        int seeds = 8;
        int same = 0;
        for (long seed = 0; seed < seeds; seed++) { // the first block of each seed: its words are the first 1024
            double[] z = new double[ZigguratNormal.BLOCK];
            new ZigguratNormal(seed).fill(z, 0, z.length);
            SplittableRandom words = new SplittableRandom(seed);
            for (int k = 0; k < z.length; k++) {
                long bits = words.nextLong();
                int i = (int) (bits & 255);
                double u = (bits >>> 11) * 0x1.0p-52 - 1.0;
                if (Math.abs(u) < x[i + 1] / x[i]) {
                    assertEquals(u * x[i], z[k], 0.0, "draw " + k + " of seed " + seed);
                    same++;
                }
            }
        }
        double p = 0;
        for (int i = 0; i < 256; i++) {
            p += x[i + 1] / x[i] / 256;
        }
        int n = seeds * ZigguratNormal.BLOCK;
        // 5 binomial standard errors (p = 0.985)
        assertEquals(p * n, same, 5 * Math.sqrt(n * p * (1 - p)));
    }

    /**
     * Layer boundaries x_0 .. x_256 of the 256-layer ziggurat (Marsaglia and Tsang 2000: R = 3.6541528853610088,
     * V = 4.92867323399e-3), computed here independently.
     */
    private static double[] layers() {
        double r = 3.6541528853610088;
        double v = 4.92867323399e-3;
        double[] x = new double[257];
        x[0] = v / Math.exp(-0.5 * r * r);
        x[1] = r;
        for (int i = 2; i < 256; i++) {
            x[i] = Math.sqrt(-2.0 * Math.log(v / x[i - 1] + Math.exp(-0.5 * x[i - 1] * x[i - 1])));
        }
        return x;
    }

    @Test
    void differentSeedsGiveDifferentStreams() {
        double[] a = new double[64];
        double[] b = new double[64];
        new ZigguratNormal(1).fill(a, 0, 64);
        new ZigguratNormal(2).fill(b, 0, 64);
        assertTrue(!Arrays.equals(a, b), "seeds 1 and 2 gave the same draws");
    }

    private static void checkCount(long count, int n, double p, String what) {
        double expected = n * p;
        double se = Math.sqrt(n * p * (1 - p));
        assertEquals(expected, count, 5 * se, what + ": expected " + expected + " +- " + se);
    }
}
