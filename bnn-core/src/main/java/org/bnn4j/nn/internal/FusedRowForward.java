package org.bnn4j.nn.internal;

import org.bnn4j.nn.ParameterLayout;
import org.bnn4j.nn.ScaleTransform;

/**
 * The forward pass of {@link FusedCpuKernel} for every net that is not unit-major (two or more hidden layers, D > 1,
 * or no hidden layer): for one weight sample and a tile of points {@code [r0, r1)}, each layer's activations
 * row-major into the workspace's {@code act[l]} {@code [n, b, width]} (inner loops over a point's contiguous output
 * units; four points per pass on a 1-d input), then the heads into its {@code [n, b, D]} outputs (for D = 1 both heads
 * in one pass over the activations, four points per pass) and the scale transform. Also the strided dot product that
 * {@link FusedRowBackward} shares.
 *
 * <p>Stateless apart from the network's shape; the workspace holds every buffer.
 */
final class FusedRowForward {

    private final ParameterLayout layout;
    private final int numLayers;
    /** Layer widths from the input, {@link ParameterLayout#layerWidths()}. */
    private final int[] dims;
    private final int outDim;
    private final boolean tanh;
    private final ScaleTransform transform;

    /**
     * @param layout    the network's layout
     * @param tanh      tanh hidden units (else ReLU)
     * @param transform the scale head's transform
     */
    FusedRowForward(ParameterLayout layout, boolean tanh, ScaleTransform transform) {
        this.layout = layout;
        numLayers = layout.numHidden();
        dims = layout.layerWidths();
        outDim = layout.outDim();
        this.tanh = tanh;
        this.transform = transform;
    }

    /**
     * Forward pass of sample s for points {@code [r0, r1)}: the hidden layers, then the heads and the scale transform.
     *
     * @param ws the workspace; receives the outputs of these points
     * @param p  parameters, one row of P values per sample from offset po
     * @param po offset of this sample's parameters
     * @param x  inputs {@code [b, inDim]}
     * @param b  batch
     * @param s  sample
     * @param r0 first point of the tile
     * @param r1 end of the tile (exclusive)
     */
    void forward(FusedWorkspace ws, double[] p, int po, double[] x, int b, int s, int r0, int r1) {
        double[] in = x;
        int inOff = 0;
        int inW = dims[0];
        for (int l = 0; l < numLayers; l++) {
            int w = dims[l + 1];
            double[] out = ws.act[l];
            int outOff = s * b * w;
            int wo = po + layout.hiddenWeightOffset(l);
            int bo = po + layout.hiddenBiasOffset(l);
            int i1 = r0;
            if (inW == 1) { // four points per pass over the units: a quarter of the loop overhead at w ~ 50
                i1 = r0 + (r1 - r0) / 4 * 4;
                for (int i = r0; i < i1; i += 4) {
                    int z0 = outOff + i * w;
                    double a0 = in[inOff + i];
                    double a1 = in[inOff + i + 1];
                    double a2 = in[inOff + i + 2];
                    double a3 = in[inOff + i + 3];
                    for (int j = 0; j < w; j++) {
                        double bj = p[bo + j];
                        double wj = p[wo + j];
                        out[z0 + j] = bj + a0 * wj;
                        out[z0 + w + j] = bj + a1 * wj;
                        out[z0 + 2 * w + j] = bj + a2 * wj;
                        out[z0 + 3 * w + j] = bj + a3 * wj;
                    }
                }
            }
            for (int i = i1; i < r1; i++) {
                int zo = outOff + i * w;
                if (inW == 1) { // z = a w + b: no inner loop (a 1-d input)
                    double a = in[inOff + i];
                    for (int j = 0; j < w; j++) {
                        out[zo + j] = p[bo + j] + a * p[wo + j];
                    }
                } else {
                    System.arraycopy(p, bo, out, zo, w);
                    int ai = inOff + i * inW;
                    for (int k = 0; k < inW; k++) {
                        double a = in[ai + k];
                        int wk = wo + k * w;
                        for (int j = 0; j < w; j++) {
                            out[zo + j] += a * p[wk + j];
                        }
                    }
                }
            }
            activate(out, outOff + r0 * w, (r1 - r0) * w);
            in = out;
            inOff = outOff;
            inW = w;
        }
        int d2 = outDim;
        int meanW = layout.meanWeightOffset();
        int meanB = layout.meanBiasOffset();
        int scaleW = layout.scaleWeightOffset();
        int scaleB = layout.scaleBiasOffset();
        boolean hetero = scaleW >= 0;
        if (hetero && d2 == 1) { // D = 1 heads: both dot products in one pass over the activations
            int mw = po + meanW;
            int sw = po + scaleW;
            int i1 = r0 + (r1 - r0) / 4 * 4;
            for (int i = r0; i < i1; i += 4) { // four points per pass: each weight loaded once for four products
                int a0 = inOff + i * inW;
                int a1 = a0 + inW;
                int a2 = a1 + inW;
                int a3 = a2 + inW;
                double m0 = 0.0;
                double m1 = 0.0;
                double m2 = 0.0;
                double m3 = 0.0;
                double q0 = 0.0;
                double q1 = 0.0;
                double q2 = 0.0;
                double q3 = 0.0;
                for (int j = 0; j < inW; j++) {
                    double m = p[mw + j];
                    double sc = p[sw + j];
                    double h0 = in[a0 + j];
                    double h1 = in[a1 + j];
                    double h2 = in[a2 + j];
                    double h3 = in[a3 + j];
                    m0 += h0 * m;
                    m1 += h1 * m;
                    m2 += h2 * m;
                    m3 += h3 * m;
                    q0 += h0 * sc;
                    q1 += h1 * sc;
                    q2 += h2 * sc;
                    q3 += h3 * sc;
                }
                int o = s * b + i;
                double mb = p[po + meanB];
                double sb = p[po + scaleB];
                ws.mean[o] = mb + m0;
                ws.mean[o + 1] = mb + m1;
                ws.mean[o + 2] = mb + m2;
                ws.mean[o + 3] = mb + m3;
                ws.rawScale[o] = sb + q0;
                ws.rawScale[o + 1] = sb + q1;
                ws.rawScale[o + 2] = sb + q2;
                ws.rawScale[o + 3] = sb + q3;
            }
            for (int i = i1; i < r1; i++) {
                int ai = inOff + i * inW;
                int o = s * b + i;
                double m0 = 0.0;
                double m1 = 0.0;
                double m2 = 0.0;
                double m3 = 0.0;
                double r0s = 0.0;
                double r1s = 0.0;
                double r2s = 0.0;
                double r3s = 0.0;
                int j = 0;
                for (; j + 3 < inW; j += 4) {
                    double h0 = in[ai + j];
                    double h1 = in[ai + j + 1];
                    double h2 = in[ai + j + 2];
                    double h3 = in[ai + j + 3];
                    m0 += h0 * p[mw + j];
                    m1 += h1 * p[mw + j + 1];
                    m2 += h2 * p[mw + j + 2];
                    m3 += h3 * p[mw + j + 3];
                    r0s += h0 * p[sw + j];
                    r1s += h1 * p[sw + j + 1];
                    r2s += h2 * p[sw + j + 2];
                    r3s += h3 * p[sw + j + 3];
                }
                for (; j < inW; j++) {
                    m0 += in[ai + j] * p[mw + j];
                    r0s += in[ai + j] * p[sw + j];
                }
                ws.mean[o] = p[po + meanB] + ((m0 + m1) + (m2 + m3));
                ws.rawScale[o] = p[po + scaleB] + ((r0s + r1s) + (r2s + r3s));
            }
            transform.applyAll(ws.rawScale, ws.scale, ws.scaleDerivative, s * b + r0, s * b + r1);
            return;
        }
        for (int i = r0; i < r1; i++) {
            int ai = inOff + i * inW;
            int o = (s * b + i) * d2;
            for (int d = 0; d < d2; d++) {
                double m = p[po + meanB + d] + dot(in, ai, p, po + meanW + d, d2, inW);
                ws.mean[o + d] = m;
                if (hetero) {
                    ws.rawScale[o + d] = p[po + scaleB + d] + dot(in, ai, p, po + scaleW + d, d2, inW);
                }
            }
        }
        if (hetero) {
            transform.applyAll(ws.rawScale, ws.scale, ws.scaleDerivative, (s * b + r0) * d2, (s * b + r1) * d2);
        }
    }

    /** Applies the activation to {@code z[from, from + len)} in place. */
    private void activate(double[] z, int from, int len) {
        if (tanh) {
            FastTanh.inPlace(z, from, from + len);
        } else {
            for (int j = from; j < from + len; j++) {
                z[j] = Math.max(z[j], 0.0);
            }
        }
    }

    /** {@code sum_j a[ao + j] w[wo + j * ws]} over {@code len} terms; four partial sums break the add latency chain. */
    static double dot(double[] a, int ao, double[] w, int wo, int ws, int len) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            int wj = wo + j * ws;
            s0 += a[ao + j] * w[wj];
            s1 += a[ao + j + 1] * w[wj + ws];
            s2 += a[ao + j + 2] * w[wj + 2 * ws];
            s3 += a[ao + j + 3] * w[wj + 3 * ws];
        }
        for (; j < len; j++) {
            s0 += a[ao + j] * w[wo + j * ws];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
