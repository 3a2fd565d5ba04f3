package org.bnn4j.inference.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link UnitSpread} places the units exactly as the one-pass loop over all rows does (kept below as the
 * reference), whether the rows come at once or in blocks of any size: comparisons are bit for bit.
 */
class UnitSpreadTest {

    /** The placement as one loop per unit over all rows, drawing the unit's direction and then its uniform. */
    private static void reference(ParameterLayout layout, double[] x, int n, double slope, SplittableRandom rng,
                                  double[] theta) {
        ParameterLayout.Slice w = layout.slice("hidden0.weight");
        ParameterLayout.Slice b = layout.slice("hidden0.bias");
        int in = w.rows();
        int h = w.cols();
        double[] d = new double[in];
        for (int k = 0; k < h; k++) {
            double norm = 0;
            while (norm < 1e-12) {
                norm = 0;
                for (int i = 0; i < in; i++) {
                    d[i] = in == 1 ? (rng.nextBoolean() ? 1 : -1) : rng.nextGaussian();
                    norm += d[i] * d[i];
                }
            }
            norm = Math.sqrt(norm);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < n; r++) {
                double p = 0;
                for (int i = 0; i < in; i++) {
                    p += d[i] * x[r * in + i];
                }
                p /= norm;
                lo = Math.min(lo, p);
                hi = Math.max(hi, p);
            }
            double t = lo + (hi - lo) * rng.nextDouble();
            for (int i = 0; i < in; i++) {
                theta[w.offset() + i * h + k] = slope * d[i] / norm;
            }
            theta[b.offset() + k] = -slope * t;
        }
    }

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8})
    void blocksOfAnySizeGiveTheOnePassPlacement(int in) {
        ParameterLayout layout = new FeedForwardNetwork(NetworkSpec.builder(in, 1).hidden(50, 3).build()).layout();
        int n = 1001;
        SplittableRandom data = new SplittableRandom(in);
        double[] x = new double[n * in];
        Arrays.setAll(x, i -> data.nextGaussian());
        double[] expected = new double[layout.size()];
        Arrays.fill(expected, 0.25);
        SplittableRandom rng = new SplittableRandom(11);
        reference(layout, x, n, 3.0, rng, expected);
        long next = rng.nextLong(); // where the generator stands afterwards

        double[] whole = new double[layout.size()];
        Arrays.fill(whole, 0.25);
        SplittableRandom r1 = new SplittableRandom(11);
        Svi.spreadUnits(layout, x, n, 3.0, r1, whole);
        assertArrayEquals(bits(expected), bits(whole));
        assertArrayEquals(new long[] {next}, new long[] {r1.nextLong()});

        for (int block : new int[] {1, 7, 500, 4096}) {
            double[] theta = new double[layout.size()];
            Arrays.fill(theta, 0.25);
            SplittableRandom r2 = new SplittableRandom(11);
            UnitSpread s = UnitSpread.draw(layout, r2);
            for (int r0 = 0; r0 < n; r0 += block) {
                int rows = Math.min(block, n - r0);
                s.observe(Arrays.copyOfRange(x, r0 * in, (r0 + rows) * in), rows);
            }
            s.apply(3.0, theta);
            assertArrayEquals(bits(expected), bits(theta), "blocks of " + block);
            assertArrayEquals(new long[] {next}, new long[] {r2.nextLong()});
        }

        // a cluster's way: each block's ranges found by a serialized copy of the drawn units, then included
        UnitSpread drawn = UnitSpread.draw(layout, new SplittableRandom(11));
        UnitSpread shipped = roundTrip(drawn);
        for (int r0 = 0; r0 < n; r0 += 300) {
            int rows = Math.min(300, n - r0);
            drawn.include(shipped.ranges(Arrays.copyOfRange(x, r0 * in, (r0 + rows) * in), rows));
        }
        double[] theta = new double[layout.size()];
        Arrays.fill(theta, 0.25);
        drawn.apply(3.0, theta);
        assertArrayEquals(bits(expected), bits(theta));
    }

    private static UnitSpread roundTrip(UnitSpread s) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(s);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                    new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return (UnitSpread) in.readObject();
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
