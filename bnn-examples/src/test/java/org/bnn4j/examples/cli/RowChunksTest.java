package org.bnn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.Kernels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** How {@code bnn predict} cuts rows into chunks: coverage, sizes, and the kernel floor. */
class RowChunksTest {

    @Test
    void chunksCoverTheRowsInOrderWithinTheCapAndAboveTheFloor() {
        int[][] cases = {{1, 1, 1}, {10, 3, 1}, {10, 10, 1}, {10, 11, 1}, {8193, 8192, 1}, {100_000, 8192, 1},
            {1000, 1, 371}, {742, 1, 371}, {743, 1, 371}, {5, 1, 371}, {20_000, 8192, 12_500}};
        for (int[] c : cases) {
            int rows = c[0];
            int maxRows = c[1];
            int stable = c[2];
            RowChunks plan = RowChunks.plan(rows, maxRows, stable);
            int cap = Math.max(maxRows, 2 * stable);
            String what = "rows " + rows + ", maxRows " + maxRows + ", stableRows " + stable + ": " + plan;
            assertEquals(0, plan.from(0), what);
            assertEquals(rows, plan.to(plan.count() - 1), what);
            assertEquals((rows + cap - 1) / cap, plan.count(), "as few chunks as the cap allows; " + what);
            int largest = 0;
            for (int k = 0; k < plan.count(); k++) {
                int size = plan.to(k) - plan.from(k);
                assertTrue(size >= 1 && size <= cap, what);
                if (plan.count() > 1) {
                    assertTrue(size >= stable, "chunk " + k + " of " + size + " rows; " + what);
                }
                if (k > 0) {
                    assertEquals(plan.to(k - 1), plan.from(k), what);
                }
                largest = Math.max(largest, size);
            }
            assertEquals(largest, plan.maxRows(), what);
        }
    }

    @Test
    void stableRowsIsOneWhenTheKernelDoesNotDependOnTheBatch() {
        // not matmul-bound (2 + 2 multiply-adds per hidden unit): always the fused kernel
        assertEquals(1, RowChunks.stableRows(network(new int[] {10}, KernelType.AUTO)));
        // a fixed kernel
        assertEquals(1, RowChunks.stableRows(network(new int[] {50, 50}, KernelType.FUSED_CPU)));
    }

    @Test
    void stableRowsIsWhereAWideNetworkSwitchesKernel() {
        FeedForwardNetwork wide = network(new int[] {50, 50}, KernelType.AUTO);
        NetworkSpec spec = wide.spec();
        int s = RowChunks.stableRows(wide);
        assertTrue(s > 1, "the 2-50-50 net switches kernel with the batch size; stableRows " + s);
        KernelType large = Kernels.select(KernelType.AUTO, spec, 1, Integer.MAX_VALUE);
        assertEquals(large, Kernels.select(KernelType.AUTO, spec, 1, s));
        assertNotEquals(large, Kernels.select(KernelType.AUTO, spec, 1, s - 1));
        for (int n : new int[] {1, 2, 8, 100}) { // more samples per call never switch back
            for (int b : new int[] {s, s + 1, 2 * s, 100_000}) {
                assertEquals(large, Kernels.select(KernelType.AUTO, spec, n, b), "n " + n + ", b " + b);
            }
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RowChunks.plan(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> RowChunks.plan(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> RowChunks.plan(1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RowChunks(3, 4));
    }

    private static FeedForwardNetwork network(int[] hidden, KernelType kernel) {
        NetworkSpec spec = NetworkSpec.builder(2, 1).hidden(hidden).activation(Activation.TANH).build();
        return new FeedForwardNetwork(spec, kernel, DataType.DOUBLE);
    }
}
