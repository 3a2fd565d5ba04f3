package org.bnn4j.datasets;

/** The noise-free regression function f(x) of the synthetic cluster experiment ({@link ClusterData}). */
public enum TargetFunction {
    /** {@code f(x) = cos(x)}: the default, as in the Pyro/TyXe BNN tutorial. */
    COS {
        @Override
        public double apply(double x) {
            return Math.cos(x);
        }
    },
    /** {@code f(x) = x^3 / 350}: the tutorial's alternative. */
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
