package org.bnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The stable softplus of {@link ScaleTransform.Softplus} and its fast {@code log1p}. */
class SoftplusTest {

    /**
     * Kahan's {@code log(u) e / (u - 1)} against {@code StrictMath.log1p} on [0, 1] (uniform and log-uniform down to
     * 1e-300): the method is accurate to a few ulps (Kahan; Goldberg, "What every computer scientist should know
     * about floating-point arithmetic", 1991, Theorem 4, bound 5 eps), so 8 ulps cannot fail on a correct version
     * and would catch a plain {@code Math.log(1 + e)} (off by up to 1e-16 / e relative).
     */
    @Test
    void log1pIsAccurateToAFewUlps() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            double e = i % 2 == 0 ? r.nextDouble() : Math.pow(10, -300 * r.nextDouble());
            double want = StrictMath.log1p(e);
            double got = ScaleTransform.Softplus.log1p(e);
            assertTrue(Math.abs(got - want) <= 8 * Math.ulp(want), "log1p(" + e + ") = " + got + ", want " + want);
        }
        assertEquals(0.0, ScaleTransform.Softplus.log1p(0.0), 0.0);
        assertEquals(StrictMath.log1p(1.0), ScaleTransform.Softplus.log1p(1.0), 2 * Math.ulp(0.69));
    }

    /** softplus(r) = max(r, 0) + log1p(exp(-|r|)), finite for every finite r (no overflow above ~709). */
    @Test
    void softplusMatchesTheStrictFormulaAndNeverOverflows() {
        for (double x = -745; x <= 1e6; x = x < 50 ? x + 0.37 : x * 1.5) {
            double want = Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)));
            double got = ScaleTransform.Softplus.softplus(x);
            assertTrue(Double.isFinite(got), "softplus(" + x + ")");
            // the exp may differ by 1 ulp between Math and StrictMath, plus the log1p's few ulps
            assertEquals(want, got, 8 * Math.ulp(want), "softplus(" + x + ")");
        }
        assertEquals(1e308, ScaleTransform.Softplus.softplus(1e308), 0.0);
    }
}
