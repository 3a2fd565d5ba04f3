package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The learning-rate schedule of {@link SviConfig} and its preconditions. */
class SviConfigTest {

    /** Closed-form values of a cosine schedule; 1e-15 relative is double rounding of a few operations. */
    @Test
    void cosineDecayHoldsThenAnnealsToTheFinalFraction() {
        SviConfig c = SviConfig.builder().learningRate(0.01).epochs(101).finalLearningRateFraction(0.05)
                .decayFraction(0.5).build();
        int start = (int) Math.round(0.5 * 101); // 51: constant up to here
        assertEquals(0.01, c.learningRateAt(0), 0);
        assertEquals(0.01, c.learningRateAt(start), 0);
        double mid = start + (100 - start) / 2.0; // not an integer epoch: check a neighbour against the formula
        int e = (int) mid;
        double t = (e - start) / (double) (100 - start);
        assertEquals(0.01 * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * t))), c.learningRateAt(e), 1e-17);
        assertEquals(0.01 * 0.05, c.learningRateAt(100), 1e-17);
    }

    @Test
    void constantWhenTheFinalFractionIsOne() {
        SviConfig c = SviConfig.builder().epochs(10).decayFraction(0.3).finalLearningRateFraction(1).build();
        for (int e = 0; e < 10; e++) {
            assertEquals(SviConfig.DEFAULT_LEARNING_RATE, c.learningRateAt(e), 0);
        }
    }

    @Test
    void builderStartsFromTheDefaultsAndNotebookIsAPreset() {
        assertEquals(SviConfig.defaults(), SviConfig.builder().build());
        SviConfig nb = SviConfig.notebook();
        assertEquals(SviConfig.NOTEBOOK_LEARNING_RATE, nb.learningRate(), 0);
        assertEquals(SviConfig.NOTEBOOK_EPOCHS, nb.epochs());
        assertEquals(0.0, nb.unitSlope(), 0);
        assertEquals(1.0, nb.decayFraction(), 0);
        assertEquals(nb, nb.toBuilder().build());
        assertEquals(Guide.meanField(), SviConfig.defaults().guide());
    }

    @Test
    void defaultsDecayOverTheLastQuarter() {
        SviConfig d = SviConfig.defaults();
        assertEquals(SviConfig.DEFAULT_EPOCHS, d.epochs());
        assertEquals(d.learningRate(), d.learningRateAt(SviConfig.DEFAULT_EPOCHS * 3 / 4), 0);
        assertEquals(d.learningRate() * SviConfig.DEFAULT_FINAL_LEARNING_RATE_FRACTION,
                d.learningRateAt(SviConfig.DEFAULT_EPOCHS - 1), 1e-17);
        assertEquals(1.0, SviConfig.notebook().finalLearningRateFraction(), 0);
    }

    @Test
    void rejectsDecayFractionOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().decayFraction(0).build());
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().decayFraction(1.5).build());
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().decayFraction(Double.NaN).build());
    }

    @Test
    void rejectsNegativeOrNonFiniteUnitSlope() {
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().unitSlope(-1).build());
        assertThrows(IllegalArgumentException.class, () -> SviConfig.builder().unitSlope(Double.NaN).build());
        assertThrows(IllegalArgumentException.class,
                () -> SviConfig.builder().unitSlope(Double.POSITIVE_INFINITY).build());
        assertEquals(0.0, SviConfig.notebook().unitSlope(), 0); // the notebook: uniform +-8e-3 everywhere
        assertEquals(SviConfig.DEFAULT_UNIT_SLOPE, SviConfig.defaults().unitSlope(), 0);
        assertEquals(SviConfig.DEFAULT_UNIT_SLOPE, SviConfig.defaults().toBuilder().build().unitSlope(), 0);
    }

    @Test
    void autoBatchPlansFullBatchUpTo4096RowsAndStepsBeyond() {
        org.bnn4j.inference.optim.StoppingRule rule = org.bnn4j.inference.optim.StoppingRule.plateau();
        SviConfig auto = SviConfig.builder().batchSize(SviConfig.AUTO_BATCH).epochs(8000).stopping(rule).build();
        assertEquals(new SviConfig.Plan(0, 8000, rule), auto.plan(4096));
        SviConfig.Plan big = auto.plan(8192); // 16 batches of 512 per pass
        assertEquals(512, big.batchSize());
        assertEquals(500, big.epochs());
        assertEquals(13, big.stopping().window()); // ceil(200 / 16)
        assertEquals(63, big.stopping().minEpochs()); // ceil(1000 / 16)
        assertEquals(5, auto.plan(1_000_000).epochs()); // ceil(8000 / 1954)
        assertEquals(1, auto.plan(1_000_000).stopping().window()); // at least one pass
        SviConfig explicit = SviConfig.builder().batchSize(100).epochs(30).build();
        assertEquals(new SviConfig.Plan(100, 30, explicit.stopping()), explicit.plan(8192));
        assertEquals(0, SviConfig.defaults().plan(100_000).batchSize()); // the library default stays full batch
    }
}
