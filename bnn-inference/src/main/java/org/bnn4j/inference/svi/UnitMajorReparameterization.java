package org.bnn4j.inference.svi;

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
 * <p>This class holds the per-particle state and runs the passes in order; each pass is its own unit: the input
 * columns ({@link InputColumns}), the hidden layer ({@link HiddenUnitSampler}), the heads ({@link HeadSampler});
 * backward, the heads' output gradients ({@link HeadGradients}), then per unit its delta ({@link UnitDeltas}) and its
 * parameters' sums ({@link UnitGradientSums}).
 *
 * <p>Buffers are reused; not thread-safe.
 */
final class UnitMajorReparameterization {

    private final int w;
    private final int outDim;
    private final boolean hetero;
    private final ScaleTransform transform;
    /** Heads: D mean heads, then (heteroskedastic) D scale heads. */
    private final int numHeads;
    private final int maxB;
    /**
     * Per particle: unit activations and each pre-activation's noise over its standard deviation, {@code eps / sd}
     * (all the backward pass needs of either: {@code d z / d var = eps / (2 sd)}), {@code [K][width][maxB]}.
     */
    private final double[][][] act;
    private final double[][][] noiseOverSd;
    /** Per particle, per head: the output's {@code eps / sd}, {@code [K][numHeads][maxB]}. */
    private final double[][][] headNoiseOverSd;
    private final InputColumns columns;
    private final HiddenUnitSampler hidden;
    private final HeadSampler head;
    private final HeadGradients heads;
    private final UnitDeltas deltas;
    private final UnitGradientSums sums;
    private int k;
    private int b;

    /**
     * @param layout    the network's layout, one hidden layer
     * @param tanh      tanh hidden units (else ReLU)
     * @param transform the scale head's transform (heteroskedastic)
     * @param maxK      largest number of particles
     * @param maxB      largest batch
     * @throws IllegalArgumentException if the network has other than one hidden layer
     */
    UnitMajorReparameterization(ParameterLayout layout, boolean tanh, ScaleTransform transform, int maxK, int maxB) {
        UnitMajorShape shape = new UnitMajorShape(layout, tanh);
        w = shape.w;
        outDim = shape.outDim;
        hetero = shape.hetero;
        this.transform = transform;
        numHeads = shape.numHeads;
        this.maxB = maxB;
        act = new double[maxK][w][maxB];
        noiseOverSd = new double[maxK][w][maxB];
        headNoiseOverSd = new double[maxK][numHeads][maxB];
        double[] epsBuf = new double[maxB]; // one unit's or head's noise, scratch of both forward passes
        columns = new InputColumns(shape.in, maxB);
        hidden = new HiddenUnitSampler(shape, columns, epsBuf, maxB);
        head = new HeadSampler(shape, epsBuf, maxB);
        heads = new HeadGradients(shape, maxB);
        deltas = new UnitDeltas(shape, heads, maxB);
        sums = new UnitGradientSums(shape, heads, deltas, columns);
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
     * @throws IllegalArgumentException if batch exceeds the capacity
     */
    void forward(double[] loc, double[] std, double[] noise, int npp, int numParticles, double[] x, int batch,
                 double[] mean, double[] raw, double[] scale, double[] scaleDeriv) {
        if (batch > maxB) {
            throw new IllegalArgumentException("batch " + batch + " exceeds capacity " + maxB);
        }
        k = numParticles;
        b = batch;
        columns.load(x, batch);
        for (int s = 0; s < numParticles; s++) {
            int no = s * npp;
            hidden.sample(loc, std, noise, no, act[s], noiseOverSd[s], batch);
            int hn = no + w * batch;
            int o = s * batch * outDim;
            for (int hd = 0; hd < numHeads; hd++) {
                double[] out = hd < outDim ? mean : raw;
                int d = hd < outDim ? hd : hd - outDim;
                head.sample(loc, std, noise, hn + hd * batch, act[s], headNoiseOverSd[s][hd], hd, out, o, d, batch);
            }
            if (hetero) {
                transform.applyAll(raw, scale, scaleDeriv, o, o + batch * outDim);
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
            heads.compute(std, gMean, gScale, scaleDeriv, gLoc, gStd, headNoiseOverSd[s], s, b);
            double[][] h = act[s];
            double[][] q = noiseOverSd[s];
            for (int j = 0; j < w; j++) {
                deltas.compute(loc, std, q[j], j, h[j], b);
                sums.add(std, gLoc, gStd, j, h[j], b);
            }
        }
    }
}
