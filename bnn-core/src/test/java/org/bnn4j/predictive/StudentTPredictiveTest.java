package org.bnn4j.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.nn.internal.Arrays2;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A predictive mixture of Student-t components: the variance split in closed form and against draws, the CRPS
 * closed form against a Monte Carlo estimate, NaN variance at or below two degrees of freedom.
 */
class StudentTPredictiveTest {

    private static final double[] MU = {0.3, -1.2, 0.8};
    private static final double[] SIGMA = {0.5, 1.1, 0.7};
    private static final NoiseDistribution[] NOISE = {StudentTNoise.of(3), StudentTNoise.of(5), StudentTNoise.of(12)};

    private static PredictiveDistribution mixture() {
        return PredictiveDistribution.of(MU, SIGMA, NOISE, 3, 1, 1);
    }

    /**
     * Law of total variance with Student-t components: aleatoric {@code (1/N) sum sigma_s^2 nu_s/(nu_s - 2)},
     * epistemic the population variance of the locations, total their sum; each to 1e-14 relative (a few roundings).
     */
    @Test
    void varianceSplitsByTheLawOfTotalVariance() {
        PredictiveDistribution p = mixture();
        double ale = 0;
        double mean = 0;
        for (int s = 0; s < 3; s++) {
            double nu = ((StudentTNoise) NOISE[s]).nu();
            ale += SIGMA[s] * SIGMA[s] * nu / (nu - 2) / 3;
            mean += MU[s] / 3;
        }
        double epi = 0;
        for (double m : MU) {
            epi += (m - mean) * (m - mean) / 3;
        }
        assertEquals(ale, p.aleatoricVariance().getDouble(0, 0), 1e-14 * ale);
        assertEquals(epi, p.epistemicVariance().getDouble(0, 0), 1e-14 * epi);
        assertEquals(ale + epi, p.totalVariance().getDouble(0, 0), 1e-14 * (ale + epi));
        assertEquals(mean, p.mean().getDouble(0, 0), 1e-15);
    }

    /**
     * The total variance is the variance of draws from the mixture. The draws' sample variance has standard error
     * {@code sqrt((m4 - v^2) / k)}, which needs a finite fourth moment (nu > 4): this
     * test uses nu = 5, 6 and 12 and allows 5 standard errors, with m4 estimated from the draws.
     */
    @Test
    void totalVarianceIsTheVarianceOfDraws() {
        NoiseDistribution[] noise = {StudentTNoise.of(5), StudentTNoise.of(6), StudentTNoise.of(12)};
        PredictiveDistribution p = PredictiveDistribution.of(MU, SIGMA, noise, 3, 1, 1);
        int k = 200_000;
        double[] y = Arrays2.toDoubles(p.sample(new SplittableRandom(11), k));
        double m = 0;
        for (double v : y) {
            m += v / k;
        }
        double v2 = 0;
        double v4 = 0;
        for (double v : y) {
            double d = (v - m) * (v - m);
            v2 += d / k;
            v4 += d * d / k;
        }
        double se = Math.sqrt((v4 - v2 * v2) / k);
        assertEquals(p.totalVariance().getDouble(0, 0), v2, 5 * se);
    }

    /** At or below two degrees of freedom the aleatoric and total variances are undefined (NaN). */
    @Test
    void varianceIsUndefinedAtOrBelowTwoDegreesOfFreedom() {
        NoiseDistribution[] noise = {StudentTNoise.of(2), StudentTNoise.of(5)};
        PredictiveDistribution p = PredictiveDistribution.of(new double[] {0, 1}, new double[] {1, 1}, noise, 2, 1, 1);
        assertTrue(Double.isNaN(p.aleatoricVariance().getDouble(0, 0)));
        assertTrue(Double.isNaN(p.totalVariance().getDouble(0, 0)));
        assertEquals(0.25, p.epistemicVariance().getDouble(0, 0), 1e-15);
        INDArray y = Nd4j.create(new double[] {0.4}, new long[] {1, 1}, DataType.DOUBLE);
        assertTrue(Double.isFinite(Metrics.crps(p, y)));
        assertTrue(Double.isFinite(Arrays2.toDoubles(p.logDensity(y))[0]));
    }

    /**
     * CRPS of a single Student-t (closed form, Jordan et al. 2019) and of the three-component mixture (quadrature)
     * against the Monte Carlo form {@code E|Y - y| - E|Y - Y'|/2} from k independent pairs of draws; the estimate's
     * standard error comes from the sample variance of {@code |Y - y| - |Y - Y'|/2}, and 5 standard errors are allowed.
     */
    @Test
    void crpsMatchesMonteCarlo() {
        double y = 0.9;
        INDArray target = Nd4j.create(new double[] {y}, new long[] {1, 1}, DataType.DOUBLE);
        PredictiveDistribution single = PredictiveDistribution.of(new double[] {0.2}, new double[] {0.8},
                new NoiseDistribution[] {StudentTNoise.of(3)}, 1, 1, 1);
        for (PredictiveDistribution p : new PredictiveDistribution[] {single, mixture()}) {
            SplittableRandom rng = new SplittableRandom(5);
            int k = 400_000;
            double[] a = Arrays2.toDoubles(p.sample(rng, k));
            double[] b = Arrays2.toDoubles(p.sample(rng, k));
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < k; i++) {
                double term = Math.abs(a[i] - y) - 0.5 * Math.abs(a[i] - b[i]);
                sum += term;
                sumSq += term * term;
            }
            double mc = sum / k;
            double se = Math.sqrt((sumSq / k - mc * mc) / k);
            assertEquals(mc, Metrics.crps(p, target), 5 * se, "components=" + p.numSamples());
        }
    }

    /**
     * Central 90% intervals: one component's endpoints are its own quantiles {@code mu +- sigma t_0.95(nu)}
     * (1e-14 relative), and a mixture's endpoints put 5% of its CDF on each side (Brent to 1e-13 relative).
     */
    @Test
    void intervalsPutTheirTailMassOutside() {
        PredictiveDistribution single = PredictiveDistribution.of(new double[] {0.2}, new double[] {0.8},
                new NoiseDistribution[] {StudentTNoise.of(3)}, 1, 1, 1);
        CentralInterval ci = single.interval(0.9);
        double q = StudentTNoise.of(3).quantile(0.95);
        assertEquals(0.2 + 0.8 * q, ci.upper().getDouble(0, 0), 1e-14 * (0.2 + 0.8 * q));
        assertEquals(0.2 - 0.8 * q, ci.lower().getDouble(0, 0), 1e-14 * Math.abs(0.2 - 0.8 * q));
        PredictiveDistribution p = mixture();
        CentralInterval mi = p.interval(0.9);
        INDArray lo = mi.lower();
        INDArray hi = mi.upper();
        assertEquals(0.05, p.cdf(lo).getDouble(0, 0), 1e-13);
        assertEquals(0.95, p.cdf(hi).getDouble(0, 0), 1e-13);
    }
}
