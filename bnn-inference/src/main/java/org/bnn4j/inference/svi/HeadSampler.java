package org.bnn4j.inference.svi;

/**
 * One head output of one particle under the local reparameterization, unit-major: over the batch, the output's mean
 * {@code m = mu_b + sum_j a_j mu_j} and variance {@code v = sigma_b^2 + sum_j a_j^2 sigma_j^2} over the hidden
 * activations a {@code [w][b]} (two units per pass), its noise over its standard deviation {@code q = eps / sqrt(v)}
 * (kept for the backward pass) and the sampled output {@code m + v q}, written into a row-major {@code [K, b, D]}
 * output at column d. The noise is read as {@code [b]} from a given offset. Every loop runs over the batch with its
 * arrays indexed alike and stores one array (the mean and variance sums as two loops: one loop storing both stays
 * scalar).
 *
 * <p>Scratch buffers are reused; not thread-safe.
 */
final class HeadSampler {

    private final int w;
    private final int outDim;
    private final int[] headW;
    private final int[] headB;
    /** Scratch of the mean and variance sums over the units, {@code [maxB]} each. */
    private final double[] headMean;
    private final double[] headVar;
    /** Noise scratch, {@code [maxB]}, shared with the hidden layer's pass. */
    private final double[] epsBuf;

    /**
     * @param shape  the net
     * @param epsBuf noise scratch of at least the largest batch, shared with the other forward passes
     * @param maxB   largest batch
     */
    HeadSampler(UnitMajorShape shape, double[] epsBuf, int maxB) {
        w = shape.w;
        outDim = shape.outDim;
        headW = shape.headW;
        headB = shape.headB;
        headMean = new double[maxB];
        headVar = new double[maxB];
        this.epsBuf = epsBuf;
    }

    /**
     * Head hd of one particle: mean and variance sums over the units (two units per pass), the sampled output,
     * written to {@code out[o + i D + d]}.
     *
     * @param loc   guide means, length P
     * @param std   guide standard deviations, length P
     * @param noise standard normal noise; this head's b values start at offset no
     * @param no    offset of this head's noise
     * @param h     the particle's hidden activations {@code [w][b]}
     * @param q     receives the output's {@code eps / sd}, {@code [b]}
     * @param hd    head index (mean heads 0 .. D - 1, then scale heads)
     * @param out   receives the sampled output, {@code [K, b, D]} row-major
     * @param o     offset of this particle's outputs in out
     * @param d     output column of this head
     * @param batch b
     */
    void sample(double[] loc, double[] std, double[] noise, int no, double[][] h, double[] q, int hd, double[] out,
                int o, int d, int batch) {
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
}
