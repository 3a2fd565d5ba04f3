package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;
import org.junit.jupiter.api.Test;

/** The spread first-layer initialisation of the SVI guide means ({@link SviConfig#unitSlope()}). */
class SpreadUnitsTest {

    /** In one dimension every unit has slope +-s and switches (tanh = 0) inside [min x, max x]. */
    @Test
    void oneDimensionalUnitsSwitchInsideTheDataRange() {
        ParameterLayout layout = new FeedForwardNetwork(NetworkSpec.builder(1, 1).hidden(50).build()).layout();
        double[] x = {-1.5, -0.9, 0.2, 1.7, 1.1};
        double[] theta = new double[layout.size()];
        java.util.Arrays.fill(theta, 7.0);
        Svi.spreadUnits(layout, x, x.length, 20, new SplittableRandom(3), theta);
        ParameterLayout.Slice w = layout.slice("hidden0.weight");
        ParameterLayout.Slice b = layout.slice("hidden0.bias");
        int below = 0;
        for (int k = 0; k < 50; k++) {
            double a = theta[w.offset() + k];
            assertEquals(20.0, Math.abs(a), 0.0);
            double t = -theta[b.offset() + k] / a; // where the unit switches
            assertTrue(t >= -1.5 - 1e-12 && t <= 1.7 + 1e-12, "unit " + k + " switches at " + t);
            below += t < 0.1 ? 1 : 0;
        }
        // uniform on [-1.5, 1.7]: P(t < 0.1) = 0.5, so 25 +- 3.5 (binomial sd); 5 sd either side cannot fail by chance
        assertTrue(Math.abs(below - 25) <= 5 * Math.sqrt(50 * 0.25), "units left of the middle: " + below);
        // everything but the first layer is untouched
        for (int j = b.offset() + 50; j < theta.length; j++) {
            assertEquals(7.0, theta[j], 0.0);
        }
    }

    /** In d dimensions each unit's weight vector has norm s and its hyperplane crosses the data's projected range. */
    @Test
    void multiDimensionalUnitsHaveNormSAndCrossTheData() {
        int in = 3;
        ParameterLayout layout = new FeedForwardNetwork(NetworkSpec.builder(in, 1).hidden(8, 4).build()).layout();
        SplittableRandom r = new SplittableRandom(5);
        int n = 40;
        double[] x = new double[n * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        double[] theta = new double[layout.size()];
        Svi.spreadUnits(layout, x, n, 4, new SplittableRandom(9), theta);
        ParameterLayout.Slice w = layout.slice("hidden0.weight");
        ParameterLayout.Slice b = layout.slice("hidden0.bias");
        for (int k = 0; k < 8; k++) {
            double norm = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int row = 0; row < n; row++) {
                double pre = theta[b.offset() + k];
                for (int i = 0; i < in; i++) {
                    pre += theta[w.offset() + i * 8 + k] * x[row * in + i];
                }
                lo = Math.min(lo, pre);
                hi = Math.max(hi, pre);
            }
            for (int i = 0; i < in; i++) {
                norm += theta[w.offset() + i * 8 + k] * theta[w.offset() + i * 8 + k];
            }
            assertEquals(4.0, Math.sqrt(norm), 1e-12);
            assertTrue(lo <= 1e-12 && hi >= -1e-12, "unit " + k + " pre-activation range [" + lo + ", " + hi + "]");
        }
        // the second hidden layer and the heads are not touched
        assertArrayEquals(new double[layout.size() - b.offset() - 8],
                java.util.Arrays.copyOfRange(theta, b.offset() + 8, theta.length), 0.0);
    }
}
