package org.bnn4j.inference.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.robust.TinyFits;
import org.bnn4j.model.BayesianModel;
import org.junit.jupiter.api.Test;

/** Same seed, same ensemble, bit for bit: whatever the thread count, and when members are fitted one by one. */
class EnsembleDeterminismTest {

    private static final Dataset DATA = TinyFits.data(3);
    private static final BayesianModel MODEL = TinyFits.model();

    private static EnsembleConfig config(int threads, long seed) {
        // minibatches of 16, so each member's minibatch order (from its own stream) matters too; spread units and
        // anchors draw from the stream as well
        return EnsembleConfig.builder().members(5).threads(threads).seed(seed).anchored(true).unitSlope(3)
                .optimizer(OptimizerConfig.builder().epochs(30).batchSize(16).build()).build();
    }

    @Test
    void sameSeedIsBitIdenticalWhateverTheThreadCount() {
        String one = TinyFits.predictionDigest(new DeepEnsemble(config(1, 7)).fit(MODEL, DATA), 11);
        for (int threads : new int[] {2, 3, 5, 0}) {
            EnsemblePosterior p = new DeepEnsemble(config(threads, 7)).fit(MODEL, DATA);
            assertEquals(one, TinyFits.predictionDigest(p, 11), threads + " threads");
        }
        // the digest is sensitive: another seed changes it (so the equalities above are not vacuous)
        assertNotEquals(one, TinyFits.predictionDigest(new DeepEnsemble(config(2, 8)).fit(MODEL, DATA), 11));
    }

    @Test
    void membersFittedOneByOneCombineIntoTheSameEnsemble() {
        DeepEnsemble de = new DeepEnsemble(config(2, 7));
        EnsemblePosterior whole = de.fit(MODEL, DATA);
        List<EnsembleMember> members = new ArrayList<>();
        for (int m = 4; m >= 0; m--) { // in another order, as independent tasks would finish
            members.add(de.fitMember(MODEL, DATA, FitOptions.defaults(), m));
        }
        Collections.shuffle(members, new java.util.Random(1));
        EnsemblePosterior combined = de.combine(MODEL, DATA, FitOptions.defaults(), members);
        double[][] a = whole.members();
        double[][] b = combined.members();
        for (int m = 0; m < 5; m++) {
            assertArrayEquals(a[m], b[m], 0.0, "member " + m);
        }
        assertEquals(TinyFits.predictionDigest(whole, 11), TinyFits.predictionDigest(combined, 11));
        assertEquals(whole.diagnostics().summary(), combined.diagnostics().summary());
        assertEquals(whole.standardizer(), combined.standardizer());
    }

    @Test
    void membersDiffer() {
        double[][] m = new DeepEnsemble(config(2, 7)).fit(MODEL, DATA).members();
        for (int i = 1; i < m.length; i++) {
            assertNotEquals(java.util.Arrays.toString(m[0]), java.util.Arrays.toString(m[i]));
        }
    }
}
