package org.bnn4j.nn;

import org.bnn4j.nn.internal.FusedCpuKernel;
import org.bnn4j.nn.internal.Kernels;
import org.bnn4j.nn.internal.NetworkKernel;
import org.bnn4j.nn.internal.ReferenceKernel;

/** Which {@link NetworkKernel} evaluates a network. */
public enum KernelType {
    /** Choose from backend, width, batch and number of samples (see {@link Kernels#select}). */
    AUTO,
    /** {@link FusedCpuKernel}: plain Java loops; fastest for small nets on the CPU. */
    FUSED_CPU,
    /** The ND4J kernel: batched matmuls; for wide nets, many samples, and GPUs. */
    ND4J,
    /**
     * {@link ReferenceKernel}: the defining formulas in plain loops with {@link StrictMath}, float64; slow, for checking
     * the other kernels. {@code AUTO} never chooses it.
     */
    REFERENCE
}
