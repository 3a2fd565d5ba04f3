package org.bnn4j.nn;

import org.bnn4j.nn.internal.FastSoftplus;

/**
 * Maps the raw output of the scale head to a positive standard deviation.
 *
 * <p>The default, {@link Softplus}, is {@code softplus(raw) + minScale} computed in the stable form
 * {@code max(r, 0) + log1p(exp(-|r|))} (ND4J's own softplus overflows to +inf above ~88 in float32).
 * {@link Clamp} is the {@code clamp(raw, min, max)} of the Pyro/TyXe BNN tutorial.
 */
public sealed interface ScaleTransform permits ScaleTransform.Softplus, ScaleTransform.Clamp {

    /** Default floor on the predicted scale: keeps the Gaussian log density bounded. */
    double DEFAULT_MIN_SCALE = 1e-3;

    /**
     * @param raw raw scale-head output
     * @return the standard deviation, {@code > 0}
     */
    double apply(double raw);

    /**
     * @param raw raw scale-head output
     * @return {@code d apply(raw) / d raw}
     */
    double derivative(double raw);

    /**
     * {@link #apply} and {@link #derivative} over {@code raw[from, to)}, writing {@code scale[i]} and
     * {@code deriv[i]}: the kernels' form, one call per block of outputs. Agrees with the scalar methods to within
     * ~1e-13 relative ({@link Softplus} computes it by {@link FastSoftplus}, which the JIT vectorises).
     *
     * @param raw   raw scale-head outputs
     * @param scale receives the standard deviations
     * @param deriv receives {@code d scale / d raw}
     * @param from  first index
     * @param to    end index (exclusive)
     */
    void applyAll(double[] raw, double[] scale, double[] deriv, int from, int to);

    /** @return the default transform, {@code softplus(raw) + 1e-3} */
    static ScaleTransform defaultTransform() {
        return new Softplus(DEFAULT_MIN_SCALE);
    }

    /**
     * {@code softplus(raw) + minScale}, stable for any finite {@code raw}.
     *
     * @param minScale floor on the scale, {@code > 0}
     */
    record Softplus(double minScale) implements ScaleTransform {
        /** @throws IllegalArgumentException if {@code minScale} is not finite and positive */
        public Softplus {
            if (!(minScale > 0) || !Double.isFinite(minScale)) {
                throw new IllegalArgumentException("minScale must be finite and > 0 but was " + minScale
                        + "; pass a small positive floor such as 1e-3");
            }
        }

        @Override
        public double apply(double raw) {
            return softplus(raw) + minScale;
        }

        @Override
        public double derivative(double raw) {
            return sigmoid(raw);
        }

        @Override
        public void applyAll(double[] raw, double[] scale, double[] deriv, int from, int to) {
            FastSoftplus.apply(raw, scale, deriv, minScale, from, to);
        }

        /**
         * Stable softplus {@code log(1 + exp(r)) = max(r, 0) + log1p(exp(-|r|))}.
         *
         * @param r any finite value
         * @return softplus of r
         */
        public static double softplus(double r) {
            return Math.max(r, 0.0) + log1p(Math.exp(-Math.abs(r)));
        }

        /**
         * {@code log(1 + e)} for {@code e} in [0, 1] as {@code log(u) e / (u - 1)} with {@code u = 1 + e} rounded
         * (W. Kahan's method, HP-15C Advanced Functions Handbook, 1982): the factor {@code e / (u - 1)} undoes
         * the rounding of {@code u}, so the result is accurate to a few ulps, like {@code Math.log1p}, but costs
         * one intrinsic {@code Math.log} and a division instead of the non-intrinsic {@code StrictMath.log1p}
         * (about 3x cheaper; the scale head calls it once per point and step).
         *
         * @param e a value in [0, 1]
         * @return {@code log(1 + e)}
         */
        static double log1p(double e) {
            double u = 1.0 + e;
            return u == 1.0 ? e : Math.log(u) * (e / (u - 1.0));
        }

        /**
         * Stable logistic sigmoid.
         *
         * @param r any value
         * @return {@code 1 / (1 + exp(-r))}
         */
        public static double sigmoid(double r) {
            if (r >= 0) {
                return 1.0 / (1.0 + Math.exp(-r));
            }
            double e = Math.exp(r);
            return e / (1.0 + e);
        }
    }

    /**
     * The {@code clamp(raw, min, max)} of the Pyro/TyXe BNN tutorial; the derivative is 1 inside and 0 outside.
     *
     * @param min lower bound, {@code > 0}
     * @param max upper bound, {@code > min}
     */
    record Clamp(double min, double max) implements ScaleTransform {
        /** @throws IllegalArgumentException unless {@code 0 < min < max < inf} */
        public Clamp {
            if (!(min > 0) || !(max > min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("clamp bounds must satisfy 0 < min < max < inf but were min="
                        + min + ", max=" + max + "; pass e.g. min=1e-3, max=10");
            }
        }

        @Override
        public double apply(double raw) {
            return raw < min ? min : (raw > max ? max : raw);
        }

        @Override
        public double derivative(double raw) {
            return raw < min || raw > max ? 0.0 : 1.0;
        }

        @Override
        public void applyAll(double[] raw, double[] scale, double[] deriv, int from, int to) {
            for (int i = from; i < to; i++) {
                scale[i] = apply(raw[i]);
                deriv[i] = derivative(raw[i]);
            }
        }
    }
}
