package org.bnn4j.nn.internal;

import java.util.Objects;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Creates kernels and chooses between them. */
public final class Kernels {

    /*
     * From KernelTiming sweep (test scope; figures in docs/benchmarks.md): the cluster net 1-50-1
     * (B=400) is elementwise-bound (tanh of n*b*50 units; ND4J's passes cost as much as the fused loop's exp) and the
     * fused kernel wins or ties at every N from 1 to 32; nets with 100x100 layers are matmul-bound and ND4J wins from
     * the smallest sizes tried (1-100-100-1 at B=128, N=1: 1.3M MACs). Hence two conditions: enough multiply-adds per
     * hidden unit that matmuls dominate, and enough work per call that ND4J's ~10-30 us per op is amortised.
     */

    /** Multiply-adds per hidden unit (fan-in, averaged) below which a net is elementwise-bound: 1-50-1 has 3. */
    static final double ND4J_MIN_MACS_PER_UNIT = 16;

    /** Multiply-adds per forward pass ({@code work(spec) x b x n}) below which per-op overhead dominates. */
    static final long ND4J_MIN_WORK = 1_000_000;

    private Kernels() {
    }

    /**
     * Whether this JVM evaluates tanh with hardware fused multiply-adds. Fits and predictions are reproducible bit for
     * bit between machines that agree on this (with and without FMA the tanh differs by about an ulp).
     *
     * @return true when HotSpot reports {@code UseFMA}
     */
    public static boolean hardwareFma() {
        return FastTanh.HARDWARE_FMA;
    }

    /**
     * Resolves {@link KernelType#AUTO}: the ND4J kernel on a non-CPU backend; on the CPU the ND4J kernel when the
     * network has at least {@link #ND4J_MIN_MACS_PER_UNIT} multiply-adds per hidden unit and a call does at least
     * {@link #ND4J_MIN_WORK} multiply-adds, else the fused CPU kernel.
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
        int units = 0;
        for (int l = 0; l < spec.numHidden(); l++) {
            units += spec.hiddenWidth(l);
        }
        boolean matmulBound = units > 0 && work(spec) >= ND4J_MIN_MACS_PER_UNIT * units;
        return matmulBound && work(spec) * b * n >= ND4J_MIN_WORK ? KernelType.ND4J : KernelType.FUSED_CPU;
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
     * A new kernel for a network: its requested {@link FeedForwardNetwork#kernelType()} resolved by {@link #select}
     * for calls of up to {@code n} weight samples on batches of {@code b} points, in its dtype.
     *
     * @param network the network
     * @param n       expected number of weight samples per call, {@code >= 1}
     * @param b       expected batch size, {@code >= 1}
     * @return a new kernel (not thread-safe together with its workspaces; create one per thread)
     */
    public static NetworkKernel forNetwork(FeedForwardNetwork network, int n, int b) {
        NetworkSpec spec = network.spec();
        return create(spec, select(network.kernelType(), spec, n, b), network.dtype());
    }

    /**
     * @param spec  the network
     * @param type  FUSED_CPU, ND4J or REFERENCE (resolve AUTO with {@link #select} first)
     * @param dtype floating type of the ND4J kernel, DOUBLE or FLOAT; the fused and reference kernels always compute
     *              in float64
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
            case REFERENCE -> new ReferenceKernel(spec);
            case AUTO -> throw new IllegalArgumentException("type must be FUSED_CPU, ND4J or REFERENCE but was AUTO; "
                    + "resolve it with Kernels.select(AUTO, spec, n, b) first");
        };
    }
}
