package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bnn4j.inference.ConjugateLinearRegression;
import org.bnn4j.inference.FitFailedException;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * SVI on conjugate Bayesian linear regression: the mean-field Gaussian minimising KL(q || p) for a Gaussian
 * posterior N(m, A^-1) has means m and variances 1 / A_ii (Bishop, PRML, section 10.1.2), so the guide's
 * optimum is known in closed form.
 */
class SviConjugateTest {

    private static final FitOptions RAW = FitOptions.defaults().withStandardize(false);

    static SviConfig config(boolean lrt, long seed) {
        return SviConfig.builder().learningRate(2e-2).epochs(3000).particles(32).localReparameterization(lrt)
                .locInitRange(0).initScale(0.1).klSchedule(KlSchedule.constant()).finalLearningRateFraction(1e-3)
                .seed(seed).build();
    }

    @Test
    void meanFieldOptimumMatchesClosedForm() {
        for (boolean lrt : new boolean[] {false, true}) {
            ConjugateLinearRegression lr = new ConjugateLinearRegression(60, 2, 0.5, 1.0, 21);
            MeanFieldPosterior q = (MeanFieldPosterior) new Svi(config(lrt, 5)).fit(lr.model, lr.data, RAW);
            double[] loc = q.loc();
            double[] scale = q.scale();
            for (int j = 0; j < loc.length; j++) {
                double postSd = Math.sqrt(lr.covariance.getEntry(j, j));
                double mfSd = 1.0 / Math.sqrt(lr.precision.getEntry(j, j));
                // Tolerance from the optimiser's last phase: Adam moves a coordinate by at most ~lr per step; in
                // the final e-folding of the decay (~430 epochs at lr <= 5.4e-5) a random walk of such steps spreads
                // by sqrt(430) * 5.4e-5 = 1.1e-3, about 2 % of the posterior and mean-field sds here (~0.065);
                // 5 % also covers what is left of the earlier, larger steps (observed: < 1 %). K = 32 particles keep
                // the gradient noise (and hence Adam's stationary jitter) small. For a linear model the local
                // reparameterization is exact, so it must reach the same optimum.
                assertEquals(lr.mean[j], loc[j], 0.05 * postSd, "mean " + j + " lrt=" + lrt);
                assertEquals(1.0, scale[j] / mfSd, 0.05, "scale " + j + " lrt=" + lrt);
            }
        }
    }

    @Test
    void sameSeedIsBitIdentical() {
        ConjugateLinearRegression lr = new ConjugateLinearRegression(40, 1, 0.5, 1.0, 3);
        SviConfig c = SviConfig.builder().epochs(30).batchSize(16).particles(2).seed(9).build();
        MeanFieldPosterior a = (MeanFieldPosterior) new Svi(c).fit(lr.model, lr.data);
        MeanFieldPosterior b = (MeanFieldPosterior) new Svi(c).fit(lr.model, lr.data);
        assertArrayEquals(a.loc(), b.loc(), 0.0);
        assertArrayEquals(a.scale(), b.scale(), 0.0);
        assertArrayEquals(((SviDiagnostics) a.diagnostics()).elbo(), ((SviDiagnostics) b.diagnostics()).elbo(), 0.0);
    }

    @Test
    void absurdLearningRateFailsWithRemedy() {
        ConjugateLinearRegression lr = new ConjugateLinearRegression(40, 1, 0.5, 1.0, 3);
        BayesianModel m = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(5).build());
        SviConfig c = SviConfig.builder().learningRate(1e6).epochs(50).maxScale(1e300).build();
        FitFailedException e = assertThrows(FitFailedException.class, () -> new Svi(c).fit(m, lr.data, RAW));
        assertTrue(e.getMessage().contains("epoch") && e.getMessage().contains("lower the learning rate"),
                e.getMessage());
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().learningRate(-1).build());
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().epochs(0).build());
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().batchSize(-1).build());
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().particles(0).build());
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().locInitRange(-1).build());
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().initScale(0).build());
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().maxScale(1e-5).build());
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().finalLearningRateFraction(0).build());
        assertThrows(NullPointerException.class, () -> SviConfig.builder().klSchedule(null).build());
        assertThrows(NullPointerException.class, () -> new Svi(null));
        BayesianModel twoIn = BayesianModel.heteroskedastic(NetworkSpec.builder(2, 1).build());
        ConjugateLinearRegression lr = new ConjugateLinearRegression(10, 1, 0.5, 1.0, 3);
        assertThrows(IllegalArgumentException.class, () -> new Svi(SviConfig.defaults()).fit(twoIn, lr.data));
        assertEquals("svi", new Svi(SviConfig.defaults()).name());
        SviConfig nb = SviConfig.notebook();
        assertEquals(2000, nb.epochs());
        assertEquals(SviConfig.DEFAULT_EPOCHS, SviConfig.defaults().epochs());
        assertEquals(nb, SviConfig.defaults().toBuilder().learningRate(1e-2).epochs(2000).finalLearningRateFraction(1)
                .decayFraction(1).unitSlope(0).build());
        assertTrue(nb.localReparameterization() && nb.particles() == 1 && nb.batchSize() == 0);
        assertEquals(8e-3, nb.locInitRange(), 0.0);
        assertEquals(1e-4, nb.initScale(), 0.0);
        assertEquals(2.0, nb.maxScale(), 0.0);
    }
}
