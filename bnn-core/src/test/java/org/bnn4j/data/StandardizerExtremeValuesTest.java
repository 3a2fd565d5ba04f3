package org.bnn4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * Standardisation of finite columns of any magnitude: the statistics stay finite and positive (no overflow of the
 * sum or the squares, no underflow of the squares to 0), match exact arithmetic, and ordinary columns keep the plain
 * formulas bit for bit.
 */
class StandardizerExtremeValuesTest {

    /** Exact mean and population std of a column by BigDecimal arithmetic (34 digits), rounded to double. */
    private static double[] exact(double[] v) {
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal sum = BigDecimal.ZERO;
        for (double a : v) {
            sum = sum.add(new BigDecimal(a));
        }
        BigDecimal n = BigDecimal.valueOf(v.length);
        BigDecimal mean = sum.divide(n, mc);
        BigDecimal ss = BigDecimal.ZERO;
        for (double a : v) {
            BigDecimal d = new BigDecimal(a).subtract(mean);
            ss = ss.add(d.multiply(d, mc));
        }
        return new double[] {mean.doubleValue(), ss.divide(n, mc).sqrt(mc).doubleValue()};
    }

    private static double[] column(double scale, long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (2 * r.nextDouble() - 1);
        }
        return v;
    }

    @Test
    void hugeAndTinyColumnsGetFiniteStatisticsEqualToExactArithmetic() {
        // 1e300: the sum of 60 values and every square overflow; 1e155: the squares overflow (the reported case);
        // 1e-165: the squares underflow to 0; 4.9e-322: subnormal values
        for (double scale : new double[] {1.7e308, 1e300, 1e155, 1e-165, 1e-300, 4.9e-322}) {
            double[] x = column(scale, 7, 60);
            double[] y = column(1, 8, 60);
            Standardizer s = Standardizer.fit(Dataset.of(x, y, 60, 1, 1));
            double[] e = exact(x);
            double std = s.xStd()[0];
            assertTrue(std > 0 && Double.isFinite(std) && Double.isFinite(s.xMean()[0]), scale + ": " + s);
            // the scaled two-pass formulas are accurate to a few ulps (60 terms, each rounded once: < 60 ulps);
            // subnormal inputs carry only a few significant bits, so they are compared to their own precision
            double rel = scale < Double.MIN_NORMAL ? 0.05 : 1e-13;
            assertEquals(e[1], std, rel * e[1], "std at scale " + scale);
            assertEquals(e[0], s.xMean()[0], rel * e[1], "mean at scale " + scale);
            double[] z = s.transformX(x, 60);
            for (double zi : z) {
                assertTrue(Double.isFinite(zi) && Math.abs(zi) <= Math.sqrt(60) + 1e-9, "z = " + zi);
            }
        }
    }

    @Test
    void columnSpanningTheWholeDoubleRangeStandardisesWithoutOverflow() {
        // max - min = 3.4e308 overflows; the std (1.7e308) and every z (+-1) do not
        double[] x = {-1.7e308, 1.7e308, -1.7e308, 1.7e308};
        Standardizer s = Standardizer.fit(Dataset.of(x, new double[] {1, 2, 3, 4}, 4, 1, 1));
        assertEquals(1.7e308, s.xStd()[0], 0.0);
        double[] z = s.transformX(x, 4);
        assertEquals(-1.0, z[0], 1e-15);
        assertEquals(1.0, z[1], 1e-15);
    }

    @Test
    void ordinaryColumnsKeepThePlainFormulasBitForBit() {
        double[] x = column(3.7, 11, 200);
        Standardizer s = Standardizer.fit(Dataset.of(x, column(1, 12, 200), 200, 1, 1));
        double sum = 0;
        for (double a : x) {
            sum += a;
        }
        double m = sum / x.length;
        double ss = 0;
        for (double a : x) {
            ss += (a - m) * (a - m);
        }
        assertEquals(m, s.xMean()[0], 0.0);
        assertEquals(Math.sqrt(ss / x.length), s.xStd()[0], 0.0);
    }

    @Test
    void predictiveOfMoreValuesThanAnArrayHoldsIsRefusedBeforeAllocating() {
        BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(2).build());
        int n = 1000;
        int b = 3_000_000; // n * b = 3e9 values per array > 2^31 - 9
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predictive(new double[n * model.numParams()], n, new double[b], b));
        assertTrue(e.getMessage().contains("more than a Java array holds"), e.getMessage());
    }
}
