package org.bnn4j.nn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.nn.ScaleTransform;
import org.junit.jupiter.api.Test;

/** The array form {@link FastSoftplus} against the scalar {@link ScaleTransform.Softplus}. */
class FastSoftplusTest {

    /**
     * Error budget: {@code exp(-a/256)} from its series is within ~1 ulp; eight squarings multiply a relative error by
     * 256, so {@code e = exp(-a)} is within ~256 ulps (5.7e-14); {@code log1p(e)} and the sigmoid inherit at most that
     * relative error (their condition number in {@code e} is below 1), plus a few ulps of their own; the scalar
     * reference is within a few ulps. 2e-13 relative therefore holds on a correct version (measured 2e-14) and
     * catches a wrong coefficient or branch (a one-term truncation error of the atanh series alone is 1e-16 / s^2
     * relative at the top of the range, a misplaced ln 2 is order 1).
     */
    @Test
    void agreesWithTheScalarFormsToTwoTenthsOfAPicoRelative() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 100_000;
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            raw[i] = switch (i % 4) {
                case 0 -> 10 * r.nextGaussian();
                case 1 -> (r.nextDouble() - 0.5) * 90; // across +-RANGE
                case 2 -> Math.copySign(Math.pow(10, -300 * r.nextDouble()), r.nextDouble() - 0.5); // tiny
                default -> Math.log(Math.sqrt(2) - 1) + 1e-6 * r.nextGaussian(); // where log1p switches form
            };
        }
        double offset = 1e-3;
        double[] out = new double[n];
        double[] deriv = new double[n];
        FastSoftplus.apply(raw, out, deriv, offset, 0, n);
        for (int i = 0; i < n; i++) {
            double wantS = ScaleTransform.Softplus.softplus(raw[i]) + offset;
            double wantD = ScaleTransform.Softplus.sigmoid(raw[i]);
            assertEquals(wantS, out[i], 2e-13 * wantS, "softplus(" + raw[i] + ")");
            assertEquals(wantD, deriv[i], 2e-13 * wantD, "sigmoid(" + raw[i] + ")");
        }
    }

    /** Relative accuracy holds without an offset too, down to softplus(-40) ~ 4e-18 (no cancellation for tiny e). */
    @Test
    void keepsRelativeAccuracyForVeryNegativeInputs() {
        double[] raw = {-39.9, -30, -20, -5, -1e-9, 0.0, -0.0, 1e-9, 5, 39.9};
        double[] out = new double[raw.length];
        double[] deriv = new double[raw.length];
        FastSoftplus.apply(raw, out, deriv, 0.0, 0, raw.length);
        for (int i = 0; i < raw.length; i++) {
            double want = ScaleTransform.Softplus.softplus(raw[i]);
            assertEquals(want, out[i], 2e-13 * want, "softplus(" + raw[i] + ")");
        }
        assertEquals(0.5, deriv[5], 0.0);
        assertEquals(0.5, deriv[6], 0.0);
    }

    /** Outside the series' range, and for non-finite input, the scalar formulas give the result. */
    @Test
    void outOfRangeAndNonFiniteInputsFollowTheScalarForms() {
        double[] raw = {-745, -41, 41, 800, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        double[] out = new double[raw.length];
        double[] deriv = new double[raw.length];
        FastSoftplus.apply(raw, out, deriv, 1e-3, 0, raw.length);
        for (int i = 0; i < raw.length; i++) {
            assertEquals(ScaleTransform.Softplus.softplus(raw[i]) + 1e-3, out[i], 0.0, "softplus(" + raw[i] + ")");
            assertEquals(ScaleTransform.Softplus.sigmoid(raw[i]), deriv[i], 0.0, "sigmoid(" + raw[i] + ")");
        }
        assertTrue(Double.isNaN(out[6]));
    }

    /** Only [from, to) is written. */
    @Test
    void writesOnlyTheGivenRange() {
        double[] raw = {1, 2, 3, 4};
        double[] out = {-1, -1, -1, -1};
        double[] deriv = {-1, -1, -1, -1};
        FastSoftplus.apply(raw, out, deriv, 0.0, 1, 3);
        assertEquals(-1, out[0], 0.0);
        assertEquals(-1, out[3], 0.0);
        assertEquals(-1, deriv[0], 0.0);
        assertEquals(-1, deriv[3], 0.0);
        assertEquals(ScaleTransform.Softplus.softplus(2), out[1], 1e-15);
    }
}
