package org.bnn4j.nn.internal;

import org.bnn4j.nn.ParameterLayout;

/**
 * The backward pass of {@link FusedCpuKernel} for the unit-major shape (one tanh or ReLU hidden layer, D = 1 heads):
 * for one weight sample, after {@link FusedUnitForward#forward} over the whole batch, the gradient of
 * {@code sum_i gMean_i mean_i + gScale_i scale_i} in every parameter, written into the sample's gradient row. Reads
 * the units' activations {@code [w][b]} and the input columns {@code [inDim][b]} of the workspace, and uses its
 * per-sample scratch (eleven arrays of {@code [b]} and the inputs' second halves {@code [inDim][b / 2 + 1]}).
 *
 * <p>Stateless apart from the network's shape; the workspace holds every buffer.
 */
final class FusedUnitBackward {

    private final ParameterLayout layout;
    /** Layer widths from the input, {@link ParameterLayout#layerWidths()}. */
    private final int[] dims;
    private final boolean tanh;

    /**
     * @param layout the network's layout, one hidden layer and D = 1
     * @param tanh   tanh hidden units (else ReLU)
     */
    FusedUnitBackward(ParameterLayout layout, boolean tanh) {
        this.layout = layout;
        dims = layout.layerWidths();
        this.tanh = tanh;
    }

    /**
     * Backward pass of sample s for the unit-major shape after {@link FusedUnitForward#forward} on the same inputs.
     * Each unit needs sums over the batch: its head weights' gradients {@code sum h gMean} (and {@code sum h gRaw}),
     * its bias' {@code sum d} and each input weight's {@code sum x_k d}, with {@code d = (gMean m_j + gRaw s_j) f'(z)}.
     * C2 does not vectorise floating-point sums, so the batch is folded in half first: the second half of every array
     * is copied into an array of its own ({@code arraycopy}), vectorised loops add the two halves' terms elementwise,
     * and only the folded terms are summed by scalar code (about 1.5x faster for the cluster net's batch of 400).
     *
     * @param ws     the workspace of the forward pass (whole batch as one tile)
     * @param p      parameters, one row of P values per sample from offset po
     * @param po     offset of this sample's parameters (and of its gradient row)
     * @param x      inputs {@code [b, inDim]}
     * @param b      batch
     * @param s      sample
     * @param gMean  dLoss/dmean {@code [n, b]}
     * @param gScale dLoss/dscale {@code [n, b]} (heteroskedastic)
     * @param grad   gradient rows, same layout as p, this sample's row zeroed by the caller
     */
    void backward(FusedWorkspace ws, double[] p, int po, double[] x, int b, int s, double[] gMean,
                  double[] gScale, double[] grad) {
        int w = dims[1];
        int in = dims[0];
        boolean hetero = layout.heteroskedastic();
        int h = b / 2; // folded length; an odd batch's last point is added separately
        int hb = b - h; // second half's length, h or h + 1
        double[][] u = ws.units[s];
        double[][] sc = ws.unitScratch[s];
        double[] gm = sc[0];
        double[] gr = sc[1];
        double[] gm2 = sc[2];
        double[] gr2 = sc[3];
        double[] u2 = sc[4];
        double[] d1 = sc[5];
        double[] d2 = sc[6];
        double[] tm = sc[7];
        double[] ts = sc[8];
        double[] tb = sc[9];
        double[] tw = sc[10];
        double[][] xc = in == 1 ? FusedUnitForward.inputColumns(ws, in, x, s, 0, b) : ws.inputCols[s]; // filled by the forward pass
        double[][] xc2 = ws.inputCols2[s];
        for (int k = 0; k < in; k++) {
            System.arraycopy(xc[k], h, xc2[k], 0, hb);
        }
        int o = s * b;
        double sumM = 0.0;
        double sumR = 0.0;
        for (int i = 0; i < b; i++) {
            double g = gMean[o + i];
            gm[i] = g;
            sumM += g;
        }
        if (hetero) {
            double[] deriv = ws.scaleDerivative;
            for (int i = 0; i < b; i++) {
                double r = gScale[o + i] * deriv[o + i];
                gr[i] = r;
                sumR += r;
            }
            grad[po + layout.scaleBiasOffset()] += sumR;
        } else {
            java.util.Arrays.fill(gr, 0, b, 0.0);
        }
        grad[po + layout.meanBiasOffset()] += sumM;
        System.arraycopy(gm, h, gm2, 0, hb);
        System.arraycopy(gr, h, gr2, 0, hb);
        int mw = po + layout.meanWeightOffset();
        int sw = po + layout.scaleWeightOffset();
        int wo = po + layout.hiddenWeightOffset(0);
        int bo = po + layout.hiddenBiasOffset(0);
        int h2 = h - h % 2;
        for (int j = 0; j < w; j++) {
            double[] uj = u[j];
            double m = p[mw + j];
            double sj = hetero ? p[sw + j] : 0.0;
            System.arraycopy(uj, h, u2, 0, hb);
            if (tanh) {
                for (int i = 0; i < h; i++) {
                    double a = uj[i];
                    double c = u2[i];
                    d1[i] = (gm[i] * m + gr[i] * sj) * (1.0 - a * a);
                    d2[i] = (gm2[i] * m + gr2[i] * sj) * (1.0 - c * c);
                }
            } else {
                for (int i = 0; i < h; i++) { // ReLU's slope min(1, ceil(a)): no branch to mispredict
                    d1[i] = (gm[i] * m + gr[i] * sj) * Math.min(1.0, Math.ceil(uj[i]));
                    d2[i] = (gm2[i] * m + gr2[i] * sj) * Math.min(1.0, Math.ceil(u2[i]));
                }
            }
            for (int i = 0; i < h; i++) {
                tb[i] = d1[i] + d2[i];
            }
            for (int i = 0; i < h; i++) {
                double a = uj[i];
                double c = u2[i];
                tm[i] = a * gm[i] + c * gm2[i];
                ts[i] = a * gr[i] + c * gr2[i];
            }
            double am0 = 0.0;
            double am1 = 0.0;
            double as0 = 0.0;
            double as1 = 0.0;
            double ab0 = 0.0;
            double ab1 = 0.0;
            for (int i = 0; i < h2; i += 2) {
                am0 += tm[i];
                am1 += tm[i + 1];
                as0 += ts[i];
                as1 += ts[i + 1];
                ab0 += tb[i];
                ab1 += tb[i + 1];
            }
            if (h2 < h) {
                am0 += tm[h2];
                as0 += ts[h2];
                ab0 += tb[h2];
            }
            double dl = 0.0; // an odd batch's last point, unfolded
            if (hb > h) {
                double a = u2[h];
                double g = gm2[h] * m + gr2[h] * sj;
                dl = tanh ? g * (1.0 - a * a) : (a > 0.0 ? g : 0.0);
                am1 += a * gm2[h];
                as1 += a * gr2[h];
                ab1 += dl;
            }
            grad[mw + j] += am0 + am1;
            if (hetero) {
                grad[sw + j] += as0 + as1;
            }
            grad[bo + j] += ab0 + ab1;
            for (int k = 0; k < in; k++) { // each input weight: sum x_k d over the folded batch
                double[] xa = xc[k];
                double[] xb = xc2[k];
                for (int i = 0; i < h; i++) {
                    tw[i] = d1[i] * xa[i] + d2[i] * xb[i];
                }
                double aw0 = 0.0;
                double aw1 = 0.0;
                for (int i = 0; i < h2; i += 2) {
                    aw0 += tw[i];
                    aw1 += tw[i + 1];
                }
                if (h2 < h) {
                    aw0 += tw[h2];
                }
                if (hb > h) {
                    aw1 += dl * xb[h];
                }
                grad[wo + k * w + j] += aw0 + aw1;
            }
        }
    }
}
