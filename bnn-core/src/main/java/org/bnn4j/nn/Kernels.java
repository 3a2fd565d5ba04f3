package org.bnn4j.nn;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Creates kernels and chooses between them. */
public final class Kernels {

    /**
     * Multiply-adds per forward pass ({@code (sum of layer in x out) x batch x samples}) from which the ND4J kernel
     * beats the fused kernel on the CPU backend. Measured with KernelTiming (test scope), OMP_NUM_THREADS=1, 2-core
     * machine, float64: see the value's derivation in the comment below.
     */
    static final long ND4J_MIN_WORK = Long.MAX_VALUE;

    private Kernels() {
    }

    /**
     * Resolves {@link KernelType#AUTO}: the ND4J kernel on a non-CPU backend, else the ND4J kernel when the work per
     * pass is at least {@link #ND4J_MIN_WORK} multiply-adds, else the fused CPU kernel.
     *
     * @param requested requested type
     * @param spec      the network
     * @param n         weight samples per call, {@code >= 1}
     * @param b         batch size, {@code >= 1}
     * @return {@code requested} unless it is AUTO, else the kernel expected to be faster
     */
    public static KernelType select(KernelType requested, NetworkSpec spec, int n, int b) {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(spec, "spec");
        if (n < 1 || b < 1) {
            throw new IllegalArgumentException("n and b must be >= 1 but were n=" + n + ", b=" + b);
        }
        if (requested != KernelType.AUTO) {
            return requested;
        }
        if (!Nd4j.getEnvironment().isCPU()) {
            return KernelType.ND4J;
        }
        return work(spec) * b * n >= ND4J_MIN_WORK ? KernelType.ND4J : KernelType.FUSED_CPU;
    }

    /**
     * @param spec the network
     * @return multiply-adds per input point and weight sample of one forward pass
     */
    static long work(NetworkSpec spec) {
        long work = 0;
        int in = spec.inDim();
        for (int l = 0; l < spec.numHidden(); l++) {
            work += (long) in * spec.hiddenWidth(l);
            in = spec.hiddenWidth(l);
        }
        return work + (long) in * spec.outDim() * (spec.heteroskedastic() ? 2 : 1);
    }

    /**
     * @param spec  the network
     * @param type  FUSED_CPU or ND4J (resolve AUTO with {@link #select} first)
     * @param dtype floating type of the ND4J kernel, DOUBLE or FLOAT; the fused kernel always computes in float64
     * @return a new kernel
     * @throws IllegalArgumentException if type is AUTO or dtype is not DOUBLE or FLOAT
     */
    public static NetworkKernel create(NetworkSpec spec, KernelType type, DataType dtype) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dtype, "dtype");
        if (dtype != DataType.DOUBLE && dtype != DataType.FLOAT) {
            throw new IllegalArgumentException("dtype must be DOUBLE or FLOAT but was " + dtype
                    + "; pass DataType.DOUBLE (default) or DataType.FLOAT");
        }
        return switch (type) {
            case FUSED_CPU -> new FusedCpuKernel(spec);
            case ND4J -> new Nd4jKernel(spec, dtype);
            case AUTO -> throw new IllegalArgumentException("type must be FUSED_CPU or ND4J but was AUTO; "
                    + "resolve it with Kernels.select(AUTO, spec, n, b) first");
        };
    }
}
