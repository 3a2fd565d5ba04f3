package org.bnn4j.predictive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Moments, log density, sampling, affine maps and copy semantics of {@link PredictiveDistribution}. */
class PredictiveDistributionTest {

    // N = 3, B = 2, D = 2; flat index (s * B + b) * D + d.
    // (b=0,d=0): mu {1, 2, 6}, sigma {1, 2, 2}: mean 3, E[s^2] = (1+4+4)/3 = 3, Var[mu] = (4+1+9)/3 = 14/3.
    // (b=0,d=1): mu {-1, -1, -1}, sigma {0.5, 0.5, 0.5}: mean -1, aleatoric 0.25, epistemic 0.
    // (b=1,d=0): mu {0, 3, 3}, sigma {1, 1, 1}: mean 2, aleatoric 1, epistemic (4+1+1)/3 = 2.
    // (b=1,d=1): mu {10, 10, 13}, sigma {3, 3, 3}: mean 11, aleatoric 9, epistemic (1+1+4)/3 = 2.
    static final double[] MU = {1, -1, 0, 10, 2, -1, 3, 10, 6, -1, 3, 13};
    static final double[] SIGMA = {1, 0.5, 1, 3, 2, 0.5, 1, 3, 2, 0.5, 1, 3};

    static PredictiveDistribution handBuilt() {
        return PredictiveDistribution.of(MU, SIGMA, 3, 2, 2);
    }

    static double[] flat(INDArray a) {
        return a.dup('c').data().asDouble();
    }

    @Test
    void lawOfTotalVarianceOnHandBuiltMixture() {
        PredictiveDistribution p = handBuilt();
        assertEquals(3, p.numSamples());
        assertEquals(2, p.numPoints());
        assertEquals(2, p.outDim());
        // tolerance: a few ulps of the hand-computed values
        assertArrayEquals(new double[] {3, -1, 2, 11}, flat(p.mean()), 1e-14);
        assertArrayEquals(new double[] {3, 0.25, 1, 9}, flat(p.aleatoricVariance()), 1e-14);
        assertArrayEquals(new double[] {14.0 / 3, 0, 2, 2}, flat(p.epistemicVariance()), 1e-14);
        assertArrayEquals(new double[] {3 + 14.0 / 3, 0.25, 3, 11}, flat(p.totalVariance()), 1e-14);
        assertArrayEquals(new double[] {Math.sqrt(3), 0.5, 1, 3}, flat(p.aleatoricStd()), 1e-14);
        assertArrayEquals(new double[] {Math.sqrt(14.0 / 3), 0, Math.sqrt(2), Math.sqrt(2)},
                flat(p.epistemicStd()), 1e-14);
        assertArrayEquals(new double[] {Math.sqrt(23.0 / 3), 0.5, Math.sqrt(3), Math.sqrt(11)},
                flat(p.totalStd()), 1e-14);
        assertArrayEquals(new long[] {2, 2}, p.mean().shape());
        assertEquals(DataType.DOUBLE, p.mean().dataType());
    }

    @Test
    void pointEstimateHasZeroEpistemicVariance() {
        PredictiveDistribution p = PredictiveDistribution.of(new double[] {0.3, -2}, new double[] {0.1, 4}, 1, 2, 1);
        assertArrayEquals(new double[] {0, 0}, flat(p.epistemicVariance()), 0.0);
        assertArrayEquals(new double[] {0.01, 16}, flat(p.totalVariance()), 1e-15);
    }

    @Test
    void float32AndNonContiguousInputsGiveTheSameDistribution() {
        INDArray mu = Nd4j.create(MU, new long[] {3, 2, 2}, DataType.DOUBLE);
        INDArray sigma = Nd4j.create(SIGMA, new long[] {3, 2, 2}, DataType.DOUBLE);
        // every value is exactly representable in float32, so the comparison is exact
        PredictiveDistribution f32 = PredictiveDistribution.of(mu.castTo(DataType.FLOAT), sigma.castTo(DataType.FLOAT));
        PredictiveDistribution fOrder = PredictiveDistribution.of(mu.dup('f'), sigma.dup('f'));
        INDArray bigger = Nd4j.concat(0, mu, mu);
        PredictiveDistribution view = PredictiveDistribution.of(bigger.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 6),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all()), sigma);
        for (PredictiveDistribution p : new PredictiveDistribution[] {f32, fOrder, view}) {
            assertArrayEquals(MU, flat(p.sampleMeans()), 0.0);
            assertArrayEquals(SIGMA, flat(p.sampleScales()), 0.0);
        }
    }

    @Test
    void logDensityMatchesNaiveMixtureSumOnModerateValues() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 4;
        int b = 3;
        int d = 2;
        double[] mu = new double[n * b * d];
        double[] sigma = new double[n * b * d];
        double[] y = new double[b * d];
        for (int i = 0; i < mu.length; i++) {
            mu[i] = rng.nextDouble(-1, 1);
            sigma[i] = rng.nextDouble(0.3, 2);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextDouble(-2, 2);
        }
        PredictiveDistribution p = PredictiveDistribution.of(mu, sigma, n, b, d);
        double[] ld = flat(p.logDensity(Nd4j.create(y, new long[] {b, d}, DataType.DOUBLE)));
        for (int pt = 0; pt < b; pt++) {
            double mix = 0;
            for (int s = 0; s < n; s++) {
                double prod = 1;
                for (int j = 0; j < d; j++) {
                    int i = (s * b + pt) * d + j;
                    double z = (y[pt * d + j] - mu[i]) / sigma[i];
                    prod *= Math.exp(-0.5 * z * z) / (sigma[i] * Math.sqrt(2 * Math.PI));
                }
                mix += prod / n;
            }
            // densities are O(0.01..1) here, so the naive form is accurate to ~1e-15 relative
            assertEquals(Math.log(mix), ld[pt], 1e-12);
        }
    }

    @Test
    void logDensityStaysFiniteWhereTheNaiveSumUnderflows() {
        // components N(0,1) and N(1,1) at y = 100: log terms are -5000 - c and -4900.5 - c (c = log sqrt(2 pi))
        PredictiveDistribution p = PredictiveDistribution.of(new double[] {0, 1}, new double[] {1, 1}, 2, 1, 1);
        double c = 0.5 * Math.log(2 * Math.PI);
        double naive = Math.log(0.5 * Math.exp(-5000 - c) + 0.5 * Math.exp(-4900.5 - c));
        assertEquals(Double.NEGATIVE_INFINITY, naive, "the naive form must underflow for this test to mean anything");
        double expected = -4900.5 - c + Math.log1p(Math.exp(-99.5)) - Math.log(2);
        double got = p.logDensity(Nd4j.create(new double[][] {{100}})).getDouble(0);
        assertTrue(Double.isFinite(got));
        assertEquals(expected, got, 1e-12 * Math.abs(expected));
    }

    @Test
    void totalVarianceEqualsVarianceOfDraws() {
        double[] mu = {-2, 0, 3};
        double[] sigma = {0.5, 1, 0.3};
        PredictiveDistribution p = PredictiveDistribution.of(mu, sigma, 3, 1, 1);
        int k = 200_000;
        double[] draws = flat(p.sample(new SplittableRandom(42), k));
        double m = 0;
        for (double v : draws) {
            m += v / k;
        }
        double var = 0;
        for (double v : draws) {
            var += (v - m) * (v - m) / (k - 1);
        }
        double mean = p.mean().getDouble(0, 0);
        double total = p.totalVariance().getDouble(0, 0);
        // central 4th moment of the mixture: mean over s of c^4 + 6 c^2 s^2 + 3 s^4 with c = mu_s - mean
        double mu4 = 0;
        for (int s = 0; s < 3; s++) {
            double c2 = (mu[s] - mean) * (mu[s] - mean);
            double s2 = sigma[s] * sigma[s];
            mu4 += (c2 * c2 + 6 * c2 * s2 + 3 * s2 * s2) / 3;
        }
        // Var(sample variance) ~ (mu4 - sigma^4) / k; Var(sample mean) = sigma^2 / k; 5 standard errors each
        assertEquals(total, var, 5 * Math.sqrt((mu4 - total * total) / k));
        assertEquals(mean, m, 5 * Math.sqrt(total / k));
    }

    @Test
    void samplingIsDeterministicForAFixedSeedAndHasShapeKBD() {
        PredictiveDistribution p = handBuilt();
        INDArray a = p.sample(new SplittableRandom(7), 5);
        INDArray b = p.sample(new SplittableRandom(7), 5);
        assertArrayEquals(new long[] {5, 2, 2}, a.shape());
        assertArrayEquals(flat(a), flat(b), 0.0);
    }

    @Test
    void eachDrawSharesOneComponentAcrossPointsAndPicksComponentsUniformly() {
        // component 0 predicts 0 at both points, component 1 predicts 100; noise 1e-3 cannot bridge the gap
        PredictiveDistribution p = PredictiveDistribution.of(new double[] {0, 0, 100, 100},
                new double[] {1e-3, 1e-3, 1e-3, 1e-3}, 2, 2, 1);
        int k = 10_000;
        double[] draws = flat(p.sample(new SplittableRandom(3), k));
        int high = 0;
        for (int j = 0; j < k; j++) {
            boolean first = draws[2 * j] > 50;
            assertEquals(first, draws[2 * j + 1] > 50, "draw " + j + " mixed components across points");
            high += first ? 1 : 0;
        }
        // binomial(k, 1/2): SE = sqrt(k / 4) = 50; 5 SE
        assertEquals(k / 2.0, high, 5 * Math.sqrt(k / 4.0));
    }

    @Test
    void affineMapsComponentsAndFlipsIntervalsForNegativeScale() {
        PredictiveDistribution p = handBuilt();
        double[] shift = {5, -1};
        double[] scale = {2, -0.5};
        PredictiveDistribution q = p.affine(shift, scale);
        double[] m = flat(q.sampleMeans());
        double[] s = flat(q.sampleScales());
        for (int i = 0; i < MU.length; i++) {
            assertEquals(MU[i] * scale[i % 2] + shift[i % 2], m[i], 1e-14);
            assertEquals(SIGMA[i] * Math.abs(scale[i % 2]), s[i], 1e-14);
        }
        double[] tv = flat(p.totalVariance());
        double[] tq = flat(q.totalVariance());
        for (int i = 0; i < tv.length; i++) {
            assertEquals(tv[i] * scale[i % 2] * scale[i % 2], tq[i], 1e-12);
        }
        // density of the mapped target picks up the Jacobian -sum_d log|scale_d|
        INDArray y = Nd4j.create(new double[][] {{2, -1.2}, {1.5, 11}});
        INDArray yq = Nd4j.create(new double[][] {{2 * 2 + 5, -1.2 * -0.5 - 1}, {1.5 * 2 + 5, 11 * -0.5 - 1}});
        double jac = Math.log(2) + Math.log(0.5);
        double[] lp = flat(p.logDensity(y));
        double[] lq = flat(q.logDensity(yq));
        for (int i = 0; i < 2; i++) {
            assertEquals(lp[i] - jac, lq[i], 1e-12);
        }
        // a negative factor swaps the bounds: lower' = upper * scale + shift
        CentralInterval ip = p.interval(0.8);
        CentralInterval iq = q.interval(0.8);
        assertEquals(ip.upper(1, 1) * -0.5 - 1, iq.lower(1, 1), 1e-9);
        assertEquals(ip.lower(0, 0) * 2 + 5, iq.lower(0, 0), 1e-9);
    }

    @Test
    void selectPicksPointsInOrderWithRepeats() {
        PredictiveDistribution q = handBuilt().select(new int[] {1, 1, 0});
        assertEquals(3, q.numPoints());
        assertArrayEquals(new double[] {2, 11, 2, 11, 3, -1}, flat(q.mean()), 1e-14);
        assertArrayEquals(new double[] {3, 11, 3, 11, 3 + 14.0 / 3, 0.25}, flat(q.totalVariance()), 1e-14);
    }

    @Test
    void neverMutatesCallerArraysAndReturnsFreshCopies() {
        double[] mu = MU.clone();
        double[] sigma = SIGMA.clone();
        PredictiveDistribution p = PredictiveDistribution.of(mu, sigma, 3, 2, 2);
        mu[0] = 1e6;
        sigma[0] = 1e6;
        assertEquals(3.0, p.mean().getDouble(0, 0), 1e-14);

        INDArray muArr = Nd4j.create(MU, new long[] {3, 2, 2}, DataType.DOUBLE);
        INDArray sigmaArr = Nd4j.create(SIGMA, new long[] {3, 2, 2}, DataType.DOUBLE);
        PredictiveDistribution q = PredictiveDistribution.of(muArr, sigmaArr);
        muArr.addi(100);
        assertEquals(3.0, q.mean().getDouble(0, 0), 1e-14);
        q.mean().addi(1);
        q.sampleMeans().addi(1);
        q.sampleScales().muli(3);
        assertEquals(3.0, q.mean().getDouble(0, 0), 1e-14);
        assertEquals(3.0, q.aleatoricVariance().getDouble(0, 0), 1e-14);

        INDArray y = Nd4j.create(new double[][] {{1, 2}, {3, 4}});
        double[] shift = {1, 2};
        double[] scale = {3, 4};
        q.logDensity(y);
        q.cdf(y);
        q.affine(shift, scale);
        assertArrayEquals(new double[] {1, 2, 3, 4}, flat(y), 0.0);
        assertArrayEquals(new double[] {1, 2}, shift, 0.0);
        assertArrayEquals(new double[] {3, 4}, scale, 0.0);
        int[] points = {1, 0};
        q.select(points);
        assertArrayEquals(new int[] {1, 0}, points);
    }
}
