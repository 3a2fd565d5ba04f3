package org.bnn4j.inference.svi;

/**
 * The first step of the unit-major local reparameterization's backward pass for one particle: per head hd, the loss
 * gradient in the head's sampled output {@code g} over the batch (a scale head's through {@code d scale / d raw}), its
 * noise term {@code r = g eps / sd} (the gradient in the output's variance is {@code r / 2}, as
 * {@code d z / d sd = eps} and {@code d sd / d var = 1 / (2 sd)}), and the head biases' gradients {@code sum g} and
 * {@code std * sum r}. Holds g and r, {@code [numHeads][b]}, for the per-unit passes ({@link UnitDeltas},
 * {@link UnitGradientSums}).
 *
 * <p>Buffers are reused; not thread-safe.
 */
final class HeadGradients {

    private final int outDim;
    private final int numHeads;
    private final int[] headB;
    /**
     * Per head: the loss gradient in the head's output and its noise term {@code g eps / sd},
     * {@code [numHeads][maxB]}.
     */
    private final double[][] g;
    private final double[][] r;

    /**
     * @param shape the net
     * @param maxB  largest batch
     */
    HeadGradients(UnitMajorShape shape, int maxB) {
        outDim = shape.outDim;
        numHeads = shape.numHeads;
        headB = shape.headB;
        g = new double[numHeads][maxB];
        r = new double[numHeads][maxB];
    }

    /**
     * Each head's output gradient g (the scale head's through d scale / d raw) and noise term {@code r = g eps / sd}
     * over the batch of particle s, and its bias gradients, added to gLoc and gStd.
     *
     * @param std        guide standard deviations, length P
     * @param gMean      dLoss/dmean {@code [K, b, D]}
     * @param gScale     dLoss/dscale {@code [K, b, D]} (heteroskedastic)
     * @param scaleDeriv d scale / d raw of the forward pass (heteroskedastic)
     * @param gLoc       accumulator, length P
     * @param gStd       accumulator, length P
     * @param headQ      the particle's per-head {@code eps / sd} of the forward pass, {@code [numHeads][b]}
     * @param s          particle
     * @param batch      b
     */
    void compute(double[] std, double[] gMean, double[] gScale, double[] scaleDeriv, double[] gLoc, double[] gStd,
                 double[][] headQ, int s, int batch) {
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
            double[] q = headQ[hd];
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

    /** @return the heads' output gradients g {@code [numHeads][b]} of the last {@link #compute}; a view */
    double[][] g() {
        return g;
    }

    /** @return the heads' noise terms {@code r = g eps / sd} {@code [numHeads][b]} of the last {@link #compute}; a view */
    double[][] r() {
        return r;
    }
}
