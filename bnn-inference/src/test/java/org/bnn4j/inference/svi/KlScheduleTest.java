package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KlScheduleTest {

    @Test
    void notebookScheduleHitsItsBoundariesExactly() {
        KlSchedule s = KlSchedule.notebook();
        int e = 2000;
        assertEquals(100, s.warmupEnd(e));
        assertEquals(1900, s.rampEnd(e));
        assertEquals(KlSchedule.DEFAULT_WARMUP_WEIGHT, s.weight(0, e), 0.0);
        assertEquals(KlSchedule.DEFAULT_WARMUP_WEIGHT, s.weight(100, e), 0.0);
        assertTrue(s.weight(101, e) > KlSchedule.DEFAULT_WARMUP_WEIGHT);
        assertTrue(s.weight(1899, e) < 1.0);
        assertEquals(1.0, s.weight(1900, e), 0.0);
        assertEquals(1.0, s.weight(1999, e), 0.0);
        // midpoint of the ramp: exactly halfway between the warm-up weight and 1
        double w0 = KlSchedule.DEFAULT_WARMUP_WEIGHT;
        assertEquals(w0 + (1 - w0) * 0.5, s.weight(1000, e), 1e-15);
        for (int i = 1; i < e; i++) {
            assertTrue(s.weight(i, e) >= s.weight(i - 1, e), "monotone at " + i);
        }
    }

    @Test
    void constantIsOne() {
        for (int i = 0; i < 10; i++) {
            assertEquals(1.0, KlSchedule.constant().weight(i, 10), 0.0);
        }
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> new KlSchedule(-0.1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new KlSchedule(0.6, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new KlSchedule(0.1, 0.1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> KlSchedule.notebook().weight(10, 10));
        assertThrows(IllegalArgumentException.class, () -> KlSchedule.notebook().weight(-1, 10));
    }
}
