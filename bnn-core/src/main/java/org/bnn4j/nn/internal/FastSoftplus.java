package org.bnn4j.nn.internal;

import org.bnn4j.nn.ScaleTransform;

/**
 * Softplus and its derivative, the logistic sigmoid, over an array from plain arithmetic that HotSpot's C2 compiler
 * vectorises (the scalar {@link ScaleTransform.Softplus#softplus} costs a {@code Math.exp}, a {@code Math.log} and
 * a division per value, and {@link ScaleTransform.Softplus#sigmoid} another {@code Math.exp}; none of them
 * vectorise). The scale head calls them once per point and gradient: as scalar code they are ~12 % of a log-joint
 * gradient of the cluster network; this form costs a fraction of that (docs/benchmarks.md).
 *
 * <p>Method, for {@code a = |r| <= }{@link #RANGE}: {@code e = exp(-a) = exp(-a / 256)^256} from the degree-10
 * Taylor series (argument at most 0.16 in magnitude, truncation below 4e-17) and eight squarings (relative error at
 * most ~256 ulps, measured below 1e-13); {@code log1p(e) = c ln 2 + 2 atanh(s)} with {@code c = 0, s = e / (2 + e)} for
 * {@code e <= sqrt(2) - 1} and {@code c = 1, s = (e - 1) / (e + 3)} above, so {@code |s| <= 0.172}, from the atanh
 * series to {@code s^21} (truncation below 3e-17 relative); softplus is
 * {@code max(r, 0) + log1p(e)} and the sigmoid {@code 1 / (1 + e)} for {@code r >= 0}, {@code e / (1 + e)} else.
 * Values with {@code |r| > RANGE} (or NaN) are redone with the scalar formulas in a final pass, so every input gets a
 * result as accurate as the scalar one's to within ~1e-13 relative.
 */
public final class FastSoftplus {

    /** Largest |r| handled by the series; beyond it the scalar formulas are used. */
    public static final double RANGE = 40.0;

    private static final double ARG = -1.0 / 256.0;

    private static final double SQRT2_MINUS_1 = 0.41421356237309503;

    private static final double LN2 = 0.6931471805599453;

    private FastSoftplus() {
    }

    /**
     * Writes {@code softplus(raw[i]) + offset} into {@code out[i]} and {@code sigmoid(raw[i])} into {@code deriv[i]}
     * for {@code i} in {@code [from, to)}. The three arrays must be distinct.
     *
     * @param raw    inputs
     * @param out    receives softplus plus offset
     * @param deriv  receives the sigmoid (pass a scratch array if it is not needed)
     * @param offset added to every softplus (the scale floor)
     * @param from   first index
     * @param to     end index (exclusive)
     */
    public static void apply(double[] raw, double[] out, double[] deriv, double offset, int from, int to) {
        // one small loop per stage: C2 unrolls and vectorises a loop only while its body is small (one loop holding
        // the whole log1p polynomial and its division stays scalar, about 7x slower)
        expSeries(raw, deriv, from, to);
        squareEightTimes(deriv, from, to);
        atanhArgument(deriv, out, from, to);
        twiceAtanh(out, from, to);
        addBase(raw, deriv, out, offset, from, to);
        sigmoidFromExp(raw, deriv, from, to);
        // the rare values outside the series' range (and NaN) by the scalar formulas
        for (int i = from; i < to; i++) {
            double r = raw[i];
            if (!(Math.abs(r) <= RANGE)) {
                out[i] = ScaleTransform.Softplus.softplus(r) + offset;
                deriv[i] = ScaleTransform.Softplus.sigmoid(r);
            }
        }
    }

    /** {@code e[i] = exp(-min(|raw[i]|, RANGE) / 256)} from the degree-10 Taylor series of {@code expm1}. */
    private static void expSeries(double[] raw, double[] e, int from, int to) {
        for (int i = from; i < to; i++) {
            e[i] = 1.0 + FastTanh.expm1Taylor(Math.min(Math.abs(raw[i]), RANGE) * ARG);
        }
    }

    /** {@code e[i] = e[i]^256}. */
    private static void squareEightTimes(double[] e, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = e[i];
            v *= v;
            v *= v;
            v *= v;
            v *= v;
            v *= v;
            v *= v;
            v *= v;
            e[i] = v * v;
        }
    }

    /**
     * {@code s[i]} such that {@code log1p(e) = c ln 2 + 2 atanh(s)}: {@code c = 0, s = e / (2 + e)} for
     * {@code e <= sqrt(2) - 1}, else {@code c = 1, s = (e - 1) / (e + 3)} (from {@code (1 + e) / 2}); either way
     * {@code |s| <= 0.1716} and there is no cancellation for tiny {@code e}.
     */
    private static void atanhArgument(double[] e, double[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = e[i];
            double c = v > SQRT2_MINUS_1 ? 1.0 : 0.0;
            s[i] = (v - c) / (v + 2.0 + c);
        }
    }

    /** {@code s[i] <- 2 atanh(s[i])} by the series to {@code s^21} (truncation below 3e-17 relative for {@code s^2 <= 0.0295}). */
    private static void twiceAtanh(double[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = s[i];
            double s2 = v * v;
            double p = 1.0 / 21.0;
            p = p * s2 + 1.0 / 19.0;
            p = p * s2 + 1.0 / 17.0;
            p = p * s2 + 1.0 / 15.0;
            p = p * s2 + 1.0 / 13.0;
            p = p * s2 + 1.0 / 11.0;
            p = p * s2 + 1.0 / 9.0;
            p = p * s2 + 1.0 / 7.0;
            p = p * s2 + 1.0 / 5.0;
            p = p * s2 + 1.0 / 3.0;
            p = p * s2 + 1.0;
            s[i] = 2.0 * v * p;
        }
    }

    /** {@code out[i] <- max(raw[i], 0) + (c ln 2 + out[i]) + offset}, with {@code c} as in {@link #atanhArgument}. */
    private static void addBase(double[] raw, double[] e, double[] out, double offset, int from, int to) {
        for (int i = from; i < to; i++) {
            double c = e[i] > SQRT2_MINUS_1 ? LN2 : 0.0;
            out[i] = Math.max(raw[i], 0.0) + (c + out[i]) + offset;
        }
    }

    /** {@code e[i] <- 1 / (1 + e[i])} where {@code raw[i] >= 0}, else {@code e[i] / (1 + e[i])}. */
    private static void sigmoidFromExp(double[] raw, double[] e, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = e[i];
            e[i] = (raw[i] >= 0.0 ? 1.0 : v) / (1.0 + v);
        }
    }

}
