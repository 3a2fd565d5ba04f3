package org.bnn4j.inference.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bnn4j.inference.ConjugateLinearRegression;
import org.bnn4j.inference.FitFailedException;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.optim.OptimDiagnostics;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * A member whose loss becomes non-finite is refitted (new initialisation, half the learning rate) and reported, or
 * the fit fails naming it; a half-trained member is never returned. A linear model with a point-estimated log noise
 * scale and an absurd learning rate of 300 diverges for members 1 and 3 of seed 1 (the log noise scale jumps by
 * ~300 per Adam step, so exp overflows) and not for members 0 and 2.
 */
class EnsembleFailureTest {

    private static final ConjugateLinearRegression LR = new ConjugateLinearRegression(30, 1, 0.5, 1.0, 2);
    private static final BayesianModel MODEL = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(1, 1)
            .heteroskedastic(false).build()), new NormalPrior(1.0),
            new HomoskedasticGaussian(new NoiseModel.PointEstimate(1.0)));
    private static final FitOptions RAW = FitOptions.defaults().withStandardize(false);

    private static EnsembleConfig config(int retries) {
        return EnsembleConfig.builder().members(4).maxRetries(retries).seed(1)
                .optimizer(OptimizerConfig.builder().learningRate(300).epochs(50).build()).build();
    }

    @Test
    void divergedMembersAreRefittedAndReported() {
        EnsemblePosterior p = new DeepEnsemble(config(2)).fit(MODEL, LR.data, RAW);
        EnsembleDiagnostics d = (EnsembleDiagnostics) p.diagnostics();
        // the scenario really happens: members 1 and 3 needed a second fit
        assertArrayEquals(new int[] {1, 2, 1, 2}, d.attempts());
        assertEquals(2, d.summary().get("refits"));
        List<String> w = d.warnings();
        assertEquals(2, w.size());
        assertTrue(w.get(0).startsWith("member 1 attempt 1 diverged") && w.get(0).contains("learning rate 150.0"),
                w.get(0));
        assertTrue(w.get(1).startsWith("member 3 attempt 1 diverged"), w.get(1));
        // every kept member ran its full schedule without a non-finite loss
        for (OptimDiagnostics od : d.members()) {
            assertEquals(50, od.lossTrace().length);
            assertTrue(od.warnings().isEmpty());
        }
        assertEquals(4, p.numMembers());
    }

    @Test
    void aMemberThatDivergesEveryTimeFailsTheFit() {
        FitFailedException e = assertThrows(FitFailedException.class,
                () -> new DeepEnsemble(config(0)).fit(MODEL, LR.data, RAW));
        assertTrue(e.getMessage().startsWith("ensemble member 1 diverged in all 1 attempts")
                && e.getMessage().contains("lower the members' learning rate"), e.getMessage());
        // the same member alone, as a distributed task would fit it
        assertThrows(FitFailedException.class, () -> new DeepEnsemble(config(0)).fitMember(MODEL, LR.data, RAW, 3));
    }
}
