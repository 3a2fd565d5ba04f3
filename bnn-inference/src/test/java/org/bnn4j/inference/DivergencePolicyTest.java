package org.bnn4j.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.MaximumLikelihood;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One policy when a fit diverges (user guide, "When a fit diverges"): every optimiser stops at the first non-finite
 * loss or parameter and throws {@link FitFailedException}, never returning a half-done result, and the exception
 * carries the posterior of the last usable iterate when there was one.
 */
class DivergencePolicyTest {

    private static final FitOptions RAW = FitOptions.defaults().withStandardize(false);

    private static BayesianModel net() {
        return BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(5).build());
    }

    /** A learning rate of 1e6 with an unbounded guide scale: with this seed the ELBO is finite for three epochs. */
    @Test
    void sviThrowsAndCarriesTheGuideOfTheLastFiniteEpoch() {
        ConjugateLinearRegression lr = new ConjugateLinearRegression(40, 1, 0.5, 1.0, 3);
        SviConfig c = SviConfig.builder().learningRate(1e6).epochs(50).maxScale(1e300).build();
        FitFailedException e = assertThrows(FitFailedException.class, () -> new Svi(c).fit(net(), lr.data, RAW));
        assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
        assertTrue(e.getMessage().contains("at epoch 3 "), "the fourth epoch diverges: " + e.getMessage());
        Posterior last = e.lastFinite().orElseThrow(() -> new AssertionError("no last finite guide: " + e));
        assertFinitePredictions(last);
        assertEquals(3, ((org.bnn4j.inference.svi.SviDiagnostics) last.diagnostics()).elbo().length,
                "the kept guide is the one after epoch 2, with its three epochs of trace");
        assertTrue(e.getMessage().contains("FitFailedException.lastFinite()"), e.getMessage());
    }

    /**
     * MAP and MLE with the largest learning rate: Adam's first step moves every weight by about 1.8e308, so the
     * objective of the first iterate is already infinite and there is no finite iterate to keep.
     */
    @Test
    void mapAndMleThrowWithoutAResultWhenNoIterateWasFinite() {
        ConjugateLinearRegression lr = new ConjugateLinearRegression(40, 1, 0.5, 1.0, 3);
        OptimizerConfig c = OptimizerConfig.builder().learningRate(Double.MAX_VALUE).epochs(20).build();
        for (InferenceMethod m : new InferenceMethod[] {new MaximumAPosteriori(c), new MaximumLikelihood(c)}) {
            FitFailedException e = assertThrows(FitFailedException.class, () -> m.fit(net(), lr.data, RAW));
            assertTrue(e.getMessage().startsWith(m.name() + " loss became") && e.getMessage().contains("epoch 0")
                    && e.getMessage().contains("lower the learning rate"), e.getMessage());
            assertTrue(e.lastFinite().isEmpty(), "no finite iterate, no result: " + e.getMessage());
        }
    }

    private static void assertFinitePredictions(Posterior p) {
        PredictiveDistribution d = p.predict(Nd4j.createFromArray(new double[][] {{-1}, {0}, {1}}), 10,
                new SplittableRandom(1));
        for (double v : d.mean().toDoubleVector()) {
            assertTrue(Double.isFinite(v), "finite predictive mean of the kept iterate");
        }
    }
}
