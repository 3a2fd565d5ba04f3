package org.bnn4j.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.McmcInference.McmcDiagnostics;
import org.bnn4j.inference.SamplePosterior.PredictiveConvergence;
import org.bnn4j.inference.mcmc.ChainStatistics;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.robust.TinyFits;
import org.bnn4j.model.BayesianModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class McmcInferenceTest {

    private static final BayesianModel MODEL = TinyFits.model();
    private static final Dataset DATA = TinyFits.data(3);

    /** Far too short to converge: 2 chains of 12 + 12 iterations with trees of at most 2 doublings. */
    private static McmcConfig tooShort() {
        return McmcConfig.builder().numWarmup(12).numSamples(12).numChains(2).maxTreeDepth(2).seed(4).build();
    }

    @Test
    void fitIsTypedAndChecksConvergenceAtTheTrainingInputs() {
        SamplePosterior p = new McmcInference(tooShort()).fit(MODEL, DATA); // no cast
        McmcDiagnostics d = assertInstanceOf(McmcDiagnostics.class, p.diagnostics());
        PredictiveConvergence c = d.convergence();
        // 60 training rows (<= 100): every row, one output each
        assertEquals(TinyFits.N, c.numQuantities());
        // the same numbers as asking the posterior at the training inputs (in original units) afterwards
        PredictiveConvergence again = p.convergence(Nd4j.create(DATA.xArray(), new long[] {TinyFits.N, 2},
                DataType.DOUBLE));
        assertEquals(again, c);
        assertEquals(c.rhatMax(), (double) d.summary().get("trainRhatMax"), 0.0);
        assertEquals(c.essMin(), (double) d.summary().get("trainEssMin"), 0.0);

        // 24 draws cannot reach the thresholds: bulk ESS is at most S log10(S) ~ 33 for S = 24 draws (Vehtari et
        // al. 2021), below 100 per chain; and every tree of 2 doublings reaches the limit on this posterior
        assertTrue(c.essMin() < 200, c.toString());
        List<String> w = d.warnings();
        assertTrue(w.stream().anyMatch(s -> s.startsWith("bulk ESS of the predictive means")), w.toString());
        assertEquals(c.rhatMax() > 1.01, w.stream().anyMatch(s -> s.startsWith("split R-hat")), w.toString());
        int hits = d.maxTreeDepthHits();
        assertTrue(hits > 0, d.chains().toString());
        assertTrue(w.stream().anyMatch(s -> s.startsWith(hits + " of 24 sampling iterations")), w.toString());
        assertEquals((double) hits / 24, (double) d.summary().get("maxTreeDepthFraction"), 0.0);
    }

    @Test
    void tooFewDrawsAreReportedAsNotChecked() {
        SamplePosterior p = new McmcInference(tooShort().toBuilder().numSamples(3).build()).fit(MODEL, DATA);
        McmcDiagnostics d = (McmcDiagnostics) p.diagnostics();
        assertEquals(PredictiveConvergence.NOT_CHECKED, d.convergence());
        assertTrue(d.warnings().get(0).startsWith("convergence not checked"), d.warnings().toString());
        assertFalse(d.summary().containsKey("trainRhatMax"));
    }

    private static ChainStatistics chain(int divergences, int hits) {
        return new ChainStatistics(0, 500, 0.85, divergences, 0, 0.1, 5.0, 10, hits, 40.0, new double[] {1, 1});
    }

    private static List<String> warnings(double rhat, double ess, int divergences, int hits) {
        return new McmcDiagnostics(List.of(chain(divergences, hits), chain(0, 0)), 1000,
                new PredictiveConvergence(rhat, ess, 50)).warnings();
    }

    @Test
    void warningRules() {
        // two chains: bulk ESS needs >= 200; R-hat <= 1.01 (Vehtari et al. 2021); thresholds themselves pass
        assertEquals(List.of(), warnings(1.01, 200, 0, 0));
        assertEquals(1, warnings(1.0101, 200, 0, 0).size());
        assertTrue(warnings(1.0101, 200, 0, 0).get(0).contains("R-hat"));
        assertTrue(warnings(1.0, 199.9, 0, 0).get(0).contains("below 100 per chain, 200 for 2 chains"));
        assertEquals(2, warnings(Double.NaN, Double.NaN, 0, 0).size(), "an undefined R-hat or ESS is not a pass");
        assertEquals(List.of("3 divergent transitions in 1000 sampling iterations: the sampler missed part of the "
                + "posterior; raise the target acceptance (targetAccept, e.g. 0.9)"), warnings(1.0, 500, 3, 0));
        assertEquals(List.of("5 of 1000 sampling iterations (0.5%) reached the maximum tree depth 10: trajectories "
                + "were cut short and the chains move slowly; raise the maximum tree depth"), warnings(1.0, 500, 0, 5));
    }

    @Test
    void mapStartsUseTheOptimizerSeedCombinedWithEachChain() {
        McmcConfig config = McmcConfig.builder().numWarmup(4).numSamples(4).numChains(2).maxTreeDepth(2).seed(4)
                .build();
        OptimizerConfig o = OptimizerConfig.builder().epochs(20).build();
        McmcInitialization init = McmcInitialization.map(o);
        assertEquals(o.seed() ^ 77L, init.chainOptimizer(77L).seed());
        assertEquals(o.epochs(), init.chainOptimizer(77L).epochs());
        double[][][] a = new McmcInference(config, init).fit(MODEL, DATA).chains();
        double[][][] b = new McmcInference(config, init).fit(MODEL, DATA).chains();
        OptimizerConfig seeded = OptimizerConfig.builder().epochs(20).seed(1).build();
        double[][][] c = new McmcInference(config, McmcInitialization.map(seeded)).fit(MODEL, DATA).chains();
        assertArrayEquals(a[0][0], b[0][0], 0.0);
        assertArrayEquals(a[1][3], b[1][3], 0.0);
        assertFalse(a[0][0][0] == c[0][0][0], "the optimiser's seed changes the MAP starts");
        assertFalse(a[0][0][0] == a[1][0][0], "each chain has its own MAP fit");
        assertThrows(IllegalStateException.class, () -> McmcInitialization.networkDefault().chainOptimizer(1L));
    }
}
