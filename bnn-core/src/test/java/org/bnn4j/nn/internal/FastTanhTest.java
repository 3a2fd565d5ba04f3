package org.bnn4j.nn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link FastTanh} against {@link StrictMath#tanh}. */
class FastTanhTest {

    /**
     * Relative error bound from the method: the Horner series rounds to within ~2 ulp (its truncation is below
     * 2.2e-16), each of the eight doublings {@code u (2 + u)} adds at most ~1.5 ulp (one add, one multiply) and the
     * final division ~1.5 ulp: about 16 ulp = 3.6e-15 in the worst case. A wrong coefficient or a dropped doubling
     * gives errors of order 1e-3 or more.
     */
    private static final double REL_TOL = 4e-15;

    @Test
    void matchesStrictTanhInRelativeErrorFromTinyToSaturated() {
        SplittableRandom rng = new SplittableRandom(3);
        double worst = 0;
        double[] batch = new double[1000];
        for (int rep = 0; rep < 400; rep++) {
            for (int i = 0; i < batch.length; i++) {
                // magnitudes 1e-300 .. 40, both signs: tiny values test the expm1 form, large ones the clamp
                double mag = Math.pow(10, -300 + 301.6 * rng.nextDouble());
                batch[i] = (rng.nextBoolean() ? 1 : -1) * (i % 3 == 0 ? mag : 40 * rng.nextDouble());
            }
            double[] y = batch.clone();
            FastTanh.inPlace(y, 0, y.length);
            for (int i = 0; i < batch.length; i++) {
                double exact = StrictMath.tanh(batch[i]);
                worst = Math.max(worst, Math.abs(y[i] - exact) / Math.abs(exact));
            }
        }
        assertTrue(worst <= REL_TOL, "worst relative error " + worst);
    }

    /**
     * The fused-multiply-add series (used when the hardware has FMA) through the same doublings:
     * same bound, since each Horner step rounds once instead of twice. Math.fma is exact on any JVM (slow without
     * the instruction), so this runs everywhere.
     */
    @Test
    void fusedMultiplyAddSeriesIsAsAccurate() {
        SplittableRandom rng = new SplittableRandom(5);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double mag = Math.pow(10, -300 + 301.6 * rng.nextDouble());
            double z = (rng.nextBoolean() ? 1 : -1) * (i % 3 == 0 ? mag : 40 * rng.nextDouble());
            double y = FastTanh.fromExpm1(FastTanh.expm1TaylorFma(FastTanh.seriesArgument(z)));
            double exact = StrictMath.tanh(z);
            worst = Math.max(worst, Math.abs(y - exact) / Math.abs(exact));
        }
        assertTrue(worst <= REL_TOL, "worst relative error " + worst);
        double plain = FastTanh.fromExpm1(FastTanh.expm1Taylor(FastTanh.seriesArgument(0.3)));
        double fused = FastTanh.fromExpm1(FastTanh.expm1TaylorFma(FastTanh.seriesArgument(0.3)));
        assertEquals(FastTanh.HARDWARE_FMA ? fused : plain, FastTanh.of(0.3), 0.0,
                "the three stages compose to of(z) bit for bit");
    }

    @Test
    void arrayAndScalarFormsAgreeBitForBit() {
        SplittableRandom rng = new SplittableRandom(4);
        double[] z = new double[4099]; // not a multiple of any vector width: the scalar tail loops run too
        for (int i = 0; i < z.length; i++) {
            z[i] = 6 * rng.nextGaussian();
        }
        double[] y = z.clone();
        FastTanh.inPlace(y, 3, z.length - 5);
        for (int i = 0; i < z.length; i++) {
            double want = i < 3 || i >= z.length - 5 ? z[i] : FastTanh.of(z[i]);
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(y[i]), "i=" + i);
        }
    }

    @Test
    void saturatesExactlyKeepsSignedZerosAndPropagatesNaN() {
        for (double z : new double[] {19.5, 20.0, 25.0, 710.0, 1e300, Double.POSITIVE_INFINITY}) {
            assertEquals(StrictMath.tanh(z), FastTanh.of(z), 0.0, "z=" + z);
            assertEquals(StrictMath.tanh(-z), FastTanh.of(-z), 0.0, "z=" + -z);
        }
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(FastTanh.of(0.0)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FastTanh.of(-0.0)));
        assertTrue(Double.isNaN(FastTanh.of(Double.NaN)));
    }
}
