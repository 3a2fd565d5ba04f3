package org.bnn4j.nn.internal;

import org.bnn4j.nn.ParameterLayout;
import org.bnn4j.nn.ScaleTransform;

/**
 * The forward pass of {@link FusedCpuKernel} for the unit-major shape (one tanh or ReLU hidden layer, D = 1 heads,
 * heteroskedastic or not, any input width): for one weight sample and a tile of points, each hidden unit's
 * activations as an array of its own, {@code units[s][j][i - r0]} ({@code [w][tile]}), from the tile's inputs as
 * columns {@code [inDim][tile]}, then the mean (and raw scale) head over the units into the workspace's
 * {@code [n, b]} outputs and the scale transform. Every loop runs over the tile's points with all arrays indexed
 * from 0, the form C2 vectorises.
 *
 * <p>Stateless apart from the network's shape; the workspace holds every buffer.
 */
final class FusedUnitForward {

    private final ParameterLayout layout;
    /** Layer widths from the input, {@link ParameterLayout#layerWidths()}. */
    private final int[] dims;
    private final boolean tanh;
    private final ScaleTransform transform;

    /**
     * @param layout    the network's layout, one hidden layer and D = 1
     * @param tanh      tanh hidden units (else ReLU)
     * @param transform the scale head's transform
     */
    FusedUnitForward(ParameterLayout layout, boolean tanh, ScaleTransform transform) {
        this.layout = layout;
        dims = layout.layerWidths();
        this.tanh = tanh;
        this.transform = transform;
    }

    /**
     * Forward pass of sample s for points {@code [r0, r1)} of the unit-major shape (one tanh or ReLU layer, D = 1
     * heads, any input width), {@code units[s][j][i - r0]}. HotSpot's C2 (JDK 17) vectorises a loop only when all its
     * array accesses share one index expression: {@code a[i]} and {@code b[i]} are packed into SIMD lanes,
     * {@code a[i]} and {@code b[o + i]} are not, nor is {@code a[i + 5]} (about 3x slower; docs/benchmarks.md).
     * Each unit's activations are therefore their own array, indexed from 0 like the tile's input columns and head
     * outputs, and every loop runs over the tile's points: z (two input columns per pass) and the tanh series
     * argument, the series, the doublings (the three stages of {@link FastTanh}, bit for bit), then the heads two
     * units at a time. (Row-major, the loops would run over the units, too short for the JIT's vector loops, mix
     * offsets, and the heads would be scalar dot products.) Workspaces that may see a backward pass use one tile of
     * the whole batch.
     *
     * @param ws the workspace; receives the outputs of these points
     * @param p  parameters, one row of P values per sample from offset po
     * @param po offset of this sample's parameters
     * @param x  inputs {@code [b, inDim]}
     * @param b  batch
     * @param s  sample
     * @param r0 first point of the tile
     * @param r1 end of the tile (exclusive)
     */
    void forward(FusedWorkspace ws, double[] p, int po, double[] x, int b, int s, int r0, int r1) {
        int w = dims[1];
        int in = dims[0];
        int rows = r1 - r0;
        double[][] u = ws.units[s];
        double[][] xc = inputColumns(ws, in, x, s, r0, rows);
        int wo = po + layout.hiddenWeightOffset(0);
        int bo = po + layout.hiddenBiasOffset(0);
        for (int j = 0; j < w; j++) {
            double[] uj = u[j];
            double bj = p[bo + j];
            double[] x0 = xc[0];
            double w0 = p[wo + j];
            if (in > 1) {
                preActivation(uj, bj, xc, in, wo, w, j, p, rows);
            }
            if (!tanh) { // ReLU
                if (in == 1) {
                    for (int i = 0; i < rows; i++) {
                        uj[i] = Math.max(bj + x0[i] * w0, 0.0);
                    }
                } else {
                    for (int i = 0; i < rows; i++) {
                        uj[i] = Math.max(uj[i], 0.0);
                    }
                }
                continue;
            }
            if (in == 1) { // z fused into the clamp, the first stage of the tanh
                for (int i = 0; i < rows; i++) {
                    uj[i] = FastTanh.seriesArgument(bj + x0[i] * w0);
                }
            } else {
                for (int i = 0; i < rows; i++) {
                    uj[i] = FastTanh.seriesArgument(uj[i]);
                }
            }
            if (FastTanh.HARDWARE_FMA) { // about a tenth of a cluster-net gradient
                for (int i = 0; i < rows; i++) {
                    uj[i] = FastTanh.expm1TaylorFma(uj[i]);
                }
            } else {
                for (int i = 0; i < rows; i++) {
                    uj[i] = FastTanh.expm1Taylor(uj[i]);
                }
            }
            for (int i = 0; i < rows; i++) {
                uj[i] = FastTanh.fromExpm1(uj[i]);
            }
        }
        int o = s * b + r0;
        double[] mean = ws.unitMean[s];
        headForward(u, w, p, po + layout.meanWeightOffset(), p[po + layout.meanBiasOffset()], mean, rows);
        System.arraycopy(mean, 0, ws.mean, o, rows);
        if (layout.heteroskedastic()) {
            double[] raw = ws.unitRaw[s];
            headForward(u, w, p, po + layout.scaleWeightOffset(), p[po + layout.scaleBiasOffset()], raw, rows);
            System.arraycopy(raw, 0, ws.rawScale, o, rows);
            transform.applyAll(ws.rawScale, ws.scale, ws.scaleDerivative, o, o + rows);
        }
    }

    /** z of unit j over the tile for inputs wider than 1, two input columns per pass, for {@link #forward}. */
    private static void preActivation(double[] uj, double bj, double[][] xc, int in, int wo, int w, int j, double[] p,
                                      int rows) {
        double[] x0 = xc[0];
        double w0 = p[wo + j];
        for (int i = 0; i < rows; i++) {
            uj[i] = bj + x0[i] * w0;
        }
        int k = 1;
        for (; k + 1 < in; k += 2) {
            double[] xa = xc[k];
            double[] xb = xc[k + 1];
            double wa = p[wo + k * w + j];
            double wb = p[wo + (k + 1) * w + j];
            for (int i = 0; i < rows; i++) {
                uj[i] += xa[i] * wa + xb[i] * wb;
            }
        }
        if (k < in) {
            double[] xa = xc[k];
            double wa = p[wo + k * w + j];
            for (int i = 0; i < rows; i++) {
                uj[i] += xa[i] * wa;
            }
        }
    }

    /** One D = 1 head over the units, two units per pass: {@code out[i] = bias + sum_j u[j][i] p[wo + j]}. */
    private static void headForward(double[][] u, int w, double[] p, int wo, double bias, double[] out, int rows) {
        java.util.Arrays.fill(out, 0, rows, bias);
        int j = 0;
        for (; j + 1 < w; j += 2) {
            double[] u0 = u[j];
            double[] u1 = u[j + 1];
            double m0 = p[wo + j];
            double m1 = p[wo + j + 1];
            for (int i = 0; i < rows; i++) {
                out[i] += u0[i] * m0 + u1[i] * m1;
            }
        }
        if (j < w) {
            double[] u0 = u[j];
            double m0 = p[wo + j];
            for (int i = 0; i < rows; i++) {
                out[i] += u0[i] * m0;
            }
        }
    }

    /**
     * The tile's inputs as columns indexed from 0: x itself for a 1-d input's first tile, else copied (a gather of
     * {@code rows * inDim} values for wider inputs).
     */
    static double[][] inputColumns(FusedWorkspace ws, int in, double[] x, int s, int r0, int rows) {
        if (in == 1 && r0 == 0) {
            double[][] holder = ws.inputHolder[s];
            holder[0] = x;
            return holder;
        }
        double[][] cols = ws.inputCols[s];
        if (in == 1) {
            System.arraycopy(x, r0, cols[0], 0, rows);
            return cols;
        }
        for (int i = 0; i < rows; i++) {
            int xi = (r0 + i) * in;
            for (int k = 0; k < in; k++) {
                cols[k][i] = x[xi + k];
            }
        }
        return cols;
    }
}
