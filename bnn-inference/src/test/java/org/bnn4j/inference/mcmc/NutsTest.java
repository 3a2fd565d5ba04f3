package org.bnn4j.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NutsTest {

    @Test
    void invariantForCorrelatedGaussianWithFixedStepSize() {
        // Without adaptation NUTS is an exact MCMC kernel: moments of a correlated Gaussian (sds 1 and 2,
        // correlation 0.9) must match within Monte Carlo error.
        GaussianDensity target = GaussianDensity.bivariate(1.0, 2.0, 0.9);
        Nuts nuts = new Nuts(target, 10);
        SplittableRandom rng = new SplittableRandom(8);
        ChainState s = ChainState.at(new double[] {0.5, -0.5}, target);
        int n = 8000;
        double[][] x0 = new double[1][n];
        double[][] x1 = new double[1][n];
        for (int i = 0; i < n; i++) {
            Transition t = nuts.step(s, 0.25, new double[] {1.0, 1.0}, rng);
            s = t.state();
            x0[0][i] = s.position()[0];
            x1[0][i] = s.position()[1];
            assertTrue(t.acceptStat() >= 0 && t.acceptStat() <= 1);
            assertTrue(t.numLeapfrogSteps() >= (1 << t.treeDepth()) - 1
                    && t.numLeapfrogSteps() <= (1 << (t.treeDepth() + 1)) - 1);
        }
        checkMoments(x0, 1.0);
        checkMoments(x1, 2.0);
    }

    /** Log of a Gamma(2, 1) variable: density exp(2x - e^x); mean digamma(2), variance trigamma(2). */
    static final class LogGamma implements LogDensity {
        static final double MEAN = 1 - 0.5772156649015329; // digamma(2) = 1 - Euler's gamma
        static final double VARIANCE = Math.PI * Math.PI / 6 - 1; // trigamma(2)

        @Override public int dimension() { return 1; }
        @Override public double logDensityAndGradient(double[] t, double[] g) {
            double e = Math.exp(t[0]);
            g[0] = 2 - e;
            return 2 * t[0] - e;
        }
    }

    @Test
    void invariantForSkewedTarget() {
        // A skewed target catches biased trajectory sampling that symmetric Gaussians hide.
        LogGamma target = new LogGamma();
        Nuts nuts = new Nuts(target, 10);
        SplittableRandom rng = new SplittableRandom(10);
        ChainState s = ChainState.at(new double[] {0.0}, target);
        int n = 20000;
        double[][] x = new double[1][n];
        double[][] sq = new double[1][n];
        for (int i = 0; i < n; i++) {
            s = nuts.step(s, 0.8, new double[] {1.0}, rng).state();
            x[0][i] = s.position()[0];
        }
        double mean = java.util.Arrays.stream(x[0]).average().orElseThrow();
        for (int i = 0; i < n; i++) {
            sq[0][i] = (x[0][i] - LogGamma.MEAN) * (x[0][i] - LogGamma.MEAN);
        }
        double var = java.util.Arrays.stream(sq[0]).average().orElseThrow();
        double sd = Math.sqrt(LogGamma.VARIANCE);
        // 4 MCSE for the mean (sd / sqrt(ESS)) and for E[(x - m)^2] (its own sd / sqrt(its ESS)).
        assertEquals(LogGamma.MEAN, mean, 4 * sd / Math.sqrt(ConvergenceDiagnostics.meanEss(x)));
        double sqSd = Math.sqrt(java.util.Arrays.stream(sq[0]).map(v -> (v - var) * (v - var)).average().orElseThrow());
        assertEquals(LogGamma.VARIANCE, var, 4 * sqSd / Math.sqrt(ConvergenceDiagnostics.meanEss(sq)));
    }

    static void checkMoments(double[][] x, double sd) {
        int n = x[0].length;
        double mean = 0;
        double var = 0;
        for (double v : x[0]) {
            mean += v / n;
        }
        for (double v : x[0]) {
            var += (v - mean) * (v - mean) / (n - 1);
        }
        double ess = ConvergenceDiagnostics.meanEss(x);
        // MCSE of a mean = sd / sqrt(ESS); 4 MCSE. The sd estimate of a Gaussian has relative standard error
        // ~ 1 / sqrt(2 ESS); ESS > 800 makes that <= 2.5%, so 10% is >= 4 standard errors.
        assertTrue(ess > 800, "ESS=" + ess);
        assertEquals(0.0, mean, 4 * sd / Math.sqrt(ess), "mean, ESS=" + ess);
        assertEquals(sd, Math.sqrt(var), 0.1 * sd, "sd, ESS=" + ess);
    }

    @Test
    void tinyStepSizeRunsToMaxTreeDepth() {
        // With eps = 1e-3 no U-turn happens within 2^3 steps: the tree reaches depth 3 with 7 steps.
        GaussianDensity target = GaussianDensity.diagonal(1.0, 1.0);
        Nuts nuts = new Nuts(target, 3);
        Transition t = nuts.step(ChainState.at(new double[] {1, 1}, target), 1e-3, new double[] {1, 1},
                new SplittableRandom(3));
        assertEquals(3, t.treeDepth());
        assertEquals(7, t.numLeapfrogSteps());
        assertEquals(8, target.evaluations, "one evaluation at the start and one per leapfrog step");
        assertTrue(t.acceptStat() > 0.99);
    }

    @Test
    void largeStepSizeStopsEarly() {
        // On N(0,1) the flow has period 2 pi; with eps = 1 half a period is ~3 steps, so the U-turn criterion
        // must stop the tree at depth <= 3, far below the maximum of 10.
        GaussianDensity target = GaussianDensity.diagonal(1.0);
        Nuts nuts = new Nuts(target, 10);
        SplittableRandom rng = new SplittableRandom(4);
        ChainState s = ChainState.at(new double[] {0.3}, target);
        for (int i = 0; i < 100; i++) {
            Transition t = nuts.step(s, 1.0, new double[] {1.0}, rng);
            assertTrue(t.treeDepth() <= 3, "depth " + t.treeDepth());
            s = t.state();
        }
    }

    @Test
    void divergenceIsReportedNotThrown() {
        HmcTest.TruncatedNormal target = new HmcTest.TruncatedNormal();
        Nuts nuts = new Nuts(target, 10);
        SplittableRandom rng = new SplittableRandom(9);
        ChainState s = ChainState.at(new double[] {0.5}, target);
        int divergent = 0;
        for (int i = 0; i < 200; i++) {
            Transition t = nuts.step(s, 0.3, new double[] {1.0}, rng);
            divergent += t.divergent() ? 1 : 0;
            s = t.state();
            assertTrue(s.position()[0] < 1 && Double.isFinite(s.logDensity()));
            assertTrue(t.acceptStat() >= 0 && t.acceptStat() <= 1);
        }
        assertTrue(divergent > 0);
    }

    @Test
    void noUTurnCriterion() {
        assertTrue(Nuts.noUTurn(new double[] {1, 0}, new double[] {1, 0.5}, new double[] {2, 0}, new double[] {1, 1}));
        assertTrue(!Nuts.noUTurn(new double[] {-1, 0}, new double[] {1, 0}, new double[] {2, 0}, new double[] {1, 1}));
        // the checks use the sharp momenta M^-1 p: (1, -1) . (1, 1) = 0 (a U-turn) with M^-1 = I, 1 with diag(2, 1)
        double[] p = {1, -1};
        double[] rho = {1, 1};
        assertTrue(!Nuts.noUTurn(p, p, rho, new double[] {1, 1}));
        assertTrue(Nuts.noUTurn(p, p, rho, new double[] {2, 1}));
        assertTrue(Nuts.noUTurnOfSum(p, p, new double[] {0.5, 0.5}, new double[] {0.5, 0.5}, new double[] {2, 1}));
        assertEquals(Math.log(3), Nuts.logSumExp(Math.log(1), Math.log(2)), 1e-15);
        assertEquals(0.5, Nuts.logSumExp(Double.NEGATIVE_INFINITY, 0.5), 0.0);
    }

    @Test
    void preconditions() {
        GaussianDensity target = GaussianDensity.diagonal(1.0);
        assertThrows(IllegalArgumentException.class, () -> new Nuts(target, 0));
        assertThrows(IllegalArgumentException.class, () -> new Nuts(target, 31));
    }
}
