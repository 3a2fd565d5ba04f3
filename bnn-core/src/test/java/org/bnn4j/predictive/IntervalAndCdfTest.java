package org.bnn4j.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Central intervals and the marginal CDF of {@link PredictiveDistribution}. */
class IntervalAndCdfTest {

    /** Phi^-1(0.95) and Phi^-1(0.975) to double precision (R: qnorm(0.95), qnorm(0.975)). */
    static final double Z95 = 1.6448536269514722;
    static final double Z975 = 1.959963984540054;

    @Test
    void singleGaussianIntervalIsMeanPlusMinusZSigma() {
        double[] mu = {0.7, -40, 1e4};
        double[] sigma = {2.3, 0.01, 50};
        PredictiveDistribution p = PredictiveDistribution.of(mu, sigma, 1, 3, 1);
        CentralInterval ci90 = p.interval(0.9);
        CentralInterval ci95 = p.interval(0.95);
        assertEquals(0.9, ci90.level());
        for (int b = 0; b < 3; b++) {
            // the solver stops at ~1e-13 of the 20-sigma bracket; 1e-8 * sigma leaves ample margin
            assertEquals(mu[b] - Z95 * sigma[b], ci90.lower(b, 0), 1e-8 * sigma[b]);
            assertEquals(mu[b] + Z95 * sigma[b], ci90.upper(b, 0), 1e-8 * sigma[b]);
            assertEquals(mu[b] - Z975 * sigma[b], ci95.lower(b, 0), 1e-8 * sigma[b]);
            assertEquals(mu[b] + Z975 * sigma[b], ci95.upper(b, 0), 1e-8 * sigma[b]);
        }
        assertEquals(Z95 * 2 * 2.3, ci90.upper().getDouble(0, 0) - ci90.lower().getDouble(0, 0), 1e-8);
    }

    @Test
    void mixtureIntervalBoundsSolveTheMixtureCdf() {
        // a bimodal, skewed mixture: the bounds are not mean +- z * std
        double[] mu = {-3, 0.5, 4, 4.2};
        double[] sigma = {0.4, 1, 0.2, 2};
        PredictiveDistribution p = PredictiveDistribution.of(mu, sigma, 4, 1, 1);
        for (double level : new double[] {0.1, 0.5, 0.9, 0.999}) {
            CentralInterval ci = p.interval(level);
            INDArray bounds = Nd4j.create(new double[][] {{ci.lower(0, 0)}});
            INDArray upper = Nd4j.create(new double[][] {{ci.upper(0, 0)}});
            // CDF error at the root ~ density * x-tolerance (<1e-11) plus erfc rounding (~1e-15)
            assertEquals((1 - level) / 2, p.cdf(bounds).getDouble(0, 0), 1e-10);
            assertEquals((1 + level) / 2, p.cdf(upper).getDouble(0, 0), 1e-10);
        }
    }

    @Test
    void extremeLevelsGiveFiniteOrderedBounds() {
        PredictiveDistribution p = PredictiveDistribution.of(new double[] {0, 1}, new double[] {1, 0.5}, 2, 1, 1);
        for (double level : new double[] {1e-12, 1 - 1e-15}) {
            CentralInterval ci = p.interval(level);
            assertTrue(Double.isFinite(ci.lower(0, 0)) && Double.isFinite(ci.upper(0, 0)));
            assertTrue(ci.lower(0, 0) <= ci.upper(0, 0));
        }
        // for level -> 1 the tails are Phi-like: Phi^-1(5e-16) = -7.9413; the upper tail is dominated by N(0,1)
        CentralInterval wide = p.interval(1 - 1e-15);
        assertTrue(wide.lower(0, 0) < -7.5 && wide.upper(0, 0) > 7.5);
    }

    @Test
    void cdfOfSingleGaussianMatchesCommonsMath() {
        PredictiveDistribution p = PredictiveDistribution.of(new double[] {1, 2}, new double[] {0.5, 3}, 1, 1, 2);
        double[] y = {0.3, 9};
        double[] got = p.cdf(Nd4j.create(y, new long[] {1, 2}, DataType.DOUBLE)).dup('c').data().asDouble();
        assertEquals(new NormalDistribution(1, 0.5).cumulativeProbability(0.3), got[0], 1e-14);
        assertEquals(new NormalDistribution(2, 3).cumulativeProbability(9), got[1], 1e-14);
    }

    @Test
    void coverageOfDrawsFromTheSameGaussianIsNominal() {
        SplittableRandom rng = new SplittableRandom(2024);
        int b = 4000;
        double[] mu = new double[b];
        double[] sigma = new double[b];
        double[] y = new double[b];
        for (int i = 0; i < b; i++) {
            mu[i] = rng.nextDouble(-5, 5);
            sigma[i] = rng.nextDouble(0.1, 3);
            y[i] = mu[i] + sigma[i] * rng.nextGaussian();
        }
        PredictiveDistribution p = PredictiveDistribution.of(mu, sigma, 1, b, 1);
        INDArray yy = Nd4j.create(y, new long[] {b, 1}, DataType.DOUBLE);
        for (double level : new double[] {0.5, 0.9}) {
            // binomial standard error sqrt(p(1-p)/n); 5 SE
            assertEquals(level, Metrics.coverage(p, yy, level), 5 * Math.sqrt(level * (1 - level) / b));
        }
    }

    @Test
    void coverageOfDrawsFromAMixtureIsNominal() {
        PredictiveDistribution one = PredictiveDistribution.of(new double[] {-2, 0, 3}, new double[] {0.5, 1, 0.3},
                3, 1, 1);
        int k = 4000;
        // with B = 1 each of the k draws picks its own component, so the draws are independent
        INDArray draws = one.sample(new SplittableRandom(99), k).reshape(k, 1);
        PredictiveDistribution p = one.select(new int[k]);
        double level = 0.9;
        assertEquals(level, Metrics.coverage(p, draws, level), 5 * Math.sqrt(level * (1 - level) / k));
    }
}
