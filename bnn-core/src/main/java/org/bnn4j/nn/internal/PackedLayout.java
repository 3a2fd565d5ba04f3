package org.bnn4j.nn.internal;

import org.bnn4j.nn.Activation;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;

/**
 * The {@link Nd4jKernel}'s device layout of a batch of parameter vectors, and the Java-side conversions to and
 * from the flat {@code [n, stride]} layout of {@link ParameterLayout}.
 *
 * <p>The kernel works feature-major (activations {@code [n, width, b]}) so that every matmul reads contiguous
 * blocks. Weights are therefore stored transposed and layer-major: for each hidden layer {@code l} a block
 * {@code W^T [n, out, in]} then {@code bias [n, out]}; then the heads, stacked mean rows over scale rows,
 * {@code [n, H, last]} and {@code [n, H]} with {@code H = D} or {@code 2D}. The gradient uses exactly these
 * blocks ({@link #gradLength}). For tanh networks the forward blocks of the hidden layers hold {@code 2W} and
 * {@code 2b} (an exact power-of-two scaling) because the kernel evaluates {@code tanh(z) = 2 sigmoid(2z) - 1},
 * and unscaled copies of {@code W^T} for layers {@code >= 1} follow for the backward pass.
 * Offsets depend on {@code n}; each {@code *Off} method takes it.
 */
final class PackedLayout {
    /** The flat layout the packed blocks are read from and the gradient is scattered into. */
    final ParameterLayout flat;
    final int numLayers;
    /** Layer widths from the input, {@link ParameterLayout#layerWidths()}. */
    final int[] dims;
    final int heads;
    final int outDim;
    final boolean hetero;
    final double hiddenScale;
    /** Per-sample sizes of the blocks, in order. */
    private final int gradPerSample;
    private final int packedPerSample;

    PackedLayout(NetworkSpec spec) {
        flat = new ParameterLayout(spec);
        numLayers = flat.numHidden();
        dims = flat.layerWidths();
        outDim = flat.outDim();
        hetero = flat.heteroskedastic();
        heads = hetero ? 2 * outDim : outDim;
        hiddenScale = spec.activation() == Activation.TANH ? 2.0 : 1.0;
        gradPerSample = flat.size();
        int extra = 0;
        if (hiddenScale != 1.0) {
            for (int l = 1; l < numLayers; l++) {
                extra += dims[l] * dims[l + 1];
            }
        }
        packedPerSample = gradPerSample + extra;
    }

    int last() {
        return dims[numLayers];
    }

    /** @return length of the packed parameters of n samples */
    long packedLength(int n) {
        return (long) n * packedPerSample;
    }

    /** @return length of the packed gradient (= n * P) */
    long gradLength(int n) {
        return (long) n * gradPerSample;
    }

    long wOff(int l, int n) {
        long off = 0;
        for (int k = 0; k < l; k++) {
            off += (long) n * (dims[k] * dims[k + 1] + dims[k + 1]);
        }
        return off;
    }

    long bOff(int l, int n) {
        return wOff(l, n) + (long) n * dims[l] * dims[l + 1];
    }

    long headWOff(int n) {
        return wOff(numLayers, n);
    }

    long headBOff(int n) {
        return headWOff(n) + (long) n * heads * last();
    }

    /** Offset of the unscaled backward copy of layer l's W^T (l >= 1); the forward block when unscaled. */
    long backwardWOff(int l, int n) {
        if (hiddenScale == 1.0) {
            return wOff(l, n);
        }
        long off = gradLength(n);
        for (int k = 1; k < l; k++) {
            off += (long) n * dims[k] * dims[k + 1];
        }
        return off;
    }

    /**
     * Packs {@code [n, stride]} parameters into the device layout.
     *
     * @param p   parameters, row-major {@code [n, stride]}
     * @param dst receives {@link #packedLength(int)} values
     */
    void pack(double[] p, int stride, int n, double[] dst) {
        for (int l = 0; l < numLayers; l++) {
            int in = dims[l];
            int out = dims[l + 1];
            long wo = wOff(l, n);
            long bo = bOff(l, n);
            long co = l >= 1 && hiddenScale != 1.0 ? backwardWOff(l, n) : -1;
            for (int s = 0; s < n; s++) {
                int src = s * stride + flat.hiddenWeightOffset(l);
                int w = (int) (wo + (long) s * out * in);
                for (int j = 0; j < out; j++) {
                    for (int k = 0; k < in; k++) {
                        dst[w + j * in + k] = hiddenScale * p[src + k * out + j];
                    }
                }
                if (co >= 0) {
                    int c = (int) (co + (long) s * out * in);
                    for (int j = 0; j < out; j++) {
                        for (int k = 0; k < in; k++) {
                            dst[c + j * in + k] = p[src + k * out + j];
                        }
                    }
                }
                int bsrc = s * stride + flat.hiddenBiasOffset(l);
                int bd = (int) (bo + (long) s * out);
                for (int j = 0; j < out; j++) {
                    dst[bd + j] = hiddenScale * p[bsrc + j];
                }
            }
        }
        copyHeads(p, stride, n, dst, true);
    }

    /**
     * Scatters a packed gradient into rows of {@code [n, stride]}, overwriting entries {@code k < P}.
     *
     * @param src  packed gradient, {@link #gradLength(int)} values
     * @param grad output rows
     */
    void unpackGradient(double[] src, int n, double[] grad, int stride) {
        for (int l = 0; l < numLayers; l++) {
            int in = dims[l];
            int out = dims[l + 1];
            int wo = (int) wOff(l, n);
            int bo = (int) bOff(l, n);
            for (int s = 0; s < n; s++) {
                int dst = s * stride + flat.hiddenWeightOffset(l);
                int w = wo + s * out * in;
                for (int j = 0; j < out; j++) {
                    for (int k = 0; k < in; k++) {
                        grad[dst + k * out + j] = src[w + j * in + k];
                    }
                }
                System.arraycopy(src, bo + s * out, grad, s * stride + flat.hiddenBiasOffset(l), out);
            }
        }
        copyHeads(grad, stride, n, src, false);
    }

    /**
     * Copies the heads between rows {@code [n, stride]} of the flat layout and the packed head blocks (packed row
     * {@code r < D} is the mean head's output r, row {@code D + d} the scale head's output d).
     *
     * @param rows     flat rows {@code [n, stride]}
     * @param packed   packed blocks
     * @param toPacked whether to copy rows into packed (else packed into rows)
     */
    private void copyHeads(double[] rows, int stride, int n, double[] packed, boolean toPacked) {
        int in = last();
        int hw = (int) headWOff(n);
        int hb = (int) headBOff(n);
        for (int s = 0; s < n; s++) {
            for (int r = 0; r < heads; r++) {
                boolean mean = r < outDim;
                int d = mean ? r : r - outDim;
                int w = s * stride + (mean ? flat.meanWeightOffset() : flat.scaleWeightOffset()) + d; // [last, D]
                int bias = s * stride + (mean ? flat.meanBiasOffset() : flat.scaleBiasOffset()) + d;
                int row = hw + (s * heads + r) * in;
                for (int k = 0; k < in; k++) {
                    copy(rows, w + k * outDim, packed, row + k, toPacked);
                }
                copy(rows, bias, packed, hb + s * heads + r, toPacked);
            }
        }
    }

    /** {@code b[j] = a[i]} if aToB, else {@code a[i] = b[j]}. */
    private static void copy(double[] a, int i, double[] b, int j, boolean aToB) {
        if (aToB) {
            b[j] = a[i];
        } else {
            a[i] = b[j];
        }
    }
}
