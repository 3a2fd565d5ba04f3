package org.bnn4j.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Known answers and Monte Carlo checks for {@link Metrics}. */
class MetricsTest {

    static final NormalDistribution STD_NORMAL = new NormalDistribution(0, 1);

    @Test
    void rmseAndLogDensityOnHandBuiltMixture() {
        PredictiveDistribution p = PredictiveDistributionTest.handBuilt();
        // predictive means {3, -1, 2, 11}; errors {1, 1, -2, 0}: RMSE = sqrt(6/4)
        INDArray y = Nd4j.create(new double[][] {{2, -2}, {4, 11}});
        assertEquals(Math.sqrt(1.5), Metrics.rmse(p, y), 1e-14);
        double[] ld = p.logDensity(y).dup('c').data().asDouble();
        assertEquals((ld[0] + ld[1]) / 2, Metrics.meanLogPredictiveDensity(p, y), 1e-14);
        assertEquals(-(ld[0] + ld[1]) / 2, Metrics.nll(p, y), 1e-14);
    }

    @Test
    void crpsOfSingleGaussianMatchesClosedForm() {
        double[] mu = {0, 1.5, -3};
        double[] sigma = {1, 0.2, 4};
        double[] y = {0.3, -1, 20};
        PredictiveDistribution p = PredictiveDistribution.of(mu, sigma, 1, 3, 1);
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            double z = (y[i] - mu[i]) / sigma[i];
            // Gneiting et al. (2005), Mon. Wea. Rev. 133, Gaussian closed form:
            // sigma (z (2 Phi(z) - 1) + 2 phi(z) - 1/sqrt(pi))
            expected += sigma[i] * (z * (2 * STD_NORMAL.cumulativeProbability(z) - 1) + 2 * STD_NORMAL.density(z)
                    - 1 / Math.sqrt(Math.PI)) / 3;
        }
        assertEquals(expected, Metrics.crps(p, Nd4j.create(y, new long[] {3, 1}, DataType.DOUBLE)), 1e-13);
    }

    @Test
    void crpsOfMixtureMatchesMonteCarlo() {
        PredictiveDistribution p = PredictiveDistribution.of(new double[] {-2, 0, 3}, new double[] {0.5, 1, 0.3},
                3, 1, 1);
        double y = 0.8;
        int k = 200_000;
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = p.sample(rng.split(), k).dup('c').data().asDouble();
        double[] x2 = p.sample(rng.split(), k).dup('c').data().asDouble();
        // unbiased estimator h = |X - y| - |X - X'| / 2 with X, X' independent draws of the mixture
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < k; i++) {
            double h = Math.abs(x[i] - y) - 0.5 * Math.abs(x[i] - x2[i]);
            mean += h / k;
            sq += h * h / k;
        }
        double se = Math.sqrt((sq - mean * mean) / k);
        double crps = Metrics.crps(p, Nd4j.create(new double[][] {{y}}));
        assertEquals(mean, crps, 5 * se);
        assertTrue(crps > 0);
    }

    @Test
    void crpsOfIdenticalComponentsEqualsTheSingleGaussian() {
        PredictiveDistribution one = PredictiveDistribution.of(new double[] {1}, new double[] {2}, 1, 1, 1);
        PredictiveDistribution three = PredictiveDistribution.of(new double[] {1, 1, 1}, new double[] {2, 2, 2},
                3, 1, 1);
        INDArray y = Nd4j.create(new double[][] {{-0.4}});
        assertEquals(Metrics.crps(one, y), Metrics.crps(three, y), 1e-14);
    }

    @Test
    void calibrationErrorOfOverdispersedPredictionsMatchesItsExpectation() {
        // truth N(0, 1), prediction N(0, 2^2): the level-l interval covers P(|Z| < 2 z_l) = 2 Phi(2 z_l) - 1
        int b = 4000;
        SplittableRandom rng = new SplittableRandom(8);
        double[] y = new double[b];
        for (int i = 0; i < b; i++) {
            y[i] = rng.nextGaussian();
        }
        double[] mu = new double[b];
        double[] sigma = new double[b];
        java.util.Arrays.fill(sigma, 2.0);
        PredictiveDistribution p = PredictiveDistribution.of(mu, sigma, 1, b, 1);
        INDArray yy = Nd4j.create(y, new long[] {b, 1}, DataType.DOUBLE);
        double[] levels = Metrics.defaultCalibrationLevels();
        double expected = 0;
        double maxSe = 0;
        for (double l : levels) {
            double zl = STD_NORMAL.inverseCumulativeProbability((1 + l) / 2);
            double cov = 2 * STD_NORMAL.cumulativeProbability(2 * zl) - 1;
            expected += (cov - l) / levels.length; // cov > l at every level, so |.| is the identity here
            maxSe = Math.max(maxSe, Math.sqrt(cov * (1 - cov) / b));
        }
        // each coverage is within 5 binomial SE, so their mean is too
        assertEquals(expected, Metrics.calibrationError(p, yy), 5 * maxSe);
        assertEquals(expected, Metrics.calibrationError(p, yy, levels), 5 * maxSe);
        assertTrue(expected > 0.2, "the miscalibration must be large compared to the tolerance");
    }

    @Test
    void summaryBundlesTheIndividualMetrics() {
        PredictiveDistribution p = PredictiveDistributionTest.handBuilt();
        INDArray y = Nd4j.create(new double[][] {{2, -2}, {4, 11}});
        MetricsSummary m = Metrics.summarize(p, y);
        assertEquals(Metrics.rmse(p, y), m.rmse(), 0.0);
        assertEquals(Metrics.nll(p, y), m.nll(), 0.0);
        assertEquals(Metrics.crps(p, y), m.crps(), 0.0);
        assertEquals(Metrics.coverage(p, y, 0.9), m.coverage90(), 0.0);
        assertEquals(Metrics.meanIntervalWidth(p, 0.9), m.width90(), 0.0);
        assertTrue(m.toString().startsWith("RMSE=1.2247 NLL="), m.toString());
    }

    @Test
    void intervalWidthOfSingleGaussian() {
        PredictiveDistribution p = PredictiveDistribution.of(new double[] {0, 5}, new double[] {1, 3}, 1, 2, 1);
        // mean of 2 z_0.95 sigma over sigma = {1, 3}
        assertEquals(2 * IntervalAndCdfTest.Z95 * 2, Metrics.meanIntervalWidth(p, 0.9), 1e-8);
    }

    @Test
    void coverageFromTailProbabilitiesAgreesWithCountingInsideTheSolvedBounds() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 5;
        int b = 300;
        int d = 2;
        double[] mu = new double[n * b * d];
        double[] sigma = new double[n * b * d];
        double[] y = new double[b * d];
        for (int i = 0; i < mu.length; i++) {
            mu[i] = rng.nextGaussian();
            sigma[i] = rng.nextDouble(0.2, 1.5);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = 2 * rng.nextGaussian();
        }
        PredictiveDistribution p = PredictiveDistribution.of(mu, sigma, n, b, d);
        INDArray yy = Nd4j.create(y, new long[] {b, d}, DataType.DOUBLE);
        for (double level : new double[] {0.3, 0.9}) {
            CentralInterval ci = p.interval(level);
            int inside = 0;
            for (int i = 0; i < y.length; i++) {
                if (y[i] >= ci.lower(i / d, i % d) && y[i] <= ci.upper(i / d, i % d)) {
                    inside++;
                }
            }
            // exact: a target would have to fall within ~1e-12 of a bound to be counted differently
            assertEquals((double) inside / y.length, Metrics.coverage(p, yy, level), 0.0);
        }
    }
}
