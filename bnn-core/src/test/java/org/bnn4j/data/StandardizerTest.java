package org.bnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StandardizerTest {

    // Round-off of (v - m) / s * s + m is a few ulps of max(|v|, |m|); values here are below 100, so 1e-12
    // absolute leaves a margin of ~50x over 100 * 2.2e-16 * a few operations.
    private static final double ROUND_TRIP_TOL = 1e-12;

    /** 50 rows, x columns: N(5, 3), constant 7.3, N(-100, 0.01); y columns: N(2, 4), N(0, 1). */
    private static Dataset randomData(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * 3];
        double[] y = new double[n * 2];
        for (int i = 0; i < n; i++) {
            x[i * 3] = 5 + 3 * rng.nextGaussian();
            x[i * 3 + 1] = 7.3;
            x[i * 3 + 2] = -100 + 0.01 * rng.nextGaussian();
            y[i * 2] = 2 + 4 * rng.nextGaussian();
            y[i * 2 + 1] = rng.nextGaussian();
        }
        return Dataset.of(x, y, n, 3, 2);
    }

    @Test
    void fitComputesMeanAndPopulationStd() {
        // x = {1, 2, 3, 4}: mean 2.5, population variance 1.25 (numpy ddof=0), sample variance would be 5/3
        Dataset d = Dataset.of(new double[] {1, 2, 3, 4}, new double[] {10, 10, 20, 20}, 4, 1, 1);
        Standardizer s = Standardizer.fit(d);
        assertEquals(2.5, s.xMean()[0], 0.0);
        assertEquals(Math.sqrt(1.25), s.xStd()[0], 1e-15);
        assertEquals(15.0, s.yMean()[0], 0.0);
        assertEquals(5.0, s.yStd()[0], 1e-15);
        assertArrayEquals(new int[0], s.constantInputColumns());
    }

    @Test
    void transformedTrainingDataHaveMeanZeroAndStdOne() {
        Dataset d = randomData(1, 50);
        Standardizer s = Standardizer.fit(d);
        Dataset z = s.transform(d);
        Standardizer sz = Standardizer.fit(z);
        // the non-constant columns: mean 0, population std 1 up to round-off
        assertEquals(0.0, sz.xMean()[0], 1e-12);
        assertEquals(1.0, sz.xStd()[0], 1e-12);
        // column of std 0.01 around -100: each (v - m) carries ulp(100) ~ 1.4e-14 of round-off, i.e. ~1.4e-12
        // after division by 0.01, so the bound here is 1e-10
        assertEquals(0.0, sz.xMean()[2], 1e-10);
        assertEquals(1.0, sz.xStd()[2], 1e-10);
        for (int d2 = 0; d2 < 2; d2++) {
            assertEquals(0.0, sz.yMean()[d2], 1e-12);
            assertEquals(1.0, sz.yStd()[d2], 1e-12);
        }
    }

    @Test
    void constantColumnGetsStdOneAndMapsToZero() {
        Dataset d = randomData(2, 20);
        Standardizer s = Standardizer.fit(d);
        assertArrayEquals(new int[] {1}, s.constantInputColumns());
        assertEquals(1.0, s.xStd()[1], 0.0);
        assertEquals(7.3, s.xMean()[1], 0.0);
        Dataset z = s.transform(d);
        for (int i = 0; i < z.size(); i++) {
            assertEquals(0.0, z.x(i, 1), 0.0);
        }
        // a test point off the constant value is shifted, not divided by zero
        double[] t = s.transformX(new double[] {5, 8.3, -100}, 1);
        assertEquals(1.0, t[1], 1e-12);
    }

    @Test
    void roundTripTransformInverse() {
        Dataset d = randomData(3, 40);
        Standardizer s = Standardizer.fit(d);
        double[] x = d.xArray();
        double[] y = d.yArray();
        double[] xBack = s.inverseTransformX(s.transformX(x, 40), 40);
        double[] yBack = s.inverseTransformY(s.transformY(y, 40), 40);
        assertArrayEquals(x, xBack, ROUND_TRIP_TOL * 100); // |x| up to ~100 in column 2
        assertArrayEquals(y, yBack, ROUND_TRIP_TOL);
        Dataset z = s.transform(d);
        for (int i = 0; i < 40; i++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(d.y(i, c), s.inverseMean(z.y(i, c), c), ROUND_TRIP_TOL);
            }
        }
    }

    @Test
    void inverseMappingsOfMomentsAndLogDensity() {
        Dataset d = Dataset.of(new double[] {0, 1, 2, 3}, new double[] {1, 10, 3, 30, 5, 50, 7, 70}, 4, 1, 2);
        Standardizer s = Standardizer.fit(d);
        double s0 = s.yStd()[0];
        double s1 = s.yStd()[1];
        assertEquals(Math.sqrt(5.0), s0, 1e-15); // {1,3,5,7}: population variance 5
        assertEquals(10 * Math.sqrt(5.0), s1, 1e-13);
        assertEquals(2.0 * s0 + 4.0, s.inverseMean(2.0, 0), 1e-14);
        assertEquals(0.5 * s1 * s1, s.inverseVariance(0.5, 1), 1e-12);
        assertEquals(0.5 * s1, s.inverseStd(0.5, 1), 1e-13);
        assertEquals(-Math.log(s0) - Math.log(s1), s.logDensityCorrection(), 1e-15);

        // INDArray variants over [N, B, D] = [2, 1, 2]; input is not modified
        INDArray m = Nd4j.create(new double[] {0, 0, 1, -1}, new long[] {2, 1, 2}, DataType.DOUBLE);
        INDArray mCopy = m.dup();
        INDArray back = s.inverseMean(m);
        assertArrayEquals(new long[] {2, 1, 2}, back.shape());
        assertEquals(4.0, back.getDouble(0, 0, 0), 1e-14);
        assertEquals(40.0, back.getDouble(0, 0, 1), 1e-12);
        assertEquals(4.0 + s0, back.getDouble(1, 0, 0), 1e-14);
        assertEquals(40.0 - s1, back.getDouble(1, 0, 1), 1e-12);
        assertEquals(mCopy, m);
        INDArray v = s.inverseVariance(Nd4j.create(new double[][] {{1, 2}}));
        assertEquals(s0 * s0, v.getDouble(0, 0), 1e-12);
        assertEquals(2 * s1 * s1, v.getDouble(0, 1), 1e-10);
    }

    @Test
    void indarrayTransformMatchesArrayTransformAndKeepsDtype() {
        Dataset d = randomData(4, 10);
        Standardizer s = Standardizer.fit(d);
        INDArray x = d.x();
        INDArray before = x.dup();
        INDArray z = s.transformX(x);
        assertArrayEquals(s.transformX(d.xArray(), 10), Dataset.toRowMajor(z), 0.0);
        assertEquals(before, x);
        assertEquals(DataType.FLOAT, s.transformX(x.castTo(DataType.FLOAT)).dataType());
    }

    @Test
    void neverMutatesCallerArraysAndReturnsCopies() {
        Dataset d = randomData(5, 10);
        Standardizer s = Standardizer.fit(d);
        double[] x = d.xArray();
        double[] copy = x.clone();
        s.transformX(x, 10);
        s.inverseTransformX(x, 10);
        assertArrayEquals(copy, x, 0.0);
        s.xMean()[0] = 1e9;
        s.yStd()[0] = -1;
        s.constantInputColumns()[0] = 2;
        assertEquals(Standardizer.fit(d), s);
        double[] mean = {1.0};
        Standardizer t = Standardizer.of(mean, new double[] {2.0}, new double[] {0.0}, new double[] {1.0}, new int[0]);
        mean[0] = 5.0;
        assertEquals(1.0, t.xMean()[0], 0.0);
    }

    @Test
    void ofRebuildsAnEqualStandardizer() {
        Standardizer s = Standardizer.fit(randomData(6, 10));
        Standardizer r = Standardizer.of(s.xMean(), s.xStd(), s.yMean(), s.yStd(), s.constantInputColumns());
        assertEquals(s, r);
        assertEquals(s.hashCode(), r.hashCode());
    }

    @Test
    void preconditions() {
        Standardizer s = Standardizer.fit(randomData(7, 10));
        double[] one = {1.0};
        int[] none = new int[0];
        assertThrows(NullPointerException.class, () -> Standardizer.fit(null));
        assertThrows(IllegalArgumentException.class,
                () -> s.transform(Dataset.of(new double[] {1, 2}, new double[] {1, 2}, 1, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> s.transformX(new double[5], 2));
        assertThrows(IllegalArgumentException.class, () -> s.transformX(new double[3], -1));
        assertThrows(IllegalArgumentException.class, () -> s.transformY(new double[3], 1));
        assertThrows(IllegalArgumentException.class, () -> s.inverseTransformX(new double[4], 1));
        assertThrows(IllegalArgumentException.class, () -> s.inverseTransformY(new double[3], 1));
        assertThrows(IllegalArgumentException.class, () -> s.transformX(Nd4j.zeros(DataType.DOUBLE, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> s.transformX(Nd4j.zeros(DataType.DOUBLE, 3)));
        assertThrows(IllegalArgumentException.class, () -> s.inverseMean(1.0, 2));
        assertThrows(IllegalArgumentException.class, () -> s.inverseMean(1.0, -1));
        assertThrows(IllegalArgumentException.class, () -> s.inverseVariance(1.0, 2));
        assertThrows(IllegalArgumentException.class, () -> s.inverseStd(1.0, 2));
        assertThrows(IllegalArgumentException.class, () -> s.inverseMean(Nd4j.zeros(DataType.DOUBLE, 4, 3)));
        assertThrows(IllegalArgumentException.class, () -> s.inverseVariance(Nd4j.zeros(DataType.DOUBLE, 4, 1)));
        // of(...)
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(one, new double[] {0.0}, one, one, none));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(one, one, one, new double[] {-1}, none));
        assertThrows(IllegalArgumentException.class,
                () -> Standardizer.of(new double[] {Double.NaN}, one, one, one, none));
        assertThrows(IllegalArgumentException.class,
                () -> Standardizer.of(one, new double[] {Double.POSITIVE_INFINITY}, one, one, none));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(one, new double[] {1, 1}, one, one, none));
        assertThrows(IllegalArgumentException.class,
                () -> Standardizer.of(new double[0], new double[0], one, one, none));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(one, one, one, one, new int[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> Standardizer.of(new double[] {0, 0}, new double[] {1, 1}, one, one, new int[] {1, 0}));
        assertThrows(NullPointerException.class, () -> Standardizer.of(one, one, one, one, null));
    }

    /** Bits of each value, so that an exact comparison also tells -0.0 from 0.0. */
    private static long[] bits(double[] v) {
        return java.util.Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void inPlaceTransformGivesExactlyTheValuesOfTheCopyingTransform() {
        // a column spanning the double range takes the overflow branch, a constant column maps to 0; 7 odd rows
        double[] x = new double[7 * 3];
        double[] y = new double[7];
        SplittableRandom rng = new SplittableRandom(8);
        for (int i = 0; i < 7; i++) {
            x[i * 3] = i % 2 == 0 ? -1.7e308 : 1.7e308; // mean -1.7e308 / 7: 1.7e308 - mean overflows
            x[i * 3 + 1] = 2.5;
            x[i * 3 + 2] = 1e3 * rng.nextGaussian();
            y[i] = rng.nextGaussian();
        }
        Standardizer s = Standardizer.fit(Dataset.of(x, y, 7, 3, 1));
        assertEquals(Double.POSITIVE_INFINITY, (x[3] - s.xMean()[0]) / s.xStd()[0], 0.0); // the branch is taken
        double[] buf = java.util.Arrays.copyOf(x, 9 * 3); // a batch buffer longer than the rows it holds
        java.util.Arrays.fill(buf, 21, 27, 42.0);
        s.transformXInPlace(buf, 7);
        assertArrayEquals(bits(s.transformX(x, 7)), bits(java.util.Arrays.copyOf(buf, 21)));
        assertArrayEquals(new double[] {42, 42, 42, 42, 42, 42}, java.util.Arrays.copyOfRange(buf, 21, 27), 0.0);
        double[] yb = y.clone();
        s.transformYInPlace(yb, 5); // the first 5 rows only
        assertArrayEquals(bits(java.util.Arrays.copyOf(s.transformY(y, 7), 5)), bits(java.util.Arrays.copyOf(yb, 5)));
        assertArrayEquals(java.util.Arrays.copyOfRange(y, 5, 7), java.util.Arrays.copyOfRange(yb, 5, 7), 0.0);
        assertArrayEquals(bits(s.transform(Dataset.of(x, y, 7, 3, 1)).xArray()), bits(s.transformX(x, 7)));
    }

    @Test
    void gatheringThenStandardisingEqualsStandardisingThenGathering() {
        Dataset d = randomData(3, 101);
        Standardizer s = Standardizer.fit(d);
        Dataset z = s.transform(d);
        int[] rows = {100, 3, 3, 57, 0, 99, 12};
        double[] bx = new double[8 * 3];
        double[] by = new double[8 * 2];
        d.gatherRows(rows, rows.length, bx, by);
        s.transformXInPlace(bx, rows.length);
        s.transformYInPlace(by, rows.length);
        Dataset expected = z.subset(rows);
        assertArrayEquals(bits(expected.xArray()), bits(java.util.Arrays.copyOf(bx, 21)));
        assertArrayEquals(bits(expected.yArray()), bits(java.util.Arrays.copyOf(by, 14)));
    }

    @Test
    void inPlaceTransformRefusesAShortBuffer() {
        Standardizer s = Standardizer.fit(randomData(1, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.transformXInPlace(new double[8], 3));
        assertEquals("x must hold at least rows*3 = 9 values for rows = 3 but had 8; pass a buffer of at least that "
                + "many row-major values", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.transformYInPlace(new double[3], 2));
        assertThrows(IllegalArgumentException.class, () -> s.transformYInPlace(new double[3], -1));
    }
}
