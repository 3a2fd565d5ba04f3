package org.bnn4j.nn;

/**
 * Which compute kernel evaluates a {@link FeedForwardNetwork}, chosen with the network
 * ({@code new FeedForwardNetwork(spec, KernelType.ND4J, DataType.FLOAT)}). All kernels give the same numbers to
 * rounding; they differ in speed and in the floating type they compute in.
 */
public enum KernelType {
    /**
     * Chosen per call from backend, width, batch and number of samples: the ND4J kernel on a GPU backend, or on the
     * CPU for networks whose matrix products dominate (at least 16 multiply-adds per hidden unit and a million per
     * call); the fused CPU kernel otherwise.
     */
    AUTO,
    /** Plain Java loops over {@code double[]}, allocation-free, in float64; fastest for small nets on the CPU. */
    FUSED_CPU,
    /** ND4J batched matrix products in the network's dtype; for wide nets, many samples, and GPUs. */
    ND4J,
    /**
     * The defining formulas in plain loops with {@link StrictMath}, float64; slow, for checking the other kernels.
     * {@code AUTO} never chooses it.
     */
    REFERENCE
}
