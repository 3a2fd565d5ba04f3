package org.bnn4j.nn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Kernel selection and creation on the CPU test backend. */
class KernelsTest {
    private static final NetworkSpec SEED = NetworkSpec.builder(1, 1).hidden(50).build();
    private static final NetworkSpec WIDE = NetworkSpec.builder(13, 1).hidden(100, 100).build();

    @Test
    void explicitTypesAreKept() {
        assertEquals(KernelType.ND4J, Kernels.select(KernelType.ND4J, SEED, 1, 1));
        assertEquals(KernelType.FUSED_CPU, Kernels.select(KernelType.FUSED_CPU, WIDE, 100, 1000));
    }

    @Test
    void autoFollowsTheMeasuredRule() {
        // 1-50-1: 3 multiply-adds per hidden unit, elementwise-bound: fused at any size
        assertEquals(KernelType.FUSED_CPU, Kernels.select(KernelType.AUTO, SEED, 100, 400));
        // 13-100-100-1: 57.5 per unit; 11500 MACs per point and sample
        assertEquals(11_500, Kernels.work(WIDE));
        assertEquals(KernelType.ND4J, Kernels.select(KernelType.AUTO, WIDE, 1, 512));
        assertEquals(KernelType.FUSED_CPU, Kernels.select(KernelType.AUTO, WIDE, 1, 8));
        assertEquals(KernelType.FUSED_CPU, Kernels.select(KernelType.AUTO, NetworkSpec.builder(3, 1).build(), 64, 4096));
        assertThrows(IllegalArgumentException.class, () -> Kernels.select(KernelType.AUTO, SEED, 0, 1));
    }

    @Test
    void createBuildsEitherKernelAndRejectsAutoAndBadDtypes() {
        assertInstanceOf(FusedCpuKernel.class, Kernels.create(SEED, KernelType.FUSED_CPU, DataType.DOUBLE));
        Nd4jKernel k = (Nd4jKernel) Kernels.create(SEED, KernelType.ND4J, DataType.FLOAT);
        assertEquals(DataType.FLOAT, k.dtype());
        assertEquals(SEED, k.spec());
        assertThrows(IllegalArgumentException.class, () -> Kernels.create(SEED, KernelType.AUTO, DataType.DOUBLE));
        assertThrows(IllegalArgumentException.class, () -> Kernels.create(SEED, KernelType.ND4J, DataType.HALF));
        assertThrows(IllegalArgumentException.class, () -> Kernels.create(SEED, KernelType.FUSED_CPU, DataType.INT));
    }
}
