package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari &amp; Gelman 2018, arXiv:1804.06788):
 * draw {@code theta ~ prior}, data given theta, run NUTS, and record the rank of theta among thinned
 * posterior draws. If the sampler is correct the ranks are uniform on {@code {0, ..., L}}.
 *
 * <p>Model: {@code theta ~ N(0, 1)}, {@code y_i ~ N(theta, 1)}, {@code i = 1..5}.
 */
class SimulationBasedCalibrationTest {

    private static final int NUM_OBS = 5;

    /** Log posterior of the normal-mean model, up to a constant. */
    private static LogDensity posterior(double[] y) {
        return new LogDensity() {
            @Override public int dimension() { return 1; }
            @Override public double logDensityAndGradient(double[] t, double[] g) {
                double lp = -0.5 * t[0] * t[0];
                g[0] = -t[0];
                for (double v : y) {
                    lp -= 0.5 * (v - t[0]) * (v - t[0]);
                    g[0] += v - t[0];
                }
                return lp;
            }
        };
    }

    /**
     * @return the chi-square p-value of the rank histogram (ranks 0..numDraws pooled into bins)
     */
    static double rankHistogramPValue(int replications, int numDraws, int thinning, int bins, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long[] counts = new long[bins];
        int ranksPerBin = (numDraws + 1) / bins;
        for (int rep = 0; rep < replications; rep++) {
            double theta = rng.nextGaussian();
            double[] y = new double[NUM_OBS];
            for (int i = 0; i < NUM_OBS; i++) {
                y[i] = theta + rng.nextGaussian();
            }
            McmcConfig config = McmcConfig.builder().numChains(1).numWarmup(150).numSamples(numDraws * thinning)
                    .thinning(thinning).seed(rng.nextLong()).parallel(false).build();
            McmcResult r = new Mcmc(config).run(chain -> posterior(y), new double[][] {{0.0}}, McmcListener.NONE);
            int rank = 0;
            for (double v : r.coordinate(0)[0]) {
                rank += v < theta ? 1 : 0;
            }
            counts[rank / ranksPerBin]++;
        }
        double[] expected = new double[bins];
        java.util.Arrays.fill(expected, (double) replications / bins);
        return new ChiSquareTest().chiSquareTest(expected, counts);
    }

    @Test
    void rankHistogramIsUniform() {
        // L = 19 thinned draws give 20 ranks, pooled into 10 bins of 2; 300 replications: 30 per bin
        // expected (chi-square approximation fine above 5). Thinning by 5 makes the draws nearly independent,
        // as SBC requires. Not rejected at the 1% level.
        double p = rankHistogramPValue(300, 19, 5, 10, 2018);
        assertTrue(p > 0.01, "SBC chi-square p-value " + p);
    }

    @Test
    @Tag("slow")
    void rankHistogramIsUniformLongRun() {
        // 2000 replications, L = 99 ranks in 20 bins of 5: 100 per bin expected.
        double p = rankHistogramPValue(2000, 99, 5, 20, 1804);
        assertTrue(p > 0.01, "SBC chi-square p-value " + p);
    }
}
