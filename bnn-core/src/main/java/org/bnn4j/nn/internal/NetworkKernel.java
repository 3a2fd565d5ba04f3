package org.bnn4j.nn.internal;

import org.bnn4j.nn.NetworkSpec;

/**
 * Forward and backward passes of a {@link NetworkSpec} over a batch of parameter vectors.
 *
 * <p>Parameters are row-major {@code [n, stride]}: sample {@code s} uses {@code params[s * stride + k]} for
 * {@code k < P} (the layout size); entries from {@code P} to {@code stride} belong to the caller (for example a
 * likelihood's noise scale) and are neither read nor written. Inputs are row-major {@code [b, inDim]}.
 *
 * <p>Three implementations: {@link FusedCpuKernel} (plain Java loops, allocation-free, for small nets on the CPU),
 * {@link Nd4jKernel} (batched matmuls, for wide nets and GPUs) and {@link ReferenceKernel} (the defining formulas
 * with {@link StrictMath}, slow, the yardstick the other two are tested against). All give the same numbers to
 * rounding.
 */
public interface NetworkKernel {

    /** @return the network this kernel evaluates */
    NetworkSpec spec();

    /**
     * @param maxN largest number of weight samples per call
     * @param maxB largest batch per call
     * @return a new workspace for this kernel
     */
    KernelWorkspace newWorkspace(int maxN, int maxB);

    /**
     * A workspace for forward passes only (prediction): the kernel may skip keeping what a backward pass needs and
     * evaluate in a faster order; outputs agree with {@link #newWorkspace}'s to rounding. {@link #backward} on it
     * throws {@link IllegalStateException}.
     *
     * @param maxN largest number of weight samples per call
     * @param maxB largest batch per call
     * @return a new forward-only workspace (by default an ordinary one)
     */
    default KernelWorkspace newForwardWorkspace(int maxN, int maxB) {
        return newWorkspace(maxN, maxB);
    }

    /**
     * Evaluates the network; the outputs land in {@code ws.mean()} and {@code ws.scale()}.
     *
     * @param ws     a workspace from this kernel's {@link #newWorkspace}
     * @param params parameters {@code [n, stride]}, not modified
     * @param stride row length of params, {@code >= P}
     * @param n      number of weight samples
     * @param x      inputs {@code [b, inDim]}, not modified
     * @param b      number of inputs
     */
    void forward(KernelWorkspace ws, double[] params, int stride, int n, double[] x, int b);

    /**
     * Backpropagates through the last {@link #forward} on {@code ws}, which must have used the same params and x.
     *
     * @param ws     the workspace of the forward pass
     * @param params the same parameters as the forward pass
     * @param stride the same stride
     * @param x      the same inputs
     * @param gMean  dLoss/dmean {@code [n, b, D]}
     * @param gScale dLoss/dscale {@code [n, b, D]} (heteroskedastic only; may be null otherwise)
     * @param grad   output: dLoss/dparams {@code [n, stride]}; entries {@code k < P} of each row are overwritten,
     *               the rest are left alone
     */
    void backward(KernelWorkspace ws, double[] params, int stride, double[] x, double[] gMean, double[] gScale,
                  double[] grad);
}
