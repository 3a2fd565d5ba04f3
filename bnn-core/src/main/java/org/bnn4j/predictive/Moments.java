package org.bnn4j.predictive;

/**
 * Moments over the sample axis of a row-major {@code [n, B, D]} array; results are new {@code [B, D]} arrays.
 */
final class Moments {

    private Moments() {
    }

    /** @return {@code (1/n) sum_s v[s, :, :]} */
    static double[] mean(double[] v, int n) {
        double[] out = new double[v.length / n];
        for (int i = 0; i < v.length; i++) {
            out[i % out.length] += v[i];
        }
        return divide(out, n);
    }

    /** @return {@code (1/n) sum_s v[s, :, :]^2} */
    static double[] meanSquare(double[] v, int n) {
        double[] out = new double[v.length / n];
        for (int i = 0; i < v.length; i++) {
            out[i % out.length] += v[i] * v[i];
        }
        return divide(out, n);
    }

    /** @return the population variance (1/n) over samples, two-pass so large means do not cancel */
    static double[] variance(double[] v, int n) {
        double[] m = mean(v, n);
        double[] out = new double[m.length];
        for (int i = 0; i < v.length; i++) {
            double dev = v[i] - m[i % m.length];
            out[i % m.length] += dev * dev;
        }
        return divide(out, n);
    }

    private static double[] divide(double[] v, int n) {
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
        return v;
    }
}
