package org.bnn4j.nn.internal;

import org.bnn4j.nn.ParameterLayout;

/**
 * The backward pass of {@link FusedCpuKernel} for every net that is not unit-major (two or more hidden layers, D > 1,
 * or no hidden layer): for one weight sample, after {@link FusedRowForward#forward}, the heads' gradients and the last
 * hidden layer's delta (for D = 1 in one pass per point, with the activation derivative applied), then per layer
 * from the top the activation derivative, the weight and bias gradients and the delta of the layer below, all
 * row-major over the workspace's {@code act[l]} and {@code delta[l]} {@code [n, b, width]}.
 *
 * <p>Stateless apart from the network's shape; the workspace holds every buffer.
 */
final class FusedRowBackward {

    private final ParameterLayout layout;
    private final int numLayers;
    /** Layer widths from the input, {@link ParameterLayout#layerWidths()}. */
    private final int[] dims;
    private final int outDim;
    private final boolean tanh;

    /**
     * @param layout the network's layout
     * @param tanh   tanh hidden units (else ReLU)
     */
    FusedRowBackward(ParameterLayout layout, boolean tanh) {
        this.layout = layout;
        numLayers = layout.numHidden();
        dims = layout.layerWidths();
        outDim = layout.outDim();
        this.tanh = tanh;
    }

    /**
     * Backward pass of sample s after {@link FusedRowForward#forward} over the whole batch: adds the gradient into
     * the sample's row of grad (zeroed by the caller), from the heads down through every layer.
     *
     * @param ws     the workspace of the forward pass
     * @param p      parameters, one row of P values per sample from offset po
     * @param po     offset of this sample's parameters (and of its gradient row)
     * @param x      inputs {@code [b, inDim]}
     * @param b      batch
     * @param s      sample
     * @param gMean  dLoss/dmean {@code [n, b, D]}
     * @param gScale dLoss/dscale {@code [n, b, D]} (heteroskedastic)
     * @param grad   gradient rows, same layout as p
     */
    void backward(FusedWorkspace ws, double[] p, int po, double[] x, int b, int s, double[] gMean,
                  double[] gScale, double[] grad) {
        int go = po; // grad and params share the row stride
        boolean singleHead = numLayers > 0 && outDim == 1;
        if (singleHead) {
            headBackwardSingle(ws, p, po, b, s, gMean, gScale, grad);
        } else {
            headBackward(ws, p, po, x, b, s, gMean, gScale, grad);
        }
        for (int l = numLayers - 1; l >= 0; l--) {
            int w = dims[l + 1];
            double[] h = ws.act[l];
            double[] dz = ws.delta[l];
            int off = s * b * w;
            if (!(singleHead && l == numLayers - 1)) { // under a D = 1 head the derivative is applied already
                if (tanh) {
                    for (int j = off; j < off + b * w; j++) {
                        double hj = h[j];
                        dz[j] *= 1.0 - hj * hj;
                    }
                } else {
                    for (int j = off; j < off + b * w; j++) {
                        dz[j] *= Math.min(1.0, Math.ceil(h[j])); // ReLU's slope: 1 for h > 0, else 0
                    }
                }
            }
            int pw = dims[l];
            double[] prev = l == 0 ? x : ws.act[l - 1];
            int prevOff = l == 0 ? 0 : s * b * pw;
            double[] dPrev = l == 0 ? null : ws.delta[l - 1];
            int gwo = go + layout.hiddenWeightOffset(l);
            int gbo = go + layout.hiddenBiasOffset(l);
            int wo = po + layout.hiddenWeightOffset(l);
            for (int i = 0; i < b; i++) {
                int zo = off + i * w;
                int ai = prevOff + i * pw;
                if (pw == 1) {
                    double a = prev[ai];
                    for (int j = 0; j < w; j++) {
                        double d = dz[zo + j];
                        grad[gbo + j] += d;
                        grad[gwo + j] += a * d;
                    }
                    if (dPrev != null) {
                        dPrev[ai] = FusedRowForward.dot(dz, zo, p, wo, 1, w);
                    }
                    continue;
                }
                for (int j = 0; j < w; j++) {
                    grad[gbo + j] += dz[zo + j];
                }
                for (int k = 0; k < pw; k++) {
                    double a = prev[ai + k];
                    int gk = gwo + k * w;
                    for (int j = 0; j < w; j++) {
                        grad[gk + j] += a * dz[zo + j];
                    }
                }
                if (dPrev != null) {
                    for (int k = 0; k < pw; k++) {
                        dPrev[ai + k] = FusedRowForward.dot(dz, zo, p, wo + k * w, 1, w);
                    }
                }
            }
        }
    }

    /**
     * Backward through D = 1 heads of a net with two or more hidden layers (one hidden layer takes
     * {@link FusedUnitBackward}): one pass per point gives the head gradients and the last hidden layer's delta with the
     * activation derivative applied.
     */
    private void headBackwardSingle(FusedWorkspace ws, double[] p, int po, int b, int s, double[] gMean,
                                    double[] gScale, double[] grad) {
        int l = numLayers - 1;
        int w = dims[numLayers];
        double[] h = ws.act[l];
        double[] dz = ws.delta[l];
        boolean hetero = layout.heteroskedastic();
        int meanB = layout.meanBiasOffset();
        int scaleB = layout.scaleBiasOffset();
        int mw = po + layout.meanWeightOffset();
        int sw = hetero ? po + layout.scaleWeightOffset() : mw; // read but multiplied by gr = 0 when homoskedastic
        double[] gMw = ws.acc[0];
        double[] gSw = ws.acc[1];
        int ao = s * w; // this sample's accumulator row
        for (double[] a : ws.acc) {
            java.util.Arrays.fill(a, ao, ao + w, 0.0);
        }
        for (int i = 0; i < b; i++) {
            int o = s * b + i;
            double gm = gMean[o];
            double gr = hetero ? gScale[o] * ws.scaleDerivative[o] : 0.0;
            grad[po + meanB] += gm;
            if (hetero) {
                grad[po + scaleB] += gr;
            }
            int ai = o * w;
            for (int j = 0; j < w; j++) {
                double hj = h[ai + j];
                double d = gm * p[mw + j] + gr * p[sw + j];
                dz[ai + j] = tanh ? d * (1.0 - hj * hj) : d * Math.min(1.0, Math.ceil(hj));
                gMw[ao + j] += hj * gm;
                gSw[ao + j] += hj * gr;
            }
        }
        for (int j = 0; j < w; j++) {
            grad[mw + j] += gMw[ao + j];
            if (hetero) {
                grad[sw + j] += gSw[ao + j];
            }
        }
    }

    /** Backward through heads of any D into the last hidden layer's delta (activation derivative not applied). */
    private void headBackward(FusedWorkspace ws, double[] p, int po, double[] x, int b, int s,
                              double[] gMean, double[] gScale, double[] grad) {
        int go = po;
        int meanW = layout.meanWeightOffset();
        int meanB = layout.meanBiasOffset();
        int scaleW = layout.scaleWeightOffset();
        int scaleB = layout.scaleBiasOffset();
        int inW = dims[numLayers];
        double[] in = numLayers == 0 ? x : ws.act[numLayers - 1];
        int inOff = numLayers == 0 ? 0 : s * b * inW;
        double[] dIn = numLayers == 0 ? null : ws.delta[numLayers - 1];
        int d2 = outDim;
        boolean hetero = scaleW >= 0;
        for (int i = 0; i < b; i++) {
            int ai = inOff + i * inW;
            int o = (s * b + i) * d2;
            if (dIn != null) {
                java.util.Arrays.fill(dIn, ai, ai + inW, 0.0);
            }
            for (int d = 0; d < d2; d++) {
                double gm = gMean[o + d];
                grad[go + meanB + d] += gm;
                int gw = go + meanW + d;
                int mw = po + meanW + d;
                for (int j = 0; j < inW; j++) {
                    grad[gw + j * d2] += in[ai + j] * gm;
                }
                if (dIn != null) {
                    for (int j = 0; j < inW; j++) {
                        dIn[ai + j] += gm * p[mw + j * d2];
                    }
                }
                if (hetero) {
                    double gr = gScale[o + d] * ws.scaleDerivative[o + d];
                    grad[go + scaleB + d] += gr;
                    int gsw = go + scaleW + d;
                    int sw = po + scaleW + d;
                    for (int j = 0; j < inW; j++) {
                        grad[gsw + j * d2] += in[ai + j] * gr;
                    }
                    if (dIn != null) {
                        for (int j = 0; j < inW; j++) {
                            dIn[ai + j] += gr * p[sw + j * d2];
                        }
                    }
                }
            }
        }
    }
}
