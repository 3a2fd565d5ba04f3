package org.bnn4j.inference.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.robust.TinyFits;
import org.bnn4j.model.BayesianModel;
import org.junit.jupiter.api.Test;

/** PointOptimizer with early stopping keeps the best-scoring checked iterate and stops when patience runs out. */
class EarlyStoppingTest {

    private static final BayesianModel MODEL = TinyFits.model();
    private static final TrainingData TD = new TrainingData(MODEL, TinyFits.data(1), true, 0);

    private static PointOptimizer.Result run(int epochs, EarlyStopping stopping) {
        OptimizerConfig c = OptimizerConfig.builder().epochs(epochs).build();
        double[] start = MODEL.initialParameters(new SplittableRandom(3));
        return PointOptimizer.minimise("map", MODEL, TD, start, LogPrior.of(MODEL), c, new SplittableRandom(4),
                List.of(), 0, stopping);
    }

    @Test
    void keepsTheBestCheckAndStopsAfterPatienceChecksWithoutImprovement() {
        List<double[]> seen = new ArrayList<>();
        // a score that peaks at the fourth check (index 3), whatever the iterate
        EarlyStopping stop = new EarlyStopping(theta -> {
            seen.add(theta.clone());
            int k = seen.size() - 1;
            return 9 - (k - 3.0) * (k - 3.0);
        }, 10, 2);
        PointOptimizer.Result r = run(1000, stop);
        assertEquals(6, seen.size(), "checks 0..3 improve, 4 and 5 do not: patience 2 stops there");
        assertEquals(60, r.diagnostics().lossTrace().length, "6 checks every 10 epochs");
        assertEquals(39, r.diagnostics().bestEpoch(), "the fourth check is after epoch 40 (index 39)");
        assertEquals(9.0, r.score());
        assertArrayEquals(seen.get(3), r.parameters(), 0.0, "the kept iterate is the one scored best");
        assertTrue(!r.diverged());
    }

    @Test
    void zeroPatienceRunsEveryEpochAndAlsoChecksTheLast() {
        List<Integer> calls = new ArrayList<>();
        PointOptimizer.Result r = run(55, new EarlyStopping(theta -> {
            calls.add(calls.size());
            return calls.size(); // improves at every check, so the last is kept
        }, 10, 0));
        assertEquals(55, r.diagnostics().lossTrace().length);
        assertEquals(6, calls.size(), "epochs 10, 20, ..., 50 and the last (55)");
        assertEquals(54, r.diagnostics().bestEpoch());
    }

    @Test
    void withoutStoppingTheScoreIsNaN() {
        assertTrue(Double.isNaN(run(5, null).score()));
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(t -> 0, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EarlyStopping(t -> 0, 5, -1));
        assertTrue(e.getMessage().contains("pass 0"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new EarlyStopping(null, 5, 1));
    }
}
