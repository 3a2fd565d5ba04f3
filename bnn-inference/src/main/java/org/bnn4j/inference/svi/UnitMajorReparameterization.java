package org.bnn4j.inference.svi;

import org.bnn4j.nn.FastTanh;
import org.bnn4j.nn.ParameterLayout;
import org.bnn4j.nn.ScaleTransform;

/**
 * The local reparameterization of a network with one hidden layer (any input width, tanh or ReLU, any output width
 * D, heteroskedastic or not), evaluated unit-major: per hidden unit one array over the batch for each of its
 * pre-activation standard deviation, noise and activation, and per head output one array for each of the same, so
 * that every elementwise loop runs over the batch with all its arrays indexed alike (the form C2 vectorises on
 * JDK 17; a loop that mixes {@code a[i]} with {@code b[o + i]} stays scalar).
 *
 * <p>Noise layout per particle ({@link LocalReparameterization#noisePerParticle(int)} values): the hidden layer as
 * {@code [width, b]} (unit j's b values contiguous), then the mean head as {@code [D, b]}, then (heteroskedastic) the
 * scale head as {@code [D, b]}. The general path reads the same number of values as {@code [b, width]},
 * {@code [b, D]}, {@code [b, D]}; both take independent standard normals, so the estimator is the same.
 *
 * <p>Sums over the batch (every parameter's gradient) are scalar: C2 does not vectorise floating-point reductions.
 * The backward pass therefore computes each unit's delta and noise term in vectorised loops and then folds the batch
 * in half before summing: the terms of the second half are added to those of the first in vectorised loops (over
 * copies of the second halves indexed from 0), so scalar code sums only half as many values.
 *
 * <p>Buffers are reused; not thread-safe.
 */
final class UnitMajorReparameterization {

    private final int in;
    private final int w;
    private final int outDim;
    private final boolean hetero;
    private final boolean tanh;
    private final ScaleTransform transform;
    /** Heads: D mean heads, then (heteroskedastic) D scale heads. */
    private final int numHeads;
    private final int hiddenW;
    private final int hiddenB;
    /** Weight and bias offsets of head hd: mean head d = hd, scale head d = hd - D. */
    private final int[] headW;
    private final int[] headB;
    private final int maxB;
    /** Per particle: unit activations, pre-activation standard deviations and noise, {@code [K][width][maxB]}. */
    private final double[][][] act;
    private final double[][][] sd;
    private final double[][][] eps;
    /** Per particle, per head: the output's standard deviation and noise, {@code [K][numHeads][maxB]}. */
    private final double[][][] headSd;
    private final double[][][] headEps;
    /** The batch's input columns and their squares, {@code [in][maxB]}; a 1-d input's column is x itself. */
    private final double[][] cols;
    private final double[][] colsSq;
    /** Second halves of {@link #cols} and {@link #colsSq}, {@code [in][maxB / 2 + 1]}, for the folded sums. */
    private final double[][] cols2;
    private final double[][] colsSq2;
    /** Head scratch of the forward pass: mean and variance sums over the units. */
    private final double[] headMean;
    private final double[] headVar;
    /**
     * Backward state per head: the loss gradient in the head's output, its noise term {@code g eps / sd}, and their
     * second halves, {@code [numHeads][maxB]}.
     */
    private final double[][] g;
    private final double[][] r;
    private final double[][] g2;
    private final double[][] r2;
    /** Per-unit scratch of the backward pass, {@code [maxB]} each. */
    private final double[] delta;
    private final double[] noiseTerm;
    private final double[] act2;
    private final double[] delta2;
    private final double[] noiseTerm2;
    private final double[][] terms;
    private double[][] xCols;
    private int k;
    private int b;

    /**
     * @param layout    the network's layout, one hidden layer
     * @param tanh      tanh hidden units (else ReLU)
     * @param transform the scale head's transform (heteroskedastic)
     * @param maxK      largest number of particles
     * @param maxB      largest batch
     */
    UnitMajorReparameterization(ParameterLayout layout, boolean tanh, ScaleTransform transform, int maxK, int maxB) {
        if (layout.numHidden() != 1) {
            throw new IllegalArgumentException("the unit-major path takes one hidden layer but the network has "
                    + layout.numHidden());
        }
        in = layout.inDim();
        w = layout.lastWidth();
        outDim = layout.outDim();
        hetero = layout.heteroskedastic();
        this.tanh = tanh;
        this.transform = transform;
        numHeads = outDim * (hetero ? 2 : 1);
        hiddenW = layout.hiddenWeightOffset(0);
        hiddenB = layout.hiddenBiasOffset(0);
        headW = new int[numHeads];
        headB = new int[numHeads];
        for (int d = 0; d < outDim; d++) {
            headW[d] = layout.meanWeightOffset() + d;
            headB[d] = layout.meanBiasOffset() + d;
            if (hetero) {
                headW[outDim + d] = layout.scaleWeightOffset() + d;
                headB[outDim + d] = layout.scaleBiasOffset() + d;
            }
        }
        this.maxB = maxB;
        act = new double[maxK][w][maxB];
        sd = new double[maxK][w][maxB];
        eps = new double[maxK][w][maxB];
        headSd = new double[maxK][numHeads][maxB];
        headEps = new double[maxK][numHeads][maxB];
        int half = maxB / 2 + 1;
        cols = new double[in][in == 1 ? 0 : maxB];
        colsSq = new double[in][maxB];
        cols2 = new double[in][half];
        colsSq2 = new double[in][half];
        headMean = new double[maxB];
        headVar = new double[maxB];
        g = new double[numHeads][maxB];
        r = new double[numHeads][maxB];
        g2 = new double[numHeads][half];
        r2 = new double[numHeads][half];
        delta = new double[maxB];
        noiseTerm = new double[maxB];
        act2 = new double[half];
        delta2 = new double[half];
        noiseTerm2 = new double[half];
        terms = new double[8][half];
        xCols = new double[in][];
    }

    /**
     * Forward pass of K particles; outputs as {@code [K, b, D]} into mean, raw and scale (and d scale / d raw into
     * scaleDeriv).
     *
     * @param loc          guide means, length P
     * @param std          guide standard deviations, length P
     * @param noise        standard normal noise, {@code [K, noisePerParticle]} in this class's order
     * @param npp          noise values per particle
     * @param numParticles K
     * @param x            inputs {@code [b, inDim]}
     * @param batch        b
     * @param mean         receives the sampled mean head
     * @param raw          receives the sampled raw scale head (heteroskedastic)
     * @param scale        receives the transformed scale (heteroskedastic)
     * @param scaleDeriv   receives d scale / d raw (heteroskedastic)
     */
    void forward(double[] loc, double[] std, double[] noise, int npp, int numParticles, double[] x, int batch,
                 double[] mean, double[] raw, double[] scale, double[] scaleDeriv) {
        if (batch > maxB) {
            throw new IllegalArgumentException("batch " + batch + " exceeds capacity " + maxB);
        }
        k = numParticles;
        b = batch;
        columns(x, batch);
        for (int s = 0; s < numParticles; s++) {
            int no = s * npp;
            hidden(loc, std, noise, no, s, batch);
            int hn = no + w * batch;
            int o = s * batch * outDim;
            for (int hd = 0; hd < numHeads; hd++) {
                double[] out = hd < outDim ? mean : raw;
                int d = hd < outDim ? hd : hd - outDim;
                head(loc, std, noise, hn + hd * batch, s, hd, out, o, d, batch);
            }
            if (hetero) {
                transform.applyAll(raw, scale, scaleDeriv, o, o + batch * outDim);
            }
        }
    }

    /** The batch's input columns (x itself for a 1-d input) and their squares. */
    private void columns(double[] x, int batch) {
        if (in == 1) {
            xCols[0] = x;
        } else {
            for (int i = 0; i < batch; i++) {
                int xi = i * in;
                for (int c = 0; c < in; c++) {
                    cols[c][i] = x[xi + c];
                }
            }
            for (int c = 0; c < in; c++) {
                xCols[c] = cols[c];
            }
        }
        for (int c = 0; c < in; c++) {
            double[] xc = xCols[c];
            double[] q = colsSq[c];
            for (int i = 0; i < batch; i++) {
                q[i] = xc[i] * xc[i];
            }
        }
    }

    /** The hidden layer of particle s: per unit, z = mean + sd eps over the batch, then the activation. */
    private void hidden(double[] loc, double[] std, double[] noise, int no, int s, int batch) {
        double[][] h = act[s];
        double[][] sdh = sd[s];
        double[][] e = eps[s];
        for (int j = 0; j < w; j++) {
            double[] hj = h[j];
            double[] dj = sdh[j];
            double[] ej = e[j];
            System.arraycopy(noise, no + j * batch, ej, 0, batch);
            double mb = loc[hiddenB + j];
            double sb = std[hiddenB + j];
            if (in == 1) {
                double mw = loc[hiddenW + j];
                double sw = std[hiddenW + j];
                double sw2 = sw * sw;
                double sb2 = sb * sb;
                double[] x0 = xCols[0];
                double[] q0 = colsSq[0];
                for (int i = 0; i < batch; i++) {
                    double v = Math.sqrt(sb2 + q0[i] * sw2);
                    dj[i] = v;
                    hj[i] = mb + x0[i] * mw + v * ej[i];
                }
            } else {
                preActivation(loc, std, j, mb, sb, hj, dj, batch);
                for (int i = 0; i < batch; i++) {
                    double v = Math.sqrt(dj[i]);
                    dj[i] = v;
                    hj[i] += v * ej[i];
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

    /**
     * Head hd of particle s: mean and variance sums over the units (two units per pass), the sampled output, written
     * to out[o + i D + d].
     */
    private void head(double[] loc, double[] std, double[] noise, int no, int s, int hd, double[] out, int o, int d,
                      int batch) {
        double[][] h = act[s];
        double[] m = headMean;
        double[] v = headVar;
        int wo = headW[hd];
        int bo = headB[hd];
        int stride = outDim;
        java.util.Arrays.fill(m, 0, batch, loc[bo]);
        java.util.Arrays.fill(v, 0, batch, std[bo] * std[bo]);
        int j = 0;
        for (; j + 1 < w; j += 2) {
            double[] h0 = h[j];
            double[] h1 = h[j + 1];
            int w0 = wo + j * stride;
            int w1 = w0 + stride;
            double m0 = loc[w0];
            double m1 = loc[w1];
            double s0 = std[w0] * std[w0];
            double s1 = std[w1] * std[w1];
            for (int i = 0; i < batch; i++) {
                double a0 = h0[i];
                double a1 = h1[i];
                m[i] += a0 * m0 + a1 * m1;
                v[i] += a0 * a0 * s0 + a1 * a1 * s1;
            }
        }
        if (j < w) {
            double[] h0 = h[j];
            int w0 = wo + j * stride;
            double m0 = loc[w0];
            double s0 = std[w0] * std[w0];
            for (int i = 0; i < batch; i++) {
                double a0 = h0[i];
                m[i] += a0 * m0;
                v[i] += a0 * a0 * s0;
            }
        }
        double[] sdo = headSd[s][hd];
        double[] e = headEps[s][hd];
        System.arraycopy(noise, no, e, 0, batch);
        for (int i = 0; i < batch; i++) {
            double dv = Math.sqrt(v[i]);
            sdo[i] = dv;
            m[i] += dv * e[i];
        }
        if (stride == 1) {
            System.arraycopy(m, 0, out, o, batch);
        } else {
            for (int i = 0; i < batch; i++) {
                out[o + i * stride + d] = m[i];
            }
        }
    }

    /**
     * Backward pass of the last {@link #forward}: accumulates the loss gradient into gLoc and gStd (summed over the
     * particles; not zeroed here).
     *
     * @param loc        guide means
     * @param std        guide standard deviations
     * @param gMean      dLoss/dmean {@code [K, b, D]}
     * @param gScale     dLoss/dscale {@code [K, b, D]} (heteroskedastic)
     * @param scaleDeriv d scale / d raw of the forward pass (heteroskedastic)
     * @param gLoc       accumulator, length P
     * @param gStd       accumulator, length P
     */
    void backward(double[] loc, double[] std, double[] gMean, double[] gScale, double[] scaleDeriv, double[] gLoc,
                  double[] gStd) {
        int batch = b;
        int half = batch / 2;
        int hb = batch - half; // the second half's length: half, or half + 1 for an odd batch
        for (int c = 0; c < in; c++) {
            System.arraycopy(xCols[c], half, cols2[c], 0, hb);
            System.arraycopy(colsSq[c], half, colsSq2[c], 0, hb);
        }
        for (int s = 0; s < k; s++) {
            backwardParticle(loc, std, gMean, gScale, scaleDeriv, gLoc, gStd, s, batch, half, hb);
        }
    }

    private void backwardParticle(double[] loc, double[] std, double[] gMean, double[] gScale, double[] scaleDeriv,
                                  double[] gLoc, double[] gStd, int s, int batch, int half, int hb) {
        int o = s * batch * outDim;
        for (int hd = 0; hd < numHeads; hd++) {
            double[] gh = g[hd];
            double[] rh = r[hd];
            int d = hd < outDim ? hd : hd - outDim;
            if (hd < outDim) {
                for (int i = 0; i < batch; i++) {
                    gh[i] = gMean[o + i * outDim + d];
                }
            } else {
                for (int i = 0; i < batch; i++) {
                    int a = o + i * outDim + d;
                    gh[i] = gScale[a] * scaleDeriv[a];
                }
            }
            double[] e = headEps[s][hd];
            double[] sdo = headSd[s][hd];
            // dz/d(sd) = eps and d(sd)/d(var) = 1 / (2 sd); var = sum a^2 s_w^2 + s_b^2
            for (int i = 0; i < batch; i++) {
                rh[i] = gh[i] * e[i] / sdo[i];
            }
            double sg = 0.0;
            double sr = 0.0;
            for (int i = 0; i < batch; i++) {
                sg += gh[i];
                sr += rh[i];
            }
            gLoc[headB[hd]] += sg;
            gStd[headB[hd]] += sr * std[headB[hd]];
            System.arraycopy(gh, half, g2[hd], 0, hb);
            System.arraycopy(rh, half, r2[hd], 0, hb);
        }
        double[][] h = act[s];
        for (int j = 0; j < w; j++) {
            unitBackward(loc, std, gLoc, gStd, s, j, h[j], batch, half, hb);
        }
    }

    /** Unit j: its delta and noise term over the batch, then its parameters' sums over the folded batch. */
    private void unitBackward(double[] loc, double[] std, double[] gLoc, double[] gStd, int s, int j, double[] a,
                              int batch, int half, int hb) {
        double[] dz = delta;
        double[] rz = noiseTerm;
        // d loss / d a = sum over heads of g m_w + r a s_w^2
        java.util.Arrays.fill(dz, 0, batch, 0.0);
        for (int hd = 0; hd < numHeads; hd++) {
            int wi = headW[hd] + j * outDim;
            double mw = loc[wi];
            double sw2 = std[wi] * std[wi];
            double[] gh = g[hd];
            double[] rh = r[hd];
            for (int i = 0; i < batch; i++) {
                dz[i] += gh[i] * mw + a[i] * (rh[i] * sw2);
            }
        }
        if (tanh) {
            for (int i = 0; i < batch; i++) {
                dz[i] *= 1.0 - a[i] * a[i];
            }
        } else {
            for (int i = 0; i < batch; i++) {
                dz[i] = a[i] > 0.0 ? dz[i] : 0.0;
            }
        }
        double[] e = eps[s][j];
        double[] dj = sd[s][j];
        for (int i = 0; i < batch; i++) {
            rz[i] = dz[i] * e[i] / dj[i];
        }
        double[] a2 = act2;
        double[] dz2 = delta2;
        double[] rz2 = noiseTerm2;
        System.arraycopy(a, half, a2, 0, hb);
        System.arraycopy(dz, half, dz2, 0, hb);
        System.arraycopy(rz, half, rz2, 0, hb);
        boolean odd = hb > half;
        double[] t0 = terms[0];
        double[] t1 = terms[1];
        for (int hd = 0; hd < numHeads; hd++) {
            double[] gh = g[hd];
            double[] rh = r[hd];
            double[] gh2 = g2[hd];
            double[] rh2 = r2[hd];
            for (int i = 0; i < half; i++) {
                t0[i] = a[i] * gh[i] + a2[i] * gh2[i];
            }
            for (int i = 0; i < half; i++) {
                t1[i] = a[i] * a[i] * rh[i] + a2[i] * a2[i] * rh2[i];
            }
            double pg = sum(t0, half);
            double pr = sum(t1, half);
            if (odd) {
                double al = a2[half];
                pg += al * gh2[half];
                pr += al * al * rh2[half];
            }
            int wi = headW[hd] + j * outDim;
            gLoc[wi] += pg;
            gStd[wi] += pr * std[wi];
        }
        for (int i = 0; i < half; i++) {
            t0[i] = dz[i] + dz2[i];
        }
        for (int i = 0; i < half; i++) {
            t1[i] = rz[i] + rz2[i];
        }
        double gb = sum(t0, half);
        double rb = sum(t1, half);
        if (odd) {
            gb += dz2[half];
            rb += rz2[half];
        }
        gLoc[hiddenB + j] += gb;
        gStd[hiddenB + j] += rb * std[hiddenB + j];
        for (int c = 0; c < in; c++) {
            double[] xc = xCols[c];
            double[] xq = colsSq[c];
            double[] xc2 = cols2[c];
            double[] xq2 = colsSq2[c];
            for (int i = 0; i < half; i++) {
                t0[i] = xc[i] * dz[i] + xc2[i] * dz2[i];
            }
            for (int i = 0; i < half; i++) {
                t1[i] = xq[i] * rz[i] + xq2[i] * rz2[i];
            }
            double gw = sum(t0, half);
            double rw = sum(t1, half);
            if (odd) {
                gw += xc2[half] * dz2[half];
                rw += xq2[half] * rz2[half];
            }
            int wi = hiddenW + c * w + j;
            gLoc[wi] += gw;
            gStd[wi] += rw * std[wi];
        }
    }

    /** Sum of t[0, n) with two partial sums (breaks the add latency chain). */
    private static double sum(double[] t, int n) {
        double s0 = 0.0;
        double s1 = 0.0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += t[i];
            s1 += t[i + 1];
        }
        if (i < n) {
            s0 += t[i];
        }
        return s0 + s1;
    }
}
