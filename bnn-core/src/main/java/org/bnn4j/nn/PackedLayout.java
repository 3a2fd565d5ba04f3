package org.bnn4j.nn;

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
    final int numLayers;
    final int[] dims;
    final int heads;
    final int outDim;
    final boolean hetero;
    final double hiddenScale;
    private final int[] wOff;
    private final int[] bOff;
    private final int meanW;
    private final int meanB;
    private final int scaleW;
    private final int scaleB;
    /** Per-sample sizes of the blocks, in order. */
    private final int gradPerSample;
    private final int packedPerSample;

    PackedLayout(NetworkSpec spec) {
        ParameterLayout layout = new ParameterLayout(spec);
        numLayers = spec.numHidden();
        dims = new int[numLayers + 1];
        dims[0] = spec.inDim();
        wOff = new int[numLayers];
        bOff = new int[numLayers];
        for (int l = 0; l < numLayers; l++) {
            dims[l + 1] = spec.hiddenWidth(l);
            wOff[l] = layout.hiddenWeightOffset(l);
            bOff[l] = layout.hiddenBiasOffset(l);
        }
        outDim = spec.outDim();
        hetero = spec.heteroskedastic();
        heads = hetero ? 2 * outDim : outDim;
        meanW = layout.meanWeightOffset();
        meanB = layout.meanBiasOffset();
        scaleW = layout.scaleWeightOffset();
        scaleB = layout.scaleBiasOffset();
        hiddenScale = spec.activation() == Activation.TANH ? 2.0 : 1.0;
        gradPerSample = layout.size();
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
                int src = s * stride + wOff[l];
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
                int bsrc = s * stride + bOff[l];
                int bd = (int) (bo + (long) s * out);
                for (int j = 0; j < out; j++) {
                    dst[bd + j] = hiddenScale * p[bsrc + j];
                }
            }
        }
        int in = last();
        int hw = (int) headWOff(n);
        int hb = (int) headBOff(n);
        for (int s = 0; s < n; s++) {
            int po = s * stride;
            for (int d = 0; d < outDim; d++) {
                int row = hw + (s * heads + d) * in;
                for (int k = 0; k < in; k++) {
                    dst[row + k] = p[po + meanW + k * outDim + d];
                }
                dst[hb + s * heads + d] = p[po + meanB + d];
                if (hetero) {
                    int srow = hw + (s * heads + outDim + d) * in;
                    for (int k = 0; k < in; k++) {
                        dst[srow + k] = p[po + scaleW + k * outDim + d];
                    }
                    dst[hb + s * heads + outDim + d] = p[po + scaleB + d];
                }
            }
        }
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
                int dst = s * stride + wOff[l];
                int w = wo + s * out * in;
                for (int j = 0; j < out; j++) {
                    for (int k = 0; k < in; k++) {
                        grad[dst + k * out + j] = src[w + j * in + k];
                    }
                }
                System.arraycopy(src, bo + s * out, grad, s * stride + bOff[l], out);
            }
        }
        int in = last();
        int hw = (int) headWOff(n);
        int hb = (int) headBOff(n);
        for (int s = 0; s < n; s++) {
            int po = s * stride;
            for (int d = 0; d < outDim; d++) {
                int row = hw + (s * heads + d) * in;
                for (int k = 0; k < in; k++) {
                    grad[po + meanW + k * outDim + d] = src[row + k];
                }
                grad[po + meanB + d] = src[hb + s * heads + d];
                if (hetero) {
                    int srow = hw + (s * heads + outDim + d) * in;
                    for (int k = 0; k < in; k++) {
                        grad[po + scaleW + k * outDim + d] = src[srow + k];
                    }
                    grad[po + scaleB + d] = src[hb + s * heads + outDim + d];
                }
            }
        }
    }
}
