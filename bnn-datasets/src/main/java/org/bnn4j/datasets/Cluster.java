package org.bnn4j.datasets;

/**
 * One input cluster of the synthetic experiment: x is uniform on {@code [lo, hi]} and
 * {@code y = f(x) + trueStd * eps}, {@code eps ~ N(0, 1)}.
 *
 * @param index   position of the cluster in the configuration, {@code >= 0}
 * @param lo      interval start ({@code offset})
 * @param hi      interval end ({@code offset + spread}), {@code > lo}
 * @param trueStd the noise standard deviation, {@code > 0}
 */
public record Cluster(int index, double lo, double hi, double trueStd) {

    /**
     * @throws IllegalArgumentException if index is negative, the interval is empty or not finite, or trueStd is
     *                                  not a positive finite number
     */
    public Cluster {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0 but was " + index);
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
            throw new IllegalArgumentException("cluster " + index + " needs finite lo < hi but had [" + lo + ", " + hi
                    + "]; pass a positive spread");
        }
        if (!(trueStd > 0) || !Double.isFinite(trueStd)) {
            throw new IllegalArgumentException("cluster " + index + " trueStd must be finite and > 0 but was "
                    + trueStd + "; pass a positive noise standard deviation");
        }
    }

    /**
     * @param x an input
     * @return whether {@code lo <= x <= hi}
     */
    public boolean contains(double x) {
        return lo <= x && x <= hi;
    }
}
