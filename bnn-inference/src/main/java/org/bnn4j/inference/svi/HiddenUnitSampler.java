package org.bnn4j.inference.svi;

import org.bnn4j.nn.internal.FastTanh;

/**
 * The hidden layer of one particle under the local reparameterization, unit-major: per hidden unit j, the
 * pre-activation's mean {@code m = mu_b + sum_c x_c mu_cj} and variance {@code v = sigma_b^2 + sum_c x_c^2 sigma_cj^2}
 * over the batch, its noise over its standard deviation {@code q = eps / sqrt(v)} and the sampled pre-activation
 * {@code z = m + v q} (that is, {@code m + sd eps}), then the activation (tanh by {@link FastTanh}, or ReLU). Writes
 * per unit two arrays over the batch, the activation {@code [w][b]} and q {@code [w][b]}; the noise is read as
 * {@code [w, b]} (unit j's b values contiguous). Every loop runs over the batch with its arrays indexed alike and
 * stores one array, the form C2 vectorises.
 *
 * <p>Scratch buffers are reused; not thread-safe.
 */
final class HiddenUnitSampler {

    private final int in;
    private final int w;
    private final boolean tanh;
    private final int hiddenW;
    private final int hiddenB;
    /** The batch's input columns and their squares, {@code [in][b]}, filled by {@link InputColumns#load}. */
    private final double[][] xCols;
    private final double[][] colsSq;
    /** Scratch, {@code [maxB]}: one unit's noise (shared with the heads' pass, which runs after) and variance. */
    private final double[] epsBuf;
    private final double[] varBuf;

    /**
     * @param shape   the net
     * @param columns the input columns this sampler reads
     * @param epsBuf  noise scratch of at least the largest batch, shared with the other forward passes
     * @param maxB    largest batch
     */
    HiddenUnitSampler(UnitMajorShape shape, InputColumns columns, double[] epsBuf, int maxB) {
        in = shape.in;
        w = shape.w;
        tanh = shape.tanh;
        hiddenW = shape.hiddenW;
        hiddenB = shape.hiddenB;
        xCols = columns.columns();
        colsSq = columns.squares();
        this.epsBuf = epsBuf;
        varBuf = new double[maxB];
    }

    /**
     * The hidden layer of one particle: per unit, {@code q = eps / sqrt(var)} and {@code z = mean + var q} (that is,
     * {@code mean + sd eps}) over the batch, then the activation.
     *
     * @param loc   guide means, length P
     * @param std   guide standard deviations, length P
     * @param noise standard normal noise; this particle's hidden layer is {@code [w, b]} from offset no
     * @param no    offset of this particle's noise
     * @param h     receives the activations {@code [w][b]}
     * @param qs    receives each pre-activation's {@code eps / sd}, {@code [w][b]}
     * @param batch b
     */
    void sample(double[] loc, double[] std, double[] noise, int no, double[][] h, double[][] qs, int batch) {
        double[] v = varBuf;
        double[] ej = epsBuf;
        for (int j = 0; j < w; j++) {
            double[] hj = h[j];
            double[] qj = qs[j];
            System.arraycopy(noise, no + j * batch, ej, 0, batch);
            double mb = loc[hiddenB + j];
            double sb = std[hiddenB + j];
            if (in == 1) { // the variance recomputed rather than stored: two flops against a loop
                double mw = loc[hiddenW + j];
                double sw = std[hiddenW + j];
                double sw2 = sw * sw;
                double sb2 = sb * sb;
                double[] x0 = xCols[0];
                double[] q0 = colsSq[0];
                for (int i = 0; i < batch; i++) {
                    qj[i] = ej[i] / Math.sqrt(sb2 + q0[i] * sw2);
                }
                for (int i = 0; i < batch; i++) {
                    hj[i] = mb + x0[i] * mw + (sb2 + q0[i] * sw2) * qj[i];
                }
            } else {
                preActivation(loc, std, j, mb, sb, hj, v, batch);
                for (int i = 0; i < batch; i++) {
                    qj[i] = ej[i] / Math.sqrt(v[i]);
                }
                for (int i = 0; i < batch; i++) {
                    hj[i] += v[i] * qj[i];
                }
            }
            if (tanh) {
                FastTanh.inPlace(hj, 0, batch);
            } else {
                for (int i = 0; i < batch; i++) {
                    hj[i] = Math.max(hj[i], 0.0);
                }
            }
        }
    }

    /** Unit j's pre-activation mean into m and variance into v, two input columns per pass. */
    private void preActivation(double[] loc, double[] std, int j, double mb, double sb, double[] m, double[] v,
                               int batch) {
        double[][] xc = xCols;
        double[][] xq = colsSq;
        double m0 = loc[hiddenW + j];
        double s0 = std[hiddenW + j] * std[hiddenW + j];
        double[] x0 = xc[0];
        double[] q0 = xq[0];
        double sb2 = sb * sb;
        for (int i = 0; i < batch; i++) {
            m[i] = mb + x0[i] * m0;
        }
        for (int i = 0; i < batch; i++) {
            v[i] = sb2 + q0[i] * s0;
        }
        int c = 1;
        for (; c + 1 < in; c += 2) {
            int wa = hiddenW + c * w + j;
            int wb = wa + w;
            double ma = loc[wa];
            double mb2 = loc[wb];
            double sa = std[wa] * std[wa];
            double sbb = std[wb] * std[wb];
            double[] xa = xc[c];
            double[] xb = xc[c + 1];
            double[] qa = xq[c];
            double[] qb = xq[c + 1];
            for (int i = 0; i < batch; i++) {
                m[i] += xa[i] * ma + xb[i] * mb2;
            }
            for (int i = 0; i < batch; i++) {
                v[i] += qa[i] * sa + qb[i] * sbb;
            }
        }
        if (c < in) {
            int wa = hiddenW + c * w + j;
            double ma = loc[wa];
            double sa = std[wa] * std[wa];
            double[] xa = xc[c];
            double[] qa = xq[c];
            for (int i = 0; i < batch; i++) {
                m[i] += xa[i] * ma;
            }
            for (int i = 0; i < batch; i++) {
                v[i] += qa[i] * sa;
            }
        }
    }
}
