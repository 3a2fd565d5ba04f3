package org.bnn4j.inference.svi;

import org.bnn4j.nn.Activation;
import org.bnn4j.nn.internal.FastTanh;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;
import org.bnn4j.nn.ScaleTransform;

/**
 * Forward and backward pass of a network under a mean-field Gaussian over its weights with the local
 * reparameterization trick: each linear layer's pre-activation is sampled directly,
 * {@code z = a mu_W + mu_b + sqrt(a^2 sigma_W^2 + sigma_b^2) * eps}, with fresh {@code eps} per particle, data point
 * and unit, instead of sampling the weights. Plain Java over the {@link ParameterLayout}; buffers are reused, not
 * thread-safe.
 *
 * <p>Two paths. A network with one hidden layer (any input width, tanh or ReLU, any output width, heteroskedastic
 * or not) is evaluated unit-major by {@link UnitMajorReparameterization}, whose loops run over the batch; deeper nets
 * and nets without a hidden layer take the general loops here, whose loops run over the units of each point.
 *
 * <p>Noise layout per particle ({@link #noisePerParticle(int)} values, independent standard normals): on the general
 * path, for each hidden layer {@code [b, width]}, then the mean head {@code [b, D]}, then (heteroskedastic) the scale
 * head {@code [b, D]}; on the unit-major path the same blocks transposed, {@code [width, b]}, {@code [D, b]},
 * {@code [D, b]}. Fed correspondingly permuted noise the two paths compute the same outputs and gradients up to
 * rounding ({@code UnitMajorAgreementTest}).
 *
 * <p>References: D. P. Kingma, T. Salimans and M. Welling, "Variational Dropout and the Local Reparameterization
 * Trick", NeurIPS 2015.
 */
final class LocalReparameterization {

    /** Slice offsets; passes read them into locals. */
    private final ParameterLayout layout;
    private final int numHidden;
    /** Layer widths from the input, {@link ParameterLayout#layerWidths()}. */
    private final int[] dims;
    private final int outDim;
    private final boolean tanh;
    private final ScaleTransform transform;
    private final int maxB;
    /** General path, per hidden layer: activations h and pre-activation std sd, {@code [K, b, width]}. */
    private final double[][] act;
    private final double[][] sd;
    private final double[][] delta;
    private final double[] headSd;
    final double[] mean;
    final double[] raw;
    final double[] scale;
    private final double[] rBuf;
    private final int[] noiseOffBuf;
    private final double[] gRawBuf;
    /** d scale / d raw at the last forward pass, {@code [K, b, D]}. */
    private final double[] scaleDeriv;
    /** Unit-length accumulators of {@link #linearBackFromInput}. */
    private final double[] accB;
    private final double[] accRb;
    private final double[] accW;
    private final double[] accRw;
    /** The unit-major path of a one-hidden-layer net, or null for the general loops. */
    private final UnitMajorReparameterization unitMajor;
    private int k;
    private int b;

    LocalReparameterization(NetworkSpec spec, int maxK, int maxB) {
        this(spec, maxK, maxB, true);
    }

    /**
     * @param spec      the network
     * @param maxK      largest number of particles per call
     * @param maxB      largest batch per call
     * @param unitMajor evaluate a one-hidden-layer net unit-major (false: the general loops, for tests)
     */
    LocalReparameterization(NetworkSpec spec, int maxK, int maxB, boolean unitMajor) {
        layout = new ParameterLayout(spec);
        numHidden = layout.numHidden();
        dims = layout.layerWidths();
        boolean unit = unitMajor && numHidden == 1;
        act = new double[numHidden][];
        sd = new double[numHidden][];
        delta = new double[numHidden][];
        for (int l = 0; l < numHidden; l++) {
            int len = unit ? 0 : maxK * maxB * dims[l + 1];
            act[l] = new double[len];
            sd[l] = new double[len];
            delta[l] = new double[len];
        }
        outDim = layout.outDim();
        boolean hetero = layout.heteroskedastic();
        tanh = spec.activation() == Activation.TANH;
        transform = spec.scaleTransform();
        this.maxB = maxB;
        int len = maxK * maxB * outDim;
        headSd = new double[unit ? 0 : len * (hetero ? 2 : 1)];
        mean = new double[len];
        raw = new double[hetero ? len : 0];
        scale = new double[hetero ? len : 0];
        scaleDeriv = new double[hetero ? len : 0];
        int widest = outDim;
        for (int d : dims) {
            widest = Math.max(widest, d);
        }
        rBuf = new double[widest];
        noiseOffBuf = new int[numHidden];
        gRawBuf = new double[maxB * outDim];
        accB = new double[widest];
        accRb = new double[widest];
        accW = new double[widest];
        accRw = new double[widest];
        this.unitMajor = unit ? new UnitMajorReparameterization(layout, tanh, transform, maxK, maxB) : null;
    }

    /** @param b batch size @return noise values needed per particle */
    int noisePerParticle(int b) {
        int units = 0;
        for (int l = 1; l <= numHidden; l++) {
            units += dims[l];
        }
        units += outDim * (layout.heteroskedastic() ? 2 : 1);
        return b * units;
    }

    /**
     * Forward pass of K particles; outputs in {@link #mean}, {@link #raw}, {@link #scale} as {@code [K, b, D]}.
     *
     * @param loc   guide means, length P
     * @param std   guide standard deviations, length P, each {@code > 0}
     * @param noise standard normal noise {@code [K, noisePerParticle(b)]}
     * @param numParticles K
     * @param x     inputs {@code [b, inDim]}
     * @param batch b
     */
    void forward(double[] loc, double[] std, double[] noise, int numParticles, double[] x, int batch) {
        this.k = numParticles;
        this.b = batch;
        if (batch > maxB) {
            throw new IllegalArgumentException("batch " + batch + " exceeds capacity " + maxB);
        }
        int npp = noisePerParticle(batch);
        if (unitMajor != null) {
            unitMajor.forward(loc, std, noise, npp, numParticles, x, batch, mean, raw, scale, scaleDeriv);
            return;
        }
        for (int s = 0; s < numParticles; s++) {
            int no = s * npp;
            double[] in = x;
            int inOff = 0;
            for (int l = 0; l < numHidden; l++) {
                int w = dims[l + 1];
                int outOff = s * batch * w;
                linear(loc, std, in, inOff, dims[l], w, layout.hiddenWeightOffset(l), layout.hiddenBiasOffset(l), batch,
                        noise, no, act[l], sd[l], outOff, w, 0);
                if (tanh) {
                    FastTanh.inPlace(act[l], outOff, outOff + batch * w);
                } else {
                    for (int j = outOff; j < outOff + batch * w; j++) {
                        act[l][j] = Math.max(act[l][j], 0.0);
                    }
                }
                no += batch * w;
                in = act[l];
                inOff = outOff;
            }
            int last = dims[numHidden];
            int o = s * batch * outDim;
            linear(loc, std, in, inOff, last, outDim, layout.meanWeightOffset(), layout.meanBiasOffset(), batch, noise,
                    no, mean, headSd, o, outDim, 0);
            no += batch * outDim;
            if (layout.heteroskedastic()) {
                int hs = mean.length;
                linear(loc, std, in, inOff, last, outDim, layout.scaleWeightOffset(), layout.scaleBiasOffset(), batch,
                        noise, no, raw, headSd, o, outDim, hs);
                transform.applyAll(raw, scale, scaleDeriv, o, o + batch * outDim);
            }
        }
    }

    /** z[i, j] = sum_k a mu + mu_b + sqrt(sum_k a^2 s^2 + s_b^2) eps, into out[outOff..] and sd into sdOut[sdShift + outOff..]. */
    private static void linear(double[] mu, double[] s, double[] a, int aOff, int in, int w, int wo, int bo, int batch,
                               double[] noise, int no, double[] out, double[] sdOut, int outOff, int stride, int sdShift) {
        if (w == 1 || in == 1) { // a D = 1 head or a layer on a 1-d input: no length-1 inner loops
            linearThin(mu, s, a, aOff, in, w, wo, bo, batch, noise, no, out, sdOut, outOff, stride, sdShift);
            return;
        }
        for (int i = 0; i < batch; i++) {
            int zo = outOff + i * stride;
            int ai = aOff + i * in;
            for (int j = 0; j < w; j++) {
                double sb = s[bo + j];
                out[zo + j] = mu[bo + j];
                sdOut[sdShift + zo + j] = sb * sb;
            }
            for (int kk = 0; kk < in; kk++) {
                double av = a[ai + kk];
                double a2 = av * av;
                int wk = wo + kk * w;
                for (int j = 0; j < w; j++) {
                    double sw = s[wk + j];
                    out[zo + j] += av * mu[wk + j];
                    sdOut[sdShift + zo + j] += a2 * sw * sw;
                }
            }
            for (int j = 0; j < w; j++) {
                double v = Math.sqrt(sdOut[sdShift + zo + j]);
                sdOut[sdShift + zo + j] = v;
                out[zo + j] += v * noise[no + i * w + j];
            }
        }
    }

    /**
     * Backward pass of the last {@link #forward}: accumulates the gradient of a loss, given its gradient with
     * respect to the outputs, into gLoc and gStd (summed over particles; not zeroed here).
     *
     * @param loc    guide means
     * @param std    guide standard deviations
     * @param noise  the forward pass's noise
     * @param x      the forward pass's inputs
     * @param gMean  dLoss/dmean {@code [K, b, D]}
     * @param gScale dLoss/dscale {@code [K, b, D]} (heteroskedastic; else ignored)
     * @param gLoc   accumulator, length P
     * @param gStd   accumulator, length P
     */
    void backward(double[] loc, double[] std, double[] noise, double[] x, double[] gMean, double[] gScale,
                  double[] gLoc, double[] gStd) {
        if (unitMajor != null) {
            unitMajor.backward(loc, std, gMean, gScale, scaleDeriv, gLoc, gStd);
            return;
        }
        int npp = noisePerParticle(b);
        int last = dims[numHidden];
        for (int s = 0; s < k; s++) {
            int no = s * npp;
            int[] noiseOff = noiseOffBuf;
            for (int l = 0; l < numHidden; l++) {
                noiseOff[l] = no;
                no += b * dims[l + 1];
            }
            double[] in = numHidden == 0 ? x : act[numHidden - 1];
            int inOff = numHidden == 0 ? 0 : s * b * last;
            double[] dIn = numHidden == 0 ? null : delta[numHidden - 1];
            if (dIn != null) {
                java.util.Arrays.fill(dIn, inOff, inOff + b * last, 0.0);
            }
            int o = s * b * outDim;
            linearBack(loc, std, in, inOff, last, outDim, layout.meanWeightOffset(), layout.meanBiasOffset(), b, noise,
                    no, headSd, o, 0, gMean, o, gLoc, gStd, dIn);
            no += b * outDim;
            if (layout.heteroskedastic()) {
                double[] gRaw = gRawBuf;
                for (int j = 0; j < b * outDim; j++) {
                    gRaw[j] = gScale[o + j] * scaleDeriv[o + j];
                }
                linearBack(loc, std, in, inOff, last, outDim, layout.scaleWeightOffset(), layout.scaleBiasOffset(), b,
                        noise, no, headSd, o, mean.length, gRaw, 0, gLoc, gStd, dIn);
            }
            for (int l = numHidden - 1; l >= 0; l--) {
                int w = dims[l + 1];
                int off = s * b * w;
                double[] h = act[l];
                double[] dz = delta[l];
                for (int j = off; j < off + b * w; j++) {
                    dz[j] *= tanh ? 1.0 - h[j] * h[j] : Math.min(1.0, Math.ceil(h[j])); // ReLU: 1 for h > 0, else 0
                }
                double[] prev = l == 0 ? x : act[l - 1];
                int prevOff = l == 0 ? 0 : s * b * dims[l];
                double[] dPrev = l == 0 ? null : delta[l - 1];
                if (dPrev != null) {
                    java.util.Arrays.fill(dPrev, prevOff, prevOff + b * dims[l], 0.0);
                }
                linearBack(loc, std, prev, prevOff, dims[l], w, layout.hiddenWeightOffset(l), layout.hiddenBiasOffset(l),
                        b, noise, noiseOff[l], sd[l], off, 0, dz, off, gLoc, gStd, dPrev);
            }
        }
    }

    /** {@link #linear} for {@code w == 1} (one dot product per point) or {@code in == 1} (one fused pass). */
    private static void linearThin(double[] mu, double[] s, double[] a, int aOff, int in, int w, int wo, int bo,
                                   int batch, double[] noise, int no, double[] out, double[] sdOut, int outOff,
                                   int stride, int sdShift) {
        for (int i = 0; i < batch; i++) {
            int zo = outOff + i * stride;
            int ai = aOff + i * in;
            if (w == 1) {
                // two partial sums each for the mean and the variance break the add latency chains
                double m0 = mu[bo];
                double m1 = 0.0;
                double v0 = s[bo] * s[bo];
                double v1 = 0.0;
                int kk = 0;
                for (; kk + 1 < in; kk += 2) {
                    double av0 = a[ai + kk];
                    double av1 = a[ai + kk + 1];
                    double sw0 = s[wo + kk];
                    double sw1 = s[wo + kk + 1];
                    m0 += av0 * mu[wo + kk];
                    m1 += av1 * mu[wo + kk + 1];
                    v0 += av0 * av0 * sw0 * sw0;
                    v1 += av1 * av1 * sw1 * sw1;
                }
                if (kk < in) {
                    double av = a[ai + kk];
                    double sw = s[wo + kk];
                    m0 += av * mu[wo + kk];
                    v0 += av * av * sw * sw;
                }
                double m = m0 + m1;
                double sd = Math.sqrt(v0 + v1);
                sdOut[sdShift + zo] = sd;
                out[zo] = m + sd * noise[no + i];
            } else {
                double av = a[ai];
                double a2 = av * av;
                for (int j = 0; j < w; j++) {
                    double sb = s[bo + j];
                    double sw = s[wo + j];
                    double sd = Math.sqrt(sb * sb + a2 * sw * sw);
                    sdOut[sdShift + zo + j] = sd;
                    out[zo + j] = mu[bo + j] + av * mu[wo + j] + sd * noise[no + i * w + j];
                }
            }
        }
    }

    private void linearBack(double[] mu, double[] s, double[] a, int aOff, int in, int w, int wo, int bo,
                            int batch, double[] noise, int no, double[] sdArr, int outOff, int sdShift,
                            double[] dz, int dzOff, double[] gLoc, double[] gStd, double[] dA) {
        if (w == 1) {
            linearBackHead(mu, s, a, aOff, in, wo, bo, batch, noise, no, sdArr, outOff, sdShift, dz, dzOff, gLoc,
                    gStd, dA);
            return;
        }
        if (in == 1 && dA == null) {
            linearBackFromInput(s, a, aOff, w, wo, bo, batch, noise, no, sdArr, outOff, sdShift, dz, dzOff, gLoc,
                    gStd);
            return;
        }
        double[] r = rBuf;
        for (int i = 0; i < batch; i++) {
            int zo = outOff + i * w;
            int di = dzOff + i * w;
            int ai = aOff + i * in;
            for (int j = 0; j < w; j++) {
                double g = dz[di + j];
                // dz/d(sd) = eps and d(sd)/d(var) = 1 / (2 sd); var = sum a^2 s_w^2 + s_b^2
                r[j] = g * noise[no + i * w + j] / sdArr[sdShift + zo + j];
                gLoc[bo + j] += g;
                gStd[bo + j] += r[j] * s[bo + j];
            }
            for (int kk = 0; kk < in; kk++) {
                double av = a[ai + kk];
                double a2 = av * av;
                int wk = wo + kk * w;
                if (dA == null) { // the first layer: no reduction, so the loop vectorises
                    for (int j = 0; j < w; j++) {
                        gLoc[wk + j] += av * dz[di + j];
                        gStd[wk + j] += r[j] * a2 * s[wk + j];
                    }
                    continue;
                }
                double acc = 0.0;
                for (int j = 0; j < w; j++) {
                    double sw = s[wk + j];
                    double g = dz[di + j];
                    gLoc[wk + j] += av * g;
                    gStd[wk + j] += r[j] * a2 * sw;
                    acc += g * mu[wk + j] + r[j] * av * sw * sw;
                }
                dA[ai + kk] += acc;
            }
        }
    }

    /**
     * {@link #linearBack} for a layer on a 1-d input with no input gradient (the cluster net's first layer): per point
     * one loop over the units into four unit-length accumulators, which the JIT vectorises (no aliasing between
     * the gradient streams), then one pass into the gradient.
     */
    private void linearBackFromInput(double[] s, double[] a, int aOff, int w, int wo, int bo, int batch,
                                     double[] noise, int no, double[] sdArr, int outOff, int sdShift, double[] dz,
                                     int dzOff, double[] gLoc, double[] gStd) {
        double[] gB = accB;
        double[] rB = accRb;
        double[] gW = accW;
        double[] rW = accRw;
        java.util.Arrays.fill(gB, 0, w, 0.0);
        java.util.Arrays.fill(rB, 0, w, 0.0);
        java.util.Arrays.fill(gW, 0, w, 0.0);
        java.util.Arrays.fill(rW, 0, w, 0.0);
        for (int i = 0; i < batch; i++) {
            double av = a[aOff + i];
            double a2 = av * av;
            int zo = sdShift + outOff + i * w;
            int di = dzOff + i * w;
            int ni = no + i * w;
            for (int j = 0; j < w; j++) {
                double g = dz[di + j];
                // dz/d(sd) = eps and d(sd)/d(var) = 1 / (2 sd); var = a^2 s_w^2 + s_b^2
                double r = g * noise[ni + j] / sdArr[zo + j];
                gB[j] += g;
                rB[j] += r;
                gW[j] += av * g;
                rW[j] += r * a2;
            }
        }
        for (int j = 0; j < w; j++) {
            gLoc[bo + j] += gB[j];
            gStd[bo + j] += rB[j] * s[bo + j];
            gLoc[wo + j] += gW[j];
            gStd[wo + j] += rW[j] * s[wo + j];
        }
    }

    /** {@link #linearBack} for {@code w == 1}: per point, straight loops over the inputs. */
    private void linearBackHead(double[] mu, double[] s, double[] a, int aOff, int in, int wo, int bo,
                                int batch, double[] noise, int no, double[] sdArr, int outOff, int sdShift,
                                double[] dz, int dzOff, double[] gLoc, double[] gStd, double[] dA) {
        // sums over points go to accumulators indexed from 0 (not into gLoc / gStd at offset wo, which the JIT
        // cannot prove disjoint from the other streams), so the inner loops vectorise
        double[] gw = accW;
        double[] rw = accRw;
        double[] sw2 = accB;
        java.util.Arrays.fill(gw, 0, in, 0.0);
        java.util.Arrays.fill(rw, 0, in, 0.0);
        for (int kk = 0; kk < in; kk++) {
            sw2[kk] = s[wo + kk] * s[wo + kk];
        }
        double gb = 0.0;
        double rb = 0.0;
        for (int i = 0; i < batch; i++) {
            double g = dz[dzOff + i];
            // dz/d(sd) = eps and d(sd)/d(var) = 1 / (2 sd); var = sum a^2 s_w^2 + s_b^2
            double r = g * noise[no + i] / sdArr[sdShift + outOff + i];
            gb += g;
            rb += r;
            int ai = aOff + i * in;
            if (dA != null) {
                for (int kk = 0; kk < in; kk++) {
                    double av = a[ai + kk];
                    gw[kk] += av * g;
                    rw[kk] += r * av * av;
                    dA[ai + kk] += g * mu[wo + kk] + r * av * sw2[kk];
                }
            } else {
                for (int kk = 0; kk < in; kk++) {
                    double av = a[ai + kk];
                    gw[kk] += av * g;
                    rw[kk] += r * av * av;
                }
            }
        }
        gLoc[bo] += gb;
        gStd[bo] += rb * s[bo];
        for (int kk = 0; kk < in; kk++) {
            gLoc[wo + kk] += gw[kk];
            gStd[wo + kk] += rw[kk] * s[wo + kk];
        }
    }
}
