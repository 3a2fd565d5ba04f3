package org.bnn4j.inference.svi;

/**
 * One hidden unit's backward step under the unit-major local reparameterization: from the heads' output gradients g
 * and noise terms r ({@link HeadGradients}), the unit's pre-activation delta
 * {@code dz = f'(z) sum over heads of (g mu_w + a r sigma_w^2)} and its noise term {@code rz = dz eps / sd} over the
 * batch, each {@code [b]}, in vectorised loops (each stores one array). {@link UnitGradientSums} then reduces them
 * into the unit's parameter gradients.
 *
 * <p>ReLU's slope at an activation {@code a = max(z, 0)} is {@code min(1, ceil(a))}, exactly 1 for a > 0 and 0 for
 * a = 0: a comparison ({@code a > 0 ? ... : 0}) compiles to a branch that a fresh minibatch mispredicts about half the
 * time (160 against 12 us for 50 units of 512 points when the branch predictor has not seen the batch), the rounding
 * to a vectorised {@code vrndscalepd}.
 *
 * <p>Buffers are reused; not thread-safe.
 */
final class UnitDeltas {

    private final int outDim;
    private final int numHeads;
    private final boolean tanh;
    private final int[] headW;
    /** The heads' output gradients and noise terms, {@code [numHeads][b]}, of {@link HeadGradients}. */
    private final double[][] g;
    private final double[][] r;
    /** The unit's pre-activation delta and noise term, {@code [maxB]} each. */
    private final double[] delta;
    private final double[] noiseTerm;

    /**
     * @param shape the net
     * @param heads the head gradients this pass reads
     * @param maxB  largest batch
     */
    UnitDeltas(UnitMajorShape shape, HeadGradients heads, int maxB) {
        outDim = shape.outDim;
        numHeads = shape.numHeads;
        tanh = shape.tanh;
        headW = shape.headW;
        g = heads.g();
        r = heads.r();
        delta = new double[maxB];
        noiseTerm = new double[maxB];
    }

    /**
     * Unit j's pre-activation delta {@code dz = f'(z) sum over heads of (g m_w + r a s_w^2)} and noise term
     * {@code dz eps / sd} over the batch.
     *
     * @param loc   guide means, length P
     * @param std   guide standard deviations, length P
     * @param q     the unit's pre-activation {@code eps / sd} of the forward pass, {@code [b]}
     * @param j     hidden unit
     * @param a     the unit's activations {@code [b]}
     * @param batch b
     */
    void compute(double[] loc, double[] std, double[] q, int j, double[] a, int batch) {
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
                for (int i = 0; i < batch; i++) { // ReLU's slope without a branch (see the class comment)
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
        double[] rz = noiseTerm;
        for (int i = 0; i < batch; i++) {
            rz[i] = dz[i] * q[i];
        }
    }

    /** @return the delta {@code [b]} of the last {@link #compute}; a view */
    double[] delta() {
        return delta;
    }

    /** @return the noise term {@code dz eps / sd}, {@code [b]}, of the last {@link #compute}; a view */
    double[] noiseTerm() {
        return noiseTerm;
    }
}
