package org.bnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused kernel's clamped one-exp tanh against {@link StrictMath#tanh}. */
class FusedTanhTest {

    /**
     * Absolute error bound: e = exp(-2c) carries ~1 ulp of relative error, which (1 - e) / (1 + e) turns into at most
     * ~2 ulp(1) = 4.4e-16 absolute error plus the rounding of the division; 5e-16 leaves no room for a wrong formula
     * (a dropped factor of 2 or a sign error gives errors of order 0.1).
     */
    private static final double ABS_TOL = 5e-16;

    @Test
    void matchesStrictTanhOverTheRange() {
        SplittableRandom rng = new SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double z = (2 * rng.nextDouble() - 1) * (i % 2 == 0 ? 2.0 : 40.0);
            worst = Math.max(worst, Math.abs(FusedCpuKernel.tanh(z) - StrictMath.tanh(z)));
        }
        assertTrue(worst <= ABS_TOL, "worst absolute error " + worst);
    }

    @Test
    void saturatesExactlyAndPropagatesNaN() {
        // beyond the clamp tanh is exactly +-1 in float64, as StrictMath.tanh gives
        for (double z : new double[] {19.5, 20.0, 25.0, 710.0, 1e300, Double.POSITIVE_INFINITY}) {
            assertEquals(StrictMath.tanh(z), FusedCpuKernel.tanh(z), 0.0, "z=" + z);
            assertEquals(StrictMath.tanh(-z), FusedCpuKernel.tanh(-z), 0.0, "z=" + -z);
        }
        assertEquals(0.0, FusedCpuKernel.tanh(0.0), 0.0);
        assertTrue(Double.isNaN(FusedCpuKernel.tanh(Double.NaN)));
    }
}
