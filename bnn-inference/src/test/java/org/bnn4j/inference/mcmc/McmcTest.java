package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class McmcTest {

    private static final double SD1 = 1.0;
    private static final double SD2 = 2.0;
    private static final double RHO = 0.9;

    private static double[][] inits(int chains, int dim) {
        double[][] x = new double[chains][dim];
        for (int c = 0; c < chains; c++) {
            for (int j = 0; j < dim; j++) {
                x[c][j] = 0.5 * (c - 1.5) + 0.1 * j;
            }
        }
        return x;
    }

    private static McmcResult runGaussian(McmcConfig config) {
        return new Mcmc(config).run(chain -> GaussianDensity.bivariate(SD1, SD2, RHO),
                inits(config.numChains(), 2), McmcListener.NONE);
    }

    private static void checkCorrelatedGaussian(McmcResult r) {
        checkZeroMeanGaussian(r, SD1, SD2);
    }

    /** Means within 4 MCSE of 0, sds within 10% (>= 4 standard errors when ESS > 800), R-hat < 1.01. */
    static void checkZeroMeanGaussian(McmcResult r, double... sds) {
        for (int j = 0; j < sds.length; j++) {
            double[][] x = r.coordinate(j);
            double ess = ConvergenceDiagnostics.meanEss(x);
            double mean = 0;
            double sq = 0;
            int n = 0;
            for (double[] chain : x) {
                for (double v : chain) {
                    mean += v;
                    sq += v * v;
                    n++;
                }
            }
            mean /= n;
            double sd = Math.sqrt(sq / n - mean * mean);
            // Relative standard error of a Gaussian sd estimate ~ 1/sqrt(2 ESS) <= 2.5% for ESS > 800.
            assertTrue(ess > 800, "ESS=" + ess);
            assertEquals(0.0, mean, 4 * sds[j] / Math.sqrt(ess), "mean of coordinate " + j + ", ESS=" + ess);
            assertEquals(sds[j], sd, 0.1 * sds[j], "sd of coordinate " + j);
            assertTrue(ConvergenceDiagnostics.splitRHat(x) < 1.01, "R-hat=" + ConvergenceDiagnostics.splitRHat(x));
        }
    }

    @Test
    void nutsSamplesCorrelatedGaussian() {
        McmcResult r = runGaussian(McmcConfig.builder().numWarmup(500).numSamples(1000).seed(21).build());
        checkCorrelatedGaussian(r);
        for (ChainStatistics s : r.statistics()) {
            assertEquals(0, s.divergences(), s.toString());
            // The adapted inverse mass approximates the marginal variances 1 and 4 (last window of 200 draws
            // with ESS ~ 100: relative error of a variance ~ sqrt(2 / ESS) ~ 15%; 40% is > 2.5 sd).
            assertEquals(SD1 * SD1, s.inverseMassMatrix()[0], 0.4 * SD1 * SD1, s.toString());
            assertEquals(SD2 * SD2, s.inverseMassMatrix()[1], 0.4 * SD2 * SD2, s.toString());
            assertSamplingAcceptanceAtLeastTarget(s);
        }
    }

    @Test
    void nutsWithDenseMetricSamplesCorrelatedGaussian() {
        McmcResult r = runGaussian(McmcConfig.builder().metric(Metric.DENSE).numWarmup(500).numSamples(1000)
                .seed(23).build());
        checkCorrelatedGaussian(r);
        for (ChainStatistics s : r.statistics()) {
            assertEquals(0, s.divergences(), s.toString());
            // The reported diagonal of the dense inverse mass is the marginal variances 1 and 4 (same 40% as above).
            assertEquals(SD1 * SD1, s.inverseMassMatrix()[0], 0.4 * SD1 * SD1, s.toString());
            assertEquals(SD2 * SD2, s.inverseMassMatrix()[1], 0.4 * SD2 * SD2, s.toString());
            assertSamplingAcceptanceAtLeastTarget(s);
        }
    }

    @Test
    void denseMetricRemovesCorrelationCost() {
        // With correlation 0.999 the principal sds are sqrt(1.999) ~ 1.41 and sqrt(0.001) ~ 0.032: a diagonal metric
        // (marginal variances 1) needs a step ~ the narrow sd and ~ (pi/2) 1.41 / 0.032 ~ 70 steps to cross the long
        // direction (Neal 2011, Sec. 4.2). After dense adaptation the latent target is ~ N(0, I), crossed in a few
        // steps of size ~ 1. A 4x cut in leapfrog steps is far below the ~45x condition-number ratio.
        double rho = 0.999;
        McmcConfig.Builder b = McmcConfig.builder().numWarmup(500).numSamples(300).numChains(2).seed(24);
        McmcResult diag = new Mcmc(b.build()).run(chain -> GaussianDensity.bivariate(1.0, 1.0, rho), inits(2, 2),
                McmcListener.NONE);
        McmcResult dense = new Mcmc(b.metric(Metric.DENSE).build()).run(
                chain -> GaussianDensity.bivariate(1.0, 1.0, rho), inits(2, 2), McmcListener.NONE);
        for (int c = 0; c < 2; c++) {
            ChainStatistics d = diag.statistics().get(c);
            ChainStatistics e = dense.statistics().get(c);
            assertTrue(e.meanLeapfrogSteps() * 4 < d.meanLeapfrogSteps(), d + " / " + e);
            assertEquals(0, e.divergences(), e.toString());
        }
    }

    @Test
    void hmcSamplesCorrelatedGaussian() {
        McmcResult r = runGaussian(McmcConfig.builder().algorithm(Algorithm.HMC).trajectoryLength(2.0)
                .numWarmup(500).numSamples(1000).seed(22).build());
        checkCorrelatedGaussian(r);
        for (ChainStatistics s : r.statistics()) {
            assertEquals(0.0, s.meanTreeDepth());
            assertSamplingAcceptanceAtLeastTarget(s);
        }
    }

    /**
     * After warm-up the sampler uses eps-bar, the weighted geometric mean of the oscillating dual-averaging
     * iterates. Acceptance is concave in log eps around the target, so eps-bar is conservative and the
     * sampling acceptance lands above the target (Stan shows the same: mean accept_stat ~0.9 at
     * adapt_delta = 0.8), most with Stan's 50-iteration terminal buffer after the last restart.
     */
    private static void assertSamplingAcceptanceAtLeastTarget(ChainStatistics s) {
        // 1000 draws of an accept stat with sd ~ 0.3 give a Monte Carlo error ~ 0.01-0.02; 0.05 below is > 2.5 se.
        assertTrue(s.acceptanceRate() > 0.8 - 0.05 && s.acceptanceRate() < 1.0, s.toString());
    }

    @Test
    void dualAveragingReachesTargetAcceptance() {
        // Dual averaging drives the running mean of (delta - alpha) to 0 (Hoffman & Gelman 2014, Sec. 3.2), so
        // the mean acceptance statistic over the second half of an uninterrupted warm-up is the target 0.8.
        // Its Monte Carlo error: sd(alpha) ~ 0.35 over 500 autocorrelated iterations ~ 0.02; +-0.05 is 2.5 se.
        // Mass-matrix adaptation is off so the step-size adaptation is not restarted; the target is the
        // correlated Gaussian in units of its marginal sds, for which a unit mass matrix is right.
        for (Algorithm alg : Algorithm.values()) {
            McmcConfig.Builder b = McmcConfig.builder().algorithm(alg).numWarmup(1000).numSamples(1000)
                    .adaptMassMatrix(false).seed(23);
            if (alg == Algorithm.HMC) {
                b.trajectoryLength(2.0);
            }
            McmcResult r = new Mcmc(b.build()).run(chain -> GaussianDensity.bivariate(1.0, 1.0, RHO),
                    inits(4, 2), McmcListener.NONE);
            for (int c = 0; c < 4; c++) {
                double[] accept = r.traces().get(c).acceptStat();
                double mean = 0;
                for (int i = 500; i < 1000; i++) {
                    mean += accept[i] / 500;
                }
                assertEquals(0.8, mean, 0.05, alg + " chain " + c);
                ChainStatistics s = r.statistics().get(c);
                assertSamplingAcceptanceAtLeastTarget(s);
                // With the adaptation uninterrupted eps-bar has converged and is only mildly conservative.
                assertTrue(s.acceptanceRate() < 0.9, s.toString());
            }
        }
    }

    @Test
    void sameSeedGivesBitIdenticalDrawsInParallelAndSequentially() {
        McmcConfig parallel = McmcConfig.builder().numWarmup(150).numSamples(100).numChains(3).seed(5).build();
        McmcConfig sequential = parallel.toBuilder().parallel(false).build();
        McmcResult a = runGaussian(parallel);
        McmcResult b = runGaussian(parallel);
        McmcResult c = runGaussian(sequential);
        for (int chain = 0; chain < 3; chain++) {
            double[][] da = a.draws(chain);
            for (int i = 0; i < da.length; i++) {
                assertArrayEquals(da[i], b.draws(chain)[i], 0.0);
                assertArrayEquals(da[i], c.draws(chain)[i], 0.0);
            }
            assertEquals(a.statistics().get(chain), c.statistics().get(chain));
        }
        McmcResult d = runGaussian(parallel.toBuilder().seed(6).build());
        assertFalse(d.draws(0)[0][0] == a.draws(0)[0][0] && d.draws(0)[99][1] == a.draws(0)[99][1]);
        assertFalse(a.draws(0)[99][0] == a.draws(1)[99][0], "chains must use different streams");
    }

    @Test
    void listenerSeesEveryIterationOfEveryChain() {
        AtomicInteger warmup = new AtomicInteger();
        AtomicInteger sampling = new AtomicInteger();
        ConcurrentHashMap<Integer, Integer> last = new ConcurrentHashMap<>();
        McmcConfig config = McmcConfig.builder().numWarmup(30).numSamples(20).numChains(2).seed(1).build();
        McmcResult r = new Mcmc(config).run(chain -> GaussianDensity.diagonal(1.0), inits(2, 1),
                (chain, iteration, isWarmup, stepSize, divergences) -> {
                    (isWarmup ? warmup : sampling).incrementAndGet();
                    assertEquals(isWarmup, iteration < 30);
                    assertTrue(stepSize > 0);
                    Integer prev = last.put(chain, iteration);
                    assertEquals(prev == null ? -1 : prev, iteration - 1, "in order per chain");
                });
        assertEquals(60, warmup.get());
        assertEquals(40, sampling.get());
        assertEquals(20, r.numDraws());
        assertEquals(50, r.traces().get(0).numIterations());
    }

    @Test
    void thinningKeepsEveryKthDraw() {
        McmcConfig config = McmcConfig.builder().numWarmup(50).numSamples(10).numChains(1).thinning(3).seed(2)
                .build();
        assertEquals(4, config.numDraws());
        McmcResult thinned = runGaussian(config);
        McmcResult full = runGaussian(config.toBuilder().thinning(1).build());
        assertEquals(4, thinned.numDraws());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(full.draws(0)[3 * i], thinned.draws(0)[i], 0.0);
        }
    }

    @Test
    void divergencesAreCountedNotThrown() {
        McmcConfig config = McmcConfig.builder().numWarmup(100).numSamples(300).numChains(2).seed(3)
                .adaptStepSize(false).findInitialStepSize(false).initialStepSize(0.9).build();
        McmcResult r = new Mcmc(config).run(chain -> new HmcTest.TruncatedNormal(), new double[][] {{0.0}, {0.5}},
                McmcListener.NONE);
        assertTrue(r.totalDivergences() > 0, r.toString());
        for (double[] chain : r.coordinate(0)) {
            for (double v : chain) {
                assertTrue(v < 1);
            }
        }
        assertTrue(r.toString().contains("divergences="));
    }

    @Test
    void resultAccessorsReturnCopies() {
        McmcResult r = runGaussian(McmcConfig.builder().numWarmup(20).numSamples(5).numChains(1).seed(4).build());
        double before = r.draws(0)[0][0];
        r.draws(0)[0][0] = 99;
        r.allDraws()[0][0][0] = 99;
        r.statistics().get(0).inverseMassMatrix()[0] = 99;
        assertEquals(before, r.draws(0)[0][0], 0.0);
        assertTrue(r.statistics().get(0).inverseMassMatrix()[0] != 99);
    }

    @Test
    void preconditions() {
        McmcConfig config = McmcConfig.builder().numChains(2).build();
        Mcmc mcmc = new Mcmc(config);
        LogDensity.Factory f = chain -> GaussianDensity.diagonal(1.0);
        assertThrows(IllegalArgumentException.class, () -> mcmc.run(f, new double[1][1], McmcListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> mcmc.run(f, new double[2][2], McmcListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> mcmc.run(chain -> new HmcTest.TruncatedNormal(),
                new double[][] {{0.0}, {2.0}}, McmcListener.NONE));
        LogDensity nanGradient = new LogDensity() {
            @Override public int dimension() { return 1; }
            @Override public double logDensityAndGradient(double[] t, double[] g) {
                g[0] = Double.NaN;
                return 0.0;
            }
        };
        assertThrows(IllegalArgumentException.class,
                () -> mcmc.run(chain -> nanGradient, new double[2][1], McmcListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Mcmc(null));
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().algorithm(Algorithm.HMC).build());
        assertThrows(IllegalArgumentException.class,
                () -> McmcConfig.builder().algorithm(Algorithm.HMC).numLeapfrogSteps(5).trajectoryLength(1).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().numLeapfrogSteps(5).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().trajectoryLength(1).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().numWarmup(-1).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().numSamples(0).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().numChains(0).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().thinning(0).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().targetAccept(1.0).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().targetAccept(0.0).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().maxTreeDepth(0).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().initialStepSize(-1).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().algorithm(null).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().algorithm(Algorithm.HMC)
                .numLeapfrogSteps(-2).build());
        assertThrows(IllegalArgumentException.class, () -> McmcConfig.builder().algorithm(Algorithm.HMC)
                .trajectoryLength(Double.POSITIVE_INFINITY).build());
    }
}
