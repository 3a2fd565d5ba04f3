package org.bnn4j.nn.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/** The fused kernel's forward-only workspace (prediction) against its ordinary forward pass. */
class FusedForwardOnlyTest {

    /**
     * The seed shape runs in a different summation order (head sums over units in sequence instead of four partial
     * sums): outputs of magnitude ~10 with 50 terms differ by a few ulps, far below 1e-12 relative.
     */
    private static final double REL_TOL = 1e-12;

    @Test
    void forwardOnlyMatchesTheOrdinaryForwardPass() {
        for (NetworkSpec spec : new NetworkSpec[] {NetworkSpec.builder(1, 1).hidden(50).build(), // the unit-major path
                NetworkSpec.builder(1, 1).hidden(7).heteroskedastic(false).build(),
                NetworkSpec.builder(3, 2).hidden(20, 10).build()}) {
            int n = 5;
            int b = 300; // more than two tiles, the last one partial
            KernelFixture f = new KernelFixture(spec, n, b, 31);
            FusedCpuKernel k = new FusedCpuKernel(spec);
            KernelFixture.Result full = f.run(k);
            KernelWorkspace ws = k.newForwardWorkspace(n, b);
            k.forward(ws, f.params, f.stride, n, f.x, b);
            int len = n * b * spec.outDim();
            double meanErr = KernelFixture.maxRelError(full.mean(), java.util.Arrays.copyOf(ws.mean(), len));
            assertTrue(meanErr <= REL_TOL, spec.describe() + ": mean error " + meanErr);
            if (spec.heteroskedastic()) {
                double scaleErr = KernelFixture.maxRelError(full.scale(), java.util.Arrays.copyOf(ws.scale(), len));
                assertTrue(scaleErr <= REL_TOL, spec.describe() + ": scale error " + scaleErr);
            }
        }
    }

    @Test
    void backwardOnAForwardOnlyWorkspaceIsRejected() {
        NetworkSpec spec = NetworkSpec.builder(1, 1).hidden(50).build();
        KernelFixture f = new KernelFixture(spec, 2, 10, 32);
        FusedCpuKernel k = new FusedCpuKernel(spec);
        KernelWorkspace ws = k.newForwardWorkspace(2, 10);
        k.forward(ws, f.params, f.stride, 2, f.x, 10);
        double[] grad = new double[2 * f.stride];
        assertThrows(IllegalStateException.class, () -> k.backward(ws, f.params, f.stride, f.x, f.gMean, f.gScale, grad));
    }

    @Test
    void theNd4jKernelFallsBackToAnOrdinaryWorkspace() {
        NetworkSpec spec = NetworkSpec.builder(1, 1).hidden(8).build();
        Nd4jKernel k = new Nd4jKernel(spec, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        KernelFixture f = new KernelFixture(spec, 2, 10, 33);
        KernelWorkspace ws = k.newForwardWorkspace(2, 10);
        k.forward(ws, f.params, f.stride, 2, f.x, 10);
        KernelFixture.Result full = f.run(k);
        assertArrayEquals(full.mean(), java.util.Arrays.copyOf(ws.mean(), 20), 0.0);
    }
}
