package org.bnn4j.inference.svi;

import java.util.SplittableRandom;

/**
 * Standard normal draws by the ziggurat method with 128 layers, in Doornik's form (J. A. Doornik, "An Improved
 * Ziggurat Method to Generate Normal Random Samples", 2005; after G. Marsaglia and W. W. Tsang, "The Ziggurat Method
 * for Generating Random Variables", J. Stat. Softw. 5(8), 2000): one 64-bit draw of a {@link SplittableRandom} gives
 * the layer (its low 7 bits) and a uniform in (-1, 1) (its top 53 bits); about 98.8 % of draws return after one
 * compare and one multiply, the rest take the wedge or the tail (Marsaglia's tail method beyond R = 3.4426).
 *
 * <p>Why not {@code SplittableRandom.nextGaussian()}: the JDK's own ziggurat runs at one of two speeds, about 1.7x
 * apart, depending on how a JVM happens to compile it, which makes SVI epochs on the cluster net about 1.4x slower
 * in some runs than in others; this small method inlines into its caller's loop and runs at a steady speed
 * (docs/benchmarks.md). Exact in distribution (up to the 53-bit uniforms); {@code ZigguratNormalTest} checks
 * moments, tails and the CDF.
 */
final class ZigguratNormal {

    private static final int LAYERS = 128;
    /** Start of the tail: the rightmost layer boundary. */
    private static final double R = 3.442619855899;
    /** Area of each layer (and of the base strip with the tail). */
    private static final double V = 9.91256303526217e-3;
    /** Layer boundaries x_0 (base strip width V / f(R)) .. x_128 = 0. */
    private static final double[] X = new double[LAYERS + 1];
    /** x_{i+1} / x_i: a uniform below it in magnitude lies inside the layer's rectangle. */
    private static final double[] RATIO = new double[LAYERS];
    private static final double TO_UNIT = 0x1.0p-52; // 53 random bits to [0, 2)

    static {
        double f = Math.exp(-0.5 * R * R);
        X[0] = V / f;
        X[1] = R;
        X[LAYERS] = 0.0;
        for (int i = 2; i < LAYERS; i++) {
            X[i] = Math.sqrt(-2.0 * Math.log(V / X[i - 1] + f));
            f = Math.exp(-0.5 * X[i] * X[i]);
        }
        for (int i = 0; i < LAYERS; i++) {
            RATIO[i] = X[i + 1] / X[i];
        }
    }

    private ZigguratNormal() {
    }

    /**
     * Fills {@code buf[0, buf.length)} with standard normal draws.
     *
     * @param rng the source
     * @param buf the destination
     */
    static void fill(SplittableRandom rng, double[] buf) {
        for (int k = 0; k < buf.length; k++) {
            buf[k] = next(rng);
        }
    }

    /**
     * @param rng the source
     * @return one standard normal draw
     */
    static double next(SplittableRandom rng) {
        while (true) {
            long bits = rng.nextLong();
            int i = (int) (bits & (LAYERS - 1));
            double u = (bits >>> 11) * TO_UNIT - 1.0; // uniform in [-1, 1), independent of i (disjoint bits)
            if (Math.abs(u) < RATIO[i]) {
                return u * X[i];
            }
            double x = slow(rng, i, u);
            if (!Double.isNaN(x)) {
                return x;
            }
        }
    }

    /** The base strip's tail or a layer's wedge; NaN when the point is rejected. */
    private static double slow(SplittableRandom rng, int i, double u) {
        if (i == 0) { // beyond R: Marsaglia's tail method
            double x;
            double y;
            do {
                x = Math.log(open01(rng)) / R;
                y = Math.log(open01(rng));
            } while (-2.0 * y < x * x);
            return u < 0 ? x - R : R - x;
        }
        double x = u * X[i];
        double f0 = Math.exp(-0.5 * (X[i] * X[i] - x * x));
        double f1 = Math.exp(-0.5 * (X[i + 1] * X[i + 1] - x * x));
        return f1 + open01(rng) * (f0 - f1) < 1.0 ? x : Double.NaN;
    }

    /** A uniform in (0, 1): never 0, so its log is finite. */
    private static double open01(SplittableRandom rng) {
        return ((rng.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
    }
}
