package org.bnn4j.data;

/** The noise-free regression function f(x) of the synthetic cluster experiment ({@link ClusterData}). */
public enum TargetFunction {
    /** {@code f(x) = cos(x)}: the seed notebook's default. */
    COS {
        @Override
        public double apply(double x) {
            return Math.cos(x);
        }
    },
    /** {@code f(x) = x^3 / 350}: the seed notebook's alternative. */
    CUBIC {
        @Override
        public double apply(double x) {
            return x * x * x / 350.0;
        }
    };

    /**
     * @param x the input
     * @return f(x)
     */
    public abstract double apply(double x);
}
