package org.bnn4j.inference.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.bnn4j.inference.optim.StoppingRule;
import org.junit.jupiter.api.Test;

/** The plateau rule on curves whose plateau is known, and the schedules over the run's actual length. */
class EarlyStopTest {

    private static final int BUDGET = 8000;

    /** Feeds {@code curve} to a run until it ends; @return the run. */
    private static EarlyStop run(StoppingRule rule, IntToDoubleFunction curve) {
        EarlyStop s = new EarlyStop(rule, BUDGET);
        for (int e = 0; e < s.end(); e++) {
            s.observe(e, curve.applyAsDouble(e));
        }
        return s;
    }

    /**
     * A noisy converging curve {@code -50 - 100 exp(-e / 300) + noise(sd 1)}. Without noise the smoothed improvement
     * per window of 200 epochs falls below the tolerance ({@code 1e-3 * 50 = 0.05}) at epoch 2369. The noise of the
     * difference of two window means is {@code sqrt(2 / 200) = 0.1}, twice the tolerance, so a noisy run stops
     * earlier, where the true improvement is a few tenths: over 2000 simulated noise sequences (numpy, the same
     * rule) the stop epoch ranged from 1718 to 2518 (0.1 % and 99.9 % quantiles 1758 and 2484); the bounds 1700 and
     * 2600 hold it, while a rule that ignored the plateau (8000) or the smoothing (stops within tens of epochs of
     * the minimum, 1000) fails.
     */
    @Test
    void stopsOnAConvergedCurveAfterItsPlateau() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] noise = new double[BUDGET];
        for (int i = 0; i < BUDGET; i++) {
            noise[i] = rng.nextGaussian();
        }
        EarlyStop s = run(StoppingRule.plateau(), e -> -50 - 100 * Math.exp(-e / 300.0) + noise[e]);
        assertTrue(s.stopped());
        assertTrue(s.stopEpoch() >= 1700 && s.stopEpoch() <= 2600, "stop epoch " + s.stopEpoch());
        assertEquals(StoppingRule.plateau().endAfterPlateau(s.stopEpoch(), BUDGET), s.end());
        assertEquals(s.stopEpoch() + 1 + (int) Math.ceil((s.stopEpoch() + 1) / 3.0), s.end());
    }

    @Test
    void aFlatCurveStopsNoSoonerThanTheMinimumAndAnImprovingOneNever() {
        StoppingRule r = StoppingRule.plateau(); // minEpochs 1000 > 2 windows
        EarlyStop flat = run(r, e -> -7.0);
        assertEquals(r.minEpochs() - 1, flat.stopEpoch());
        // improves by 0.2 per epoch, 40 per window, always above 1e-3 of its magnitude (< 1700)
        EarlyStop improving = run(r, e -> -1700 + 0.2 * e);
        assertFalse(improving.stopped());
        assertEquals(BUDGET, improving.end());
        EarlyStop off = run(StoppingRule.none(), e -> -7.0);
        assertFalse(off.stopped());
        assertEquals(BUDGET, off.end());
    }

    @Test
    void noPlateauWhenTheBudgetEndsSoonerThanAFinalPhase() {
        // a curve that improves until 7000 then is flat: a final phase of a third from 7000 would pass the budget
        EarlyStop s = run(StoppingRule.plateau(), e -> e < 7000 ? -1700 + 0.2 * e : -300);
        assertFalse(s.stopped());
        assertEquals(BUDGET, s.end());
    }

    /** Validation scores every few epochs (not every epoch) are windowed by epoch, not by count. */
    @Test
    void sparseObservationsAreWindowedByEpoch() {
        StoppingRule r = StoppingRule.plateau().toBuilder().window(100).tolerance(0).minEpochs(0).build();
        EarlyStop s = new EarlyStop(r, BUDGET);
        for (int e = 9; e < s.end(); e += 10) {
            s.observe(e, e < 1000 ? -2 + e / 1000.0 : -1.0);
        }
        // flat from 1000 on: with tolerance 0 the first window pair wholly at -1 (epochs 1000-1199) is the plateau
        assertEquals(1199, s.stopEpoch());
        assertThrows(IllegalArgumentException.class, () -> {
            EarlyStop t = new EarlyStop(r, 100);
            t.observe(5, 1);
            t.observe(5, 1);
        });
    }

    @Test
    void schedulesRunOverTheActualLength() {
        EarlyStop s = run(StoppingRule.plateau(), e -> -7.0);
        int stop = s.stopEpoch();
        int last = s.end() - 1;
        IntToDoubleFunction rate = e -> 5e-3; // a constant budget rate (the budget's decay has not begun)
        assertEquals(5e-3, s.learningRate(stop, rate, 2.5e-4), 0.0);
        assertEquals(2.5e-4, s.learningRate(last, rate, 2.5e-4), 1e-15);
        double mid = s.learningRate((stop + last) / 2, rate, 2.5e-4);
        assertTrue(mid < 5e-3 && mid > 2.5e-4, "mid " + mid);
        // a KL weight still below 1 at the plateau reaches 1 halfway through the final phase and stays there
        IntToDoubleFunction w = e -> 0.5;
        assertEquals(0.5, s.klWeight(stop, w), 0.0);
        assertEquals(1.0, s.klWeight(stop + (last - stop + 1) / 2 + 1, w), 0.0);
        assertEquals(1.0, s.klWeight(last, w), 0.0);
        assertEquals(0.0, s.finalProgress(stop), 0.0);
        assertEquals(1.0, s.finalProgress(last), 0.0);
    }

    @Test
    void badRulesSayWhatToPass() {
        assertThrows(IllegalArgumentException.class, () -> StoppingRule.plateau().toBuilder().window(0).build());
        assertThrows(IllegalArgumentException.class, () -> StoppingRule.plateau().toBuilder().tolerance(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> StoppingRule.plateau().toBuilder().tolerance(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> StoppingRule.plateau().toBuilder().minEpochs(-1).build());
        assertThrows(IllegalArgumentException.class, () -> StoppingRule.plateau().toBuilder().finalPhase(0).build());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStop(StoppingRule.plateau(), 0));
    }
}
