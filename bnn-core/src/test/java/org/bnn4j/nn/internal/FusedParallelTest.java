package org.bnn4j.nn.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bnn4j.nn.Activation;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/** The fused kernel gives bit-identical results whether samples run in parallel or one after another. */
class FusedParallelTest {

    @Test
    void parallelEqualsSequentialExactly() {
        for (NetworkSpec spec : new NetworkSpec[] {NetworkSpec.builder(1, 1).hidden(50).build(),
                NetworkSpec.builder(3, 1).hidden(20, 10).activation(Activation.RELU).build(),
                NetworkSpec.builder(2, 2).hidden(16).build()}) {
            int n = 16;
            int b = 300;
            assertTrue(Kernels.work(spec) * b * n >= FusedCpuKernel.PARALLEL_MIN_WORK, "case must take the parallel path");
            KernelFixture f = new KernelFixture(spec, n, b, 21);
            for (int rep = 0; rep < 5; rep++) { // races show up intermittently: repeat
                KernelFixture.Result par = f.run(new FusedCpuKernel(spec, true));
                KernelFixture.Result seq = f.run(new FusedCpuKernel(spec, false));
                assertArrayEquals(seq.mean(), par.mean(), 0.0, spec.describe());
                assertArrayEquals(seq.scale(), par.scale(), 0.0, spec.describe());
                assertArrayEquals(seq.grad(), par.grad(), 0.0, spec.describe());
            }
        }
    }
}
