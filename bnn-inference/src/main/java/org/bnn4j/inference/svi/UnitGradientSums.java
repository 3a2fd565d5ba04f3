package org.bnn4j.inference.svi;

/**
 * The last step of the unit-major local reparameterization's backward pass for one hidden unit j: its parameters'
 * gradients as sums over the batch, added into the accumulators. From the unit's activations a {@code [b]}, the
 * heads' output gradients g and noise terms r ({@link HeadGradients}, {@code [numHeads][b]}), the unit's delta dz and
 * noise term rz ({@link UnitDeltas}, {@code [b]}) and the input columns x and their squares ({@link InputColumns},
 * {@code [inDim][b]}): per head, the weight from unit j gets {@code d/d loc = sum a g} and
 * {@code d/d std = std sum a^2 r}; the unit's bias {@code sum dz} and {@code std sum rz}; each input weight
 * {@code sum x dz} and {@code std sum x^2 rz}.
 *
 * <p>C2 does not vectorise floating-point sums, so these are scalar loops of about eight independent sums each (two
 * partial sums per sum when there are four), enough to keep the adders busy instead of waiting on one sum's latency.
 * The order of every sum is fixed (results are bit-for-bit reproducible).
 *
 * <p>Not thread-safe (reads the buffers of the passes it is built on).
 */
final class UnitGradientSums {

    private final int in;
    private final int w;
    private final int outDim;
    private final int numHeads;
    private final int hiddenW;
    private final int hiddenB;
    private final int[] headW;
    /** The heads' output gradients and noise terms, {@code [numHeads][b]}. */
    private final double[][] g;
    private final double[][] r;
    /** The unit's delta and noise term, {@code [b]}. */
    private final double[] delta;
    private final double[] noiseTerm;
    /** The batch's input columns and their squares, {@code [in][b]}. */
    private final double[][] xCols;
    private final double[][] colsSq;

    /**
     * @param shape   the net
     * @param heads   the head gradients this pass reads
     * @param deltas  the unit deltas this pass reads
     * @param columns the input columns this pass reads
     */
    UnitGradientSums(UnitMajorShape shape, HeadGradients heads, UnitDeltas deltas, InputColumns columns) {
        in = shape.in;
        w = shape.w;
        outDim = shape.outDim;
        numHeads = shape.numHeads;
        hiddenW = shape.hiddenW;
        hiddenB = shape.hiddenB;
        headW = shape.headW;
        g = heads.g();
        r = heads.r();
        delta = deltas.delta();
        noiseTerm = deltas.noiseTerm();
        xCols = columns.columns();
        colsSq = columns.squares();
    }

    /**
     * Adds unit j's parameter gradients, sums over the batch: its head weights' {@code sum a g} and
     * {@code sum a^2 r} per head, its bias' {@code sum dz} and {@code sum rz}, each input weight's {@code sum x dz}
     * and {@code sum x^2 rz} (each {@code d/d std} times std).
     *
     * @param std   guide standard deviations, length P
     * @param gLoc  accumulator, length P
     * @param gStd  accumulator, length P
     * @param j     hidden unit
     * @param a     the unit's activations {@code [b]}
     * @param batch b
     */
    void add(double[] std, double[] gLoc, double[] gStd, int j, double[] a, int batch) {
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
