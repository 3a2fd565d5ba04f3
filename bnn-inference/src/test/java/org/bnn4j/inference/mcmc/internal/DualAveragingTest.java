package org.bnn4j.inference.mcmc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DualAveragingTest {

    @Test
    void iteratesMatchHandComputation() {
        // Algorithm 5 of Hoffman & Gelman (2014), eps0 = 1, mu = log 10, delta = 0.8:
        // m=1, alpha=0.5: Hbar = 0.3/11 = 0.0272727..., log eps = log10 - 20*Hbar = 1.7571305...,
        //                 w = 1, log epsbar = 1.7571305...
        // m=2, alpha=1.0: Hbar = (11/12)(0.3/11) - 0.2/12 = 0.0083333..., log eps = log10 - sqrt(2)*20*Hbar
        //                 = 2.0668828..., w = 2^-0.75, log epsbar = w*2.0668828 + (1-w)*1.7571305 = 1.9413104...
        // m=3, alpha=0.9: Hbar = (12/13)(1/120) - 0.1/13 = 0, log eps = log 10,
        //                 log epsbar = 3^-0.75 log10 + (1 - 3^-0.75) 1.9413104 = 2.0997985...
        DualAveraging da = DualAveraging.start(1.0);
        assertEquals(Math.log(10.0), da.mu(), 1e-15);
        da = da.update(0.5, 0.8);
        assertEquals(0.3 / 11, da.hBar(), 1e-15);
        assertEquals(1.7571305475395005, da.logStepSize(), 1e-12);
        assertEquals(1.7571305475395005, da.logStepSizeBar(), 1e-12);
        da = da.update(1.0, 0.8);
        assertEquals(1.0 / 120, da.hBar(), 1e-15);
        assertEquals(2.06688283259853, da.logStepSize(), 1e-12);
        assertEquals(1.9413103581797748, da.logStepSizeBar(), 1e-12);
        da = da.update(0.9, 0.8);
        assertEquals(0.0, da.hBar(), 1e-15);
        assertEquals(Math.log(10.0), da.logStepSize(), 1e-12);
        assertEquals(2.0997984548548962, da.logStepSizeBar(), 1e-12);
        assertEquals(Math.exp(2.0997984548548962), da.finalStepSize(), 1e-10);
        assertEquals(3, da.iteration());
    }

    @Test
    void acceptStatAboveOneIsClippedAndNanCountsAsZero() {
        DualAveraging a = DualAveraging.start(0.5).update(1.0, 0.8);
        DualAveraging b = DualAveraging.start(0.5).update(7.0, 0.8);
        assertEquals(a, b);
        DualAveraging c = DualAveraging.start(0.5).update(0.0, 0.8);
        DualAveraging d = DualAveraging.start(0.5).update(Double.NaN, 0.8);
        assertEquals(c, d);
    }

    @Test
    void convergesToStepSizeThatHitsTarget() {
        // Synthetic acceptance curve alpha(eps) = exp(-eps): the target 0.8 is hit at eps* = -log 0.8.
        // The averaged iterate converges to eps*; after 5000 noise-free updates the remaining bias decays
        // like 1/m^(1-kappa) relative terms, well under 1%.
        DualAveraging da = DualAveraging.start(1.0);
        for (int i = 0; i < 5000; i++) {
            da = da.update(Math.exp(-da.stepSize()), 0.8);
        }
        assertEquals(-Math.log(0.8), da.finalStepSize(), 0.01 * -Math.log(0.8));
    }

    @Test
    void preconditions() {
        assertThrows(IllegalArgumentException.class, () -> DualAveraging.start(0.0));
        assertThrows(IllegalArgumentException.class, () -> DualAveraging.start(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> DualAveraging.start(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new DualAveraging(0, 0, 10, 0.75, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DualAveraging(0, 0.05, -1, 0.75, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DualAveraging(0, 0.05, 10, 0.5, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DualAveraging(0, 0.05, 10, 0.75, -1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new DualAveraging(Double.NaN, 0.05, 10, 0.75, 0, 0, 0, 0));
    }
}
