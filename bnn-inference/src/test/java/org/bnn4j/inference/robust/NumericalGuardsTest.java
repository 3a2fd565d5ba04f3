package org.bnn4j.inference.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitFailedException;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.McmcInference;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.mcmc.Algorithm;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Large inputs give finite outputs or a clear error; SVI stops at a named epoch; NUTS divergences are counted. */
class NumericalGuardsTest {

    private static final FitOptions RAW = FitOptions.defaults().withStandardize(false);

    /** x up to 1e6 in magnitude, y = 1e-6 x + noise: what a user gets without standardisation. */
    private static Dataset largeX(double yScale) {
        SplittableRandom r = new SplittableRandom(5);
        int n = 50;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (2 * r.nextDouble() - 1) * 1e6;
            y[i] = yScale * (1e-6 * x[i] + 0.1 * r.nextGaussian());
        }
        return Dataset.of(x, y, n, 1, 1);
    }

    private static final INDArray EXTREME_X = Nd4j.create(new double[] {-1e6, -1e3, 0, 1e3, 1e6}, new long[] {5, 1},
            DataType.DOUBLE);

    @Test
    void unstandardisedFitOnInputsUpTo1e6GivesFinitePredictionsOrAClearError() {
        for (Activation a : Activation.values()) {
            BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(8).activation(a).build());
            for (var method : new org.bnn4j.inference.InferenceMethod[] {
                    new MaximumAPosteriori(OptimizerConfig.builder().epochs(50).seed(1).build()),
                    new Svi(SviConfig.defaults().toBuilder().epochs(50).seed(1).build())}) {
                try {
                    Posterior p = method.fit(model, largeX(1), RAW);
                    assertFinite(p.predict(EXTREME_X, 10, new SplittableRandom(1)), a + " " + method.name());
                } catch (FitFailedException e) {
                    assertTrue(e.getMessage().contains("at epoch"), e.getMessage());
                }
            }
        }
    }

    @Test
    void standardisedPosteriorPredictsFinitelyFarOutsideTheData() {
        for (String m : new String[] {"map", "svi", "nuts"}) {
            Posterior p = TinyFits.method(m, 1).fit(TinyFits.model(), TinyFits.data(3));
            INDArray x = Nd4j.create(new double[] {-1e6, 1e6, 1e6, -1e6, 3e5, 0}, new long[] {3, 2}, DataType.DOUBLE);
            assertFinite(p.predict(x, 10, new SplittableRandom(2)), m);
        }
    }

    @Test
    void sviStopsWithTheEpochWhenTheLossOverflows() {
        // y ~ 1e160: the squared standardised residual (1e160 / 1e-3)^2 overflows a double in the first epoch
        BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(4).build());
        Svi svi = new Svi(SviConfig.defaults().toBuilder().epochs(10).seed(1).build());
        FitFailedException e = assertThrows(FitFailedException.class, () -> svi.fit(model, largeX(1e166), RAW));
        assertTrue(e.getMessage().startsWith("svi loss became non-finite at epoch 0"), e.getMessage());
        assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
    }

    @Test
    void nutsCountsDivergencesWithoutCrashing() {
        // no warm-up and a step size of 20 on a BNN posterior: most trajectories blow up (energy error > 1000)
        McmcInference nuts = new McmcInference(McmcConfig.builder().algorithm(Algorithm.NUTS).numWarmup(0)
                .numSamples(20).numChains(2).initialStepSize(20).maxTreeDepth(4).seed(3).build());
        Posterior p = nuts.fit(TinyFits.model(), TinyFits.data(3));
        int divergences = ((Number) p.diagnostics().summary().get("divergences")).intValue();
        assertTrue(divergences > 0, "expected divergences, summary " + p.diagnostics().summary());
        assertEquals(1, p.diagnostics().warnings().stream().filter(w -> w.contains("divergent")).count());
        assertFinite(p.predict(TinyFits.testX(), 40, new SplittableRandom(1)), "nuts");
    }

    private static void assertFinite(PredictiveDistribution pd, String what) {
        for (INDArray a : new INDArray[] {pd.mean(), pd.aleatoricStd(), pd.epistemicStd(), pd.totalStd()}) {
            for (double v : Arrays2.toDoubles(a)) {
                assertTrue(Double.isFinite(v), what + ": non-finite prediction " + v);
            }
        }
    }
}
