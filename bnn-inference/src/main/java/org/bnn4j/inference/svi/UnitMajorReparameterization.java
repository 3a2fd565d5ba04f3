package org.bnn4j.inference.svi;

import org.bnn4j.nn.internal.FastTanh;
import org.bnn4j.nn.ParameterLayout;
import org.bnn4j.nn.ScaleTransform;

/**
 * The local reparameterization of a network with one hidden layer (any input width, tanh or ReLU, any output width
 * D, heteroskedastic or not), evaluated unit-major: per hidden unit one array over the batch for its activation and
 * one for its pre-activation's {@code eps / sd} (all the backward pass needs of the noise and the standard
 * deviation), and per head output one for the latter, so that every elementwise loop runs over the batch with all its
 * arrays indexed alike (the form C2 vectorises on JDK 17; a loop that mixes {@code a[i]} with {@code b[o + i]} stays
 * scalar). Two arrays per unit and particle rather than three keep a 512-row minibatch of a 50-unit net within the
 * core's L2 cache.
 *
 * <p>Noise layout per particle ({@link LocalReparameterization#noisePerParticle(int)} values): the hidden layer as
 * {@code [width, b]} (unit j's b values contiguous), then the mean head as {@code [D, b]}, then (heteroskedastic) the
 * scale head as {@code [D, b]}. The general path reads the same number of values as {@code [b, width]},
 * {@code [b, D]}, {@code [b, D]}; both take independent standard normals, so the estimator is the same.
 *
 * <p>Every loop that writes an array writes one (a loop storing two arrays, even from one computed value, stays
 * scalar). Sums over the batch (every parameter's gradient) are scalar too, as C2 does not vectorise floating-point
 * reductions: the backward pass computes each unit's delta and noise term in vectorised loops, then its parameters'
 * sums in scalar loops of about eight independent sums each.
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
    /**
     * Per particle: unit activations and each pre-activation's noise over its standard deviation, {@code eps / sd}
     * (all the backward pass needs of either: {@code d z / d var = eps / (2 sd)}), {@code [K][width][maxB]}.
     */
    private final double[][][] act;
    private final double[][][] noiseOverSd;
    /** Per particle, per head: the output's {@code eps / sd}, {@code [K][numHeads][maxB]}. */
    private final double[][][] headNoiseOverSd;
    /** Forward scratch, {@code [maxB]}: one unit's or head's noise and pre-activation variance. */
    private final double[] epsBuf;
    private final double[] varBuf;
    /** The batch's input columns and their squares, {@code [in][maxB]}; a 1-d input's column is x itself. */
    private final double[][] cols;
    private final double[][] colsSq;
    /** Head scratch of the forward pass: mean and variance sums over the units. */
    private final double[] headMean;
    private final double[] headVar;
    /**
     * Backward state per head: the loss gradient in the head's output and its noise term {@code g eps / sd},
     * {@code [numHeads][maxB]}.
     */
    private final double[][] g;
    private final double[][] r;
    /** Per-unit scratch of the backward pass: the pre-activation's delta and noise term, {@code [maxB]} each. */
    private final double[] delta;
    private final double[] noiseTerm;
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
        noiseOverSd = new double[maxK][w][maxB];
        headNoiseOverSd = new double[maxK][numHeads][maxB];
        epsBuf = new double[maxB];
        varBuf = new double[maxB];
        cols = new double[in][in == 1 ? 0 : maxB];
        colsSq = new double[in][maxB];
        headMean = new double[maxB];
        headVar = new double[maxB];
        g = new double[numHeads][maxB];
        r = new double[numHeads][maxB];
        delta = new double[maxB];
        noiseTerm = new double[maxB];
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

    /**
     * The hidden layer of particle s: per unit, {@code q = eps / sqrt(var)} and {@code z = mean + var q} (that is,
     * {@code mean + sd eps}) over the batch, then the activation.
     */
    private void hidden(double[] loc, double[] std, double[] noise, int no, int s, int batch) {
        double[][] h = act[s];
        double[][] qs = noiseOverSd[s];
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
                m[i] += h0[i] * m0 + h1[i] * m1;
            }
            for (int i = 0; i < batch; i++) {
                double a0 = h0[i];
                double a1 = h1[i];
                v[i] += a0 * a0 * s0 + a1 * a1 * s1;
            }
        }
        if (j < w) {
            double[] h0 = h[j];
            int w0 = wo + j * stride;
            double m0 = loc[w0];
            double s0 = std[w0] * std[w0];
            for (int i = 0; i < batch; i++) {
                m[i] += h0[i] * m0;
            }
            for (int i = 0; i < batch; i++) {
                v[i] += h0[i] * h0[i] * s0;
            }
        }
        double[] e = epsBuf;
        double[] q = headNoiseOverSd[s][hd];
        System.arraycopy(noise, no, e, 0, batch);
        for (int i = 0; i < batch; i++) {
            q[i] = e[i] / Math.sqrt(v[i]);
        }
        for (int i = 0; i < batch; i++) {
            m[i] += v[i] * q[i]; // sd eps
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
        for (int s = 0; s < k; s++) {
            heads(std, gMean, gScale, scaleDeriv, gLoc, gStd, s, b);
            double[][] h = act[s];
            for (int j = 0; j < w; j++) {
                unitDelta(loc, std, s, j, h[j], b);
                unitSums(std, gLoc, gStd, j, h[j], b);
            }
        }
    }

    /**
     * Each head's output gradient g (the scale head's through d scale / d raw) and noise term {@code r = g eps / sd}
     * over the batch, and its bias gradients.
     */
    private void heads(double[] std, double[] gMean, double[] gScale, double[] scaleDeriv, double[] gLoc,
                       double[] gStd, int s, int batch) {
        int o = s * batch * outDim;
        for (int hd = 0; hd < numHeads; hd++) {
            double[] gh = g[hd];
            double[] rh = r[hd];
            int d = hd < outDim ? hd : hd - outDim;
            if (outDim == 1) {
                if (hd == 0) {
                    System.arraycopy(gMean, o, gh, 0, batch);
                } else {
                    for (int i = 0; i < batch; i++) {
                        gh[i] = gScale[o + i] * scaleDeriv[o + i];
                    }
                }
            } else if (hd < outDim) {
                for (int i = 0; i < batch; i++) {
                    gh[i] = gMean[o + i * outDim + d];
                }
            } else {
                for (int i = 0; i < batch; i++) {
                    int at = o + i * outDim + d;
                    gh[i] = gScale[at] * scaleDeriv[at];
                }
            }
            double[] q = headNoiseOverSd[s][hd];
            // dz/d(sd) = eps and d(sd)/d(var) = 1 / (2 sd); var = sum a^2 s_w^2 + s_b^2
            for (int i = 0; i < batch; i++) {
                rh[i] = gh[i] * q[i];
            }
            double sg0 = 0.0;
            double sg1 = 0.0;
            double sr0 = 0.0;
            double sr1 = 0.0;
            int i = 0;
            for (; i + 1 < batch; i += 2) {
                sg0 += gh[i];
                sg1 += gh[i + 1];
                sr0 += rh[i];
                sr1 += rh[i + 1];
            }
            if (i < batch) {
                sg0 += gh[i];
                sr0 += rh[i];
            }
            gLoc[headB[hd]] += sg0 + sg1;
            gStd[headB[hd]] += (sr0 + sr1) * std[headB[hd]];
        }
    }

    /**
     * Unit j's pre-activation delta {@code dz = f'(z) sum over heads of (g m_w + r a s_w^2)} and noise term
     * {@code dz eps / sd} over the batch (vectorised loops). ReLU's slope at an activation {@code a = max(z, 0)} is
     * {@code min(1, ceil(a))}, exactly 1 for a > 0 and 0 for a = 0: a comparison ({@code a > 0 ? ... : 0}) compiles to
     * a branch that a fresh minibatch mispredicts about half the time (160 against 12 us for 50 units of 512 points
     * when the branch predictor has not seen the batch), the rounding to a vectorised {@code vrndscalepd}.
     */
    private void unitDelta(double[] loc, double[] std, int s, int j, double[] a, int batch) {
        double[] dz = delta;
        int w0 = headW[0] + j * outDim;
        double m0 = loc[w0];
        double s0 = std[w0] * std[w0];
        double[] g0 = g[0];
        double[] r0 = r[0];
        int hd;
        if (numHeads == 1) {
            hd = 1;
            if (tanh) {
                for (int i = 0; i < batch; i++) {
                    double ai = a[i];
                    dz[i] = (g0[i] * m0 + ai * (r0[i] * s0)) * (1.0 - ai * ai);
                }
            } else {
                for (int i = 0; i < batch; i++) { // ReLU's slope without a branch (see reluSlope)
                    dz[i] = (g0[i] * m0 + a[i] * (r0[i] * s0)) * Math.min(1.0, Math.ceil(a[i]));
                }
            }
        } else {
            int w1 = headW[1] + j * outDim;
            double m1 = loc[w1];
            double s1 = std[w1] * std[w1];
            double[] g1 = g[1];
            double[] r1 = r[1];
            hd = 2;
            if (numHeads == 2 && tanh) {
                for (int i = 0; i < batch; i++) {
                    double ai = a[i];
                    dz[i] = (g0[i] * m0 + g1[i] * m1 + ai * (r0[i] * s0 + r1[i] * s1)) * (1.0 - ai * ai);
                }
            } else {
                hd = 2;
                for (int i = 0; i < batch; i++) {
                    dz[i] = g0[i] * m0 + g1[i] * m1 + a[i] * (r0[i] * s0 + r1[i] * s1);
                }
                for (; hd < numHeads; hd++) {
                    int wh = headW[hd] + j * outDim;
                    double mh = loc[wh];
                    double sh = std[wh] * std[wh];
                    double[] gh = g[hd];
                    double[] rh = r[hd];
                    for (int i = 0; i < batch; i++) {
                        dz[i] += gh[i] * mh + a[i] * (rh[i] * sh);
                    }
                }
                if (tanh) {
                    for (int i = 0; i < batch; i++) {
                        dz[i] *= 1.0 - a[i] * a[i];
                    }
                } else {
                    for (int i = 0; i < batch; i++) {
                        dz[i] *= Math.min(1.0, Math.ceil(a[i]));
                    }
                }
            }
        }
        double[] q = noiseOverSd[s][j];
        double[] rz = noiseTerm;
        for (int i = 0; i < batch; i++) {
            rz[i] = dz[i] * q[i];
        }
    }

    /**
     * Unit j's parameter gradients, sums over the batch: its head weights' {@code sum a g} and {@code sum a^2 r} per
     * head, its bias' {@code sum dz} and {@code sum rz}, each input weight's {@code sum x dz} and {@code sum x^2 rz}.
     * C2 does not vectorise floating-point sums, so these are scalar loops of about eight independent sums each (two
     * partial sums per sum when there are four), enough to keep the adders busy instead of waiting on one sum's
     * latency.
     */
    private void unitSums(double[] std, double[] gLoc, double[] gStd, int j, double[] a, int batch) {
        double[] dz = delta;
        double[] rz = noiseTerm;
        int hd = 0;
        if (numHeads == 2 && in == 1) { // the cluster net: all eight sums in one loop
            double[] g0 = g[0];
            double[] g1 = g[1];
            double[] r0 = r[0];
            double[] r1 = r[1];
            double[] x0 = xCols[0];
            double[] q0 = colsSq[0];
            double p0 = 0.0;
            double p1 = 0.0;
            double q0s = 0.0;
            double q1s = 0.0;
            double gb = 0.0;
            double gw = 0.0;
            double rb = 0.0;
            double rw = 0.0;
            for (int i = 0; i < batch; i++) {
                double ai = a[i];
                double aa = ai * ai;
                double d = dz[i];
                double rr = rz[i];
                p0 += ai * g0[i];
                q0s += aa * r0[i];
                p1 += ai * g1[i];
                q1s += aa * r1[i];
                gb += d;
                gw += x0[i] * d;
                rb += rr;
                rw += rr * q0[i];
            }
            addHead(std, gLoc, gStd, 0, j, p0, q0s);
            addHead(std, gLoc, gStd, 1, j, p1, q1s);
            addHidden(std, gLoc, gStd, hiddenB + j, gb, rb);
            addHidden(std, gLoc, gStd, hiddenW + j, gw, rw);
            return;
        }
        for (; hd + 1 < numHeads; hd += 2) {
            double[] g0 = g[hd];
            double[] g1 = g[hd + 1];
            double[] r0 = r[hd];
            double[] r1 = r[hd + 1];
            double p0 = 0.0;
            double p1 = 0.0;
            double q0 = 0.0;
            double q1 = 0.0;
            double p0b = 0.0;
            double p1b = 0.0;
            double q0b = 0.0;
            double q1b = 0.0;
            int i = 0;
            for (; i + 1 < batch; i += 2) {
                double ai = a[i];
                double aj = a[i + 1];
                p0 += ai * g0[i];
                p1 += ai * g1[i];
                q0 += ai * ai * r0[i];
                q1 += ai * ai * r1[i];
                p0b += aj * g0[i + 1];
                p1b += aj * g1[i + 1];
                q0b += aj * aj * r0[i + 1];
                q1b += aj * aj * r1[i + 1];
            }
            if (i < batch) {
                double ai = a[i];
                p0 += ai * g0[i];
                p1 += ai * g1[i];
                q0 += ai * ai * r0[i];
                q1 += ai * ai * r1[i];
            }
            addHead(std, gLoc, gStd, hd, j, p0 + p0b, q0 + q0b);
            addHead(std, gLoc, gStd, hd + 1, j, p1 + p1b, q1 + q1b);
        }
        if (hd < numHeads) { // an odd head, with the bias
            double[] g0 = g[hd];
            double[] r0 = r[hd];
            double p0 = 0.0;
            double q0 = 0.0;
            double gb = 0.0;
            double rb = 0.0;
            double p0b = 0.0;
            double q0b = 0.0;
            double gbb = 0.0;
            double rbb = 0.0;
            int i = 0;
            for (; i + 1 < batch; i += 2) {
                double ai = a[i];
                double aj = a[i + 1];
                p0 += ai * g0[i];
                q0 += ai * ai * r0[i];
                gb += dz[i];
                rb += rz[i];
                p0b += aj * g0[i + 1];
                q0b += aj * aj * r0[i + 1];
                gbb += dz[i + 1];
                rbb += rz[i + 1];
            }
            if (i < batch) {
                double ai = a[i];
                p0 += ai * g0[i];
                q0 += ai * ai * r0[i];
                gb += dz[i];
                rb += rz[i];
            }
            addHead(std, gLoc, gStd, hd, j, p0 + p0b, q0 + q0b);
            addHidden(std, gLoc, gStd, hiddenB + j, gb + gbb, rb + rbb);
        } else {
            double gb = 0.0;
            double rb = 0.0;
            double gbb = 0.0;
            double rbb = 0.0;
            int i = 0;
            for (; i + 1 < batch; i += 2) {
                gb += dz[i];
                rb += rz[i];
                gbb += dz[i + 1];
                rbb += rz[i + 1];
            }
            if (i < batch) {
                gb += dz[i];
                rb += rz[i];
            }
            addHidden(std, gLoc, gStd, hiddenB + j, gb + gbb, rb + rbb);
        }
        int c = 0;
        for (; c + 1 < in; c += 2) {
            double[] xa = xCols[c];
            double[] xb = xCols[c + 1];
            double[] qa = colsSq[c];
            double[] qb = colsSq[c + 1];
            double ga = 0.0;
            double gbw = 0.0;
            double ra = 0.0;
            double rbw = 0.0;
            double ga2 = 0.0;
            double gb2 = 0.0;
            double ra2 = 0.0;
            double rb2 = 0.0;
            int i = 0;
            for (; i + 1 < batch; i += 2) {
                double d = dz[i];
                double rr = rz[i];
                double d2 = dz[i + 1];
                double rr2 = rz[i + 1];
                ga += xa[i] * d;
                gbw += xb[i] * d;
                ra += qa[i] * rr;
                rbw += qb[i] * rr;
                ga2 += xa[i + 1] * d2;
                gb2 += xb[i + 1] * d2;
                ra2 += qa[i + 1] * rr2;
                rb2 += qb[i + 1] * rr2;
            }
            if (i < batch) {
                ga += xa[i] * dz[i];
                gbw += xb[i] * dz[i];
                ra += qa[i] * rz[i];
                rbw += qb[i] * rz[i];
            }
            addHidden(std, gLoc, gStd, hiddenW + c * w + j, ga + ga2, ra + ra2);
            addHidden(std, gLoc, gStd, hiddenW + (c + 1) * w + j, gbw + gb2, rbw + rb2);
        }
        if (c < in) {
            double[] xa = xCols[c];
            double[] qa = colsSq[c];
            double ga = 0.0;
            double ra = 0.0;
            double ga2 = 0.0;
            double ra2 = 0.0;
            int i = 0;
            for (; i + 1 < batch; i += 2) {
                ga += xa[i] * dz[i];
                ra += qa[i] * rz[i];
                ga2 += xa[i + 1] * dz[i + 1];
                ra2 += qa[i + 1] * rz[i + 1];
            }
            if (i < batch) {
                ga += xa[i] * dz[i];
                ra += qa[i] * rz[i];
            }
            addHidden(std, gLoc, gStd, hiddenW + c * w + j, ga + ga2, ra + ra2);
        }
    }

    /** Head hd's weight from unit j: d/d loc = sum a g, d/d std = std * sum a^2 r. */
    private void addHead(double[] std, double[] gLoc, double[] gStd, int hd, int j, double ag, double aar) {
        int wi = headW[hd] + j * outDim;
        gLoc[wi] += ag;
        gStd[wi] += aar * std[wi];
    }

    /** A hidden bias or input weight at index pi: d/d loc = sum x dz, d/d std = std * sum x^2 rz. */
    private static void addHidden(double[] std, double[] gLoc, double[] gStd, int pi, double gx, double rx) {
        gLoc[pi] += gx;
        gStd[pi] += rx * std[pi];
    }
}
