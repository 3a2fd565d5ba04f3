package org.bnn4j.nn.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Preconditions and reuse rules of the kernels and their workspaces. */
class KernelContractTest {
    private static final NetworkSpec SPEC = NetworkSpec.builder(2, 2).hidden(5, 4).build();

    private static List<NetworkKernel> kernels() {
        return List.of(new FusedCpuKernel(SPEC), new Nd4jKernel(SPEC, DataType.DOUBLE),
                new Nd4jKernel(SPEC, DataType.FLOAT), new ReferenceKernel(SPEC));
    }

    @Test
    void backwardBeforeForwardIsRejected() {
        KernelFixture f = new KernelFixture(SPEC, 2, 3, 1);
        for (NetworkKernel k : kernels()) {
            KernelWorkspace ws = k.newWorkspace(2, 3);
            assertThrows(IllegalStateException.class,
                    () -> k.backward(ws, f.params, f.stride, f.x, f.gMean, f.gScale, new double[2 * f.stride]), k::toString);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        KernelFixture f = new KernelFixture(SPEC, 2, 3, 1);
        for (NetworkKernel k : kernels()) {
            KernelWorkspace ws = k.newWorkspace(2, 3);
            NetworkKernel other = k instanceof FusedCpuKernel ? new FusedCpuKernel(SPEC) : new Nd4jKernel(SPEC, DataType.DOUBLE);
            KernelWorkspace foreign = other.newWorkspace(2, 3);
            assertThrows(IllegalArgumentException.class, () -> k.forward(foreign, f.params, f.stride, 2, f.x, 3));
            assertThrows(IllegalArgumentException.class, () -> k.forward(ws, f.params, f.stride, 3, f.x, 3));
            assertThrows(IllegalArgumentException.class, () -> k.forward(ws, f.params, f.stride, 2, f.x, 4));
            assertThrows(IllegalArgumentException.class, () -> k.forward(ws, f.params, f.p - 1, 2, f.x, 3));
            assertThrows(IllegalArgumentException.class, () -> k.forward(ws, new double[f.stride], f.stride, 2, f.x, 3));
            assertThrows(IllegalArgumentException.class, () -> k.forward(ws, f.params, f.stride, 2, new double[5], 3));
            k.forward(ws, f.params, f.stride, 2, f.x, 3);
            assertThrows(IllegalArgumentException.class,
                    () -> k.backward(ws, f.params, f.stride, f.x, f.gMean, null, new double[2 * f.stride]));
            assertThrows(IllegalArgumentException.class, () -> k.newWorkspace(0, 3));
            assertThrows(IllegalArgumentException.class, () -> k.newWorkspace(2, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> new Nd4jKernel(SPEC, DataType.HALF));
        assertThrows(IllegalArgumentException.class, () -> new Nd4jKernel(SPEC, DataType.INT));
    }

    /** A workspace reused for smaller and then larger (n, b) gives the same numbers as a fresh one. */
    @Test
    void workspaceReuseAcrossSizesIsExact() {
        for (NetworkKernel k : kernels()) {
            KernelFixture big = new KernelFixture(SPEC, 4, 7, 3);
            KernelFixture small = new KernelFixture(SPEC, 2, 3, 4);
            KernelFixture.Result fresh = big.run(k);
            KernelWorkspace ws = k.newWorkspace(4, 7);
            k.forward(ws, small.params, small.stride, 2, small.x, 3);
            k.forward(ws, big.params, big.stride, 4, big.x, 7);
            double[] grad = new double[4 * big.stride];
            Arrays.fill(grad, KernelFixture.SENTINEL);
            k.backward(ws, big.params, big.stride, big.x, big.gMean, big.gScale, grad);
            assertEquals(4, ws.n());
            assertEquals(7, ws.b());
            assertArrayEquals(fresh.mean(), Arrays.copyOf(ws.mean(), fresh.mean().length), 0.0, k.toString());
            assertArrayEquals(fresh.scale(), Arrays.copyOf(ws.scale(), fresh.scale().length), 0.0, k.toString());
            assertArrayEquals(fresh.grad(), grad, 0.0, k.toString());
        }
    }
}
