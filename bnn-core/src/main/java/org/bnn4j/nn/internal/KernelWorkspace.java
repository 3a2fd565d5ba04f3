package org.bnn4j.nn.internal;

import org.bnn4j.nn.NetworkSpec;

/**
 * Reusable buffers of one {@link NetworkKernel} evaluation: the outputs of the last forward pass and
 * whatever the backward pass needs. Not thread-safe: give each thread (chain, particle batch) its own.
 *
 * <p>Outputs are row-major {@code [n, b, D]}: element {@code (s, i, d)} is at {@code (s * b + i) * D + d}
 * for the {@code n} and {@code b} of the last {@link NetworkKernel#forward} call.
 */
public abstract class KernelWorkspace {
    /** Largest number of weight samples this workspace holds. */
    protected final int maxN;
    /** Largest batch this workspace holds. */
    protected final int maxB;
    /** Output dimension D. */
    protected final int outDim;
    /** Predictive means {@code [n, b, D]} of the last forward pass. */
    protected final double[] mean;
    /** Predictive scales {@code [n, b, D]} (heteroskedastic networks only, else length 0). */
    protected final double[] scale;
    /** Raw scale-head outputs {@code [n, b, D]} (heteroskedastic networks only, else length 0). */
    protected final double[] rawScale;
    /**
     * Derivative of the scale transform at {@link #rawScale}, {@code d scale / d raw} {@code [n, b, D]}, written by the
     * forward pass together with the scales (heteroskedastic networks only, else length 0).
     */
    protected final double[] scaleDerivative;
    /** Samples and batch size of the last forward pass. */
    protected int n;
    /** Batch size of the last forward pass. */
    protected int b;

    /**
     * @param spec the network
     * @param maxN largest number of weight samples, {@code >= 1}
     * @param maxB largest batch, {@code >= 1}
     */
    protected KernelWorkspace(NetworkSpec spec, int maxN, int maxB) {
        if (maxN < 1 || maxB < 1) {
            throw new IllegalArgumentException("workspace sizes must be >= 1 but were maxN=" + maxN + ", maxB=" + maxB);
        }
        this.maxN = maxN;
        this.maxB = maxB;
        this.outDim = spec.outDim();
        long len = (long) maxN * maxB * outDim;
        if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxN * maxB * outDim = " + len + " is too large for one workspace; "
                    + "evaluate in smaller batches");
        }
        this.mean = new double[(int) len];
        this.scale = new double[spec.heteroskedastic() ? (int) len : 0];
        this.rawScale = new double[spec.heteroskedastic() ? (int) len : 0];
        this.scaleDerivative = new double[spec.heteroskedastic() ? (int) len : 0];
    }

    /** @return the means of the last forward pass, {@code [n, b, D]} row-major; a view, do not modify */
    public double[] mean() {
        return mean;
    }

    /** @return the scales of the last forward pass (heteroskedastic only); a view, do not modify */
    public double[] scale() {
        return scale;
    }

    /** @return the raw scale-head outputs of the last forward pass; a view, do not modify */
    public double[] rawScale() {
        return rawScale;
    }

    /** @return number of weight samples of the last forward pass */
    public int n() {
        return n;
    }

    /** @return batch size of the last forward pass */
    public int b() {
        return b;
    }

    /** @return capacity in weight samples */
    public int maxN() {
        return maxN;
    }

    /** @return capacity in batch rows */
    public int maxB() {
        return maxB;
    }

    /**
     * Checks that a backward pass may follow: a forward pass was made on this workspace, and output gradients of
     * the scales are given when the network has a scale head.
     */
    void checkBackward(double[] gScale) {
        if (n == 0) {
            throw new IllegalStateException("backward needs a forward pass on this workspace; call forward first");
        }
        if (scale.length > 0 && gScale == null) {
            throw new IllegalArgumentException("gScale is required for a heteroskedastic network");
        }
    }

    void checkFits(int n, int b) {
        if (n < 1 || b < 1 || n > maxN || b > maxB) {
            throw new IllegalArgumentException("n=" + n + ", b=" + b + " must be in [1, " + maxN + "] x [1, " + maxB
                    + "] for this workspace; create a larger workspace with newWorkspace(n, b)");
        }
    }
}
