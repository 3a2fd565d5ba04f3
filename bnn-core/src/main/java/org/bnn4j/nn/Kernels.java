package org.bnn4j.nn;

import org.nd4j.linalg.api.buffer.DataType;

/** Creates kernels and chooses between them. */
public final class Kernels {
    private Kernels() {
    }

    /**
     * Resolves {@link KernelType#AUTO}.
     *
     * @param requested requested type
     * @param spec      the network
     * @param n         weight samples per call
     * @param b         batch size
     * @return {@code requested} unless it is AUTO, else the kernel expected to be faster
     */
    public static KernelType select(KernelType requested, NetworkSpec spec, int n, int b) {
        if (requested != KernelType.AUTO) {
            return requested;
        }
        return KernelType.FUSED_CPU;
    }

    /**
     * @param spec  the network
     * @param type  FUSED_CPU or ND4J
     * @param dtype floating type of the ND4J kernel
     * @return a new kernel
     */
    public static NetworkKernel create(NetworkSpec spec, KernelType type, DataType dtype) {
        return switch (type) {
            case FUSED_CPU, AUTO -> new FusedCpuKernel(spec);
            case ND4J -> throw new UnsupportedOperationException("ND4J kernel not yet merged");
        };
    }
}
