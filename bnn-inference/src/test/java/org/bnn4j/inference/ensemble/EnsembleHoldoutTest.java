package org.bnn4j.inference.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.internal.HeldOutRows;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.robust.TinyFits;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/** Members with held-out rows: early stopped, and a learned homoskedastic noise set on rows they did not fit. */
class EnsembleHoldoutTest {

    private static final BayesianModel HOMOSKEDASTIC = new BayesianModel(new FeedForwardNetwork(
            NetworkSpec.builder(2, 1).hidden(8).heteroskedastic(false).build()), new NormalPrior(1.0),
            new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(Math.log(0.1), 1.0, 0.5)));

    @Test
    @SuppressWarnings("unchecked")
    void eachMembersNoiseIsItsHeldOutRootMeanSquaredResidual() {
        Dataset data = TinyFits.data(3);
        EnsembleConfig c = EnsembleConfig.builder().members(3).seed(11).holdout(0.2).checkEvery(20).patience(3)
                .optimizer(OptimizerConfig.builder().epochs(3000).build()).build();
        EnsemblePosterior post = new DeepEnsemble(c).fit(HOMOSKEDASTIC, data);
        Dataset z = Standardizer.fit(data).transform(data);
        int p = HOMOSKEDASTIC.numNetworkParams();
        double[][] members = post.members();
        for (int m = 0; m < 3; m++) {
            // the member's held-out rows, drawn as DeepEnsemble draws them: the first split of the member's stream
            SplittableRandom stream = DeepEnsemble.memberStream(11, m);
            int[][] rows = HeldOutRows.split(data.size(), 0.2, stream.split());
            assertEquals(12, rows[1].length, "round(0.2 * 60)");
            double rms = new HeldOutRows(HOMOSKEDASTIC, z.subset(rows[1])).rmsResidual(members[m]);
            // the same arithmetic on the same rows: equal up to exp(log(.)) rounding
            assertEquals(rms, Math.exp(members[m][p]), 1e-12 * rms, "member " + m);
        }
        // a member stops at a check (every 20 epochs) or at the last epoch, and keeps a checked iterate
        java.util.Map<String, Object> s = post.diagnostics().summary();
        for (int m = 0; m < 3; m++) {
            int run = ((java.util.List<Integer>) s.get("memberEpochs")).get(m);
            int best = ((java.util.List<Integer>) s.get("memberBestEpoch")).get(m);
            assertTrue(run <= 3000 && (run % 20 == 0 || run == 3000), "member " + m + " ran " + run);
            assertTrue((best + 1) % 20 == 0 || best == 2999, "member " + m + " kept epoch " + best);
            assertTrue(best < run);
        }
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> EnsembleConfig.builder().holdout(0.6).build());
        assertThrows(IllegalArgumentException.class, () -> EnsembleConfig.builder().holdout(-0.1).build());
        assertThrows(IllegalArgumentException.class, () -> EnsembleConfig.builder().holdout(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> EnsembleConfig.builder().checkEvery(0).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleConfig.builder().patience(-1).build());
        assertTrue(e.getMessage().contains("pass 0"), e.getMessage());
        EnsembleConfig c = EnsembleConfig.builder().holdout(0.1).checkEvery(7).patience(2).build();
        assertEquals(c, c.toBuilder().build());
        assertEquals(0.0, EnsembleConfig.defaults().holdout(), "members fit all rows unless asked");
    }
}
