package org.bnn4j.nn.internal;

import java.util.Objects;
import java.util.stream.IntStream;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;
import org.bnn4j.nn.ScaleTransform;

/**
 * The network evaluated in plain Java loops over {@code double[]}: no allocation per call, loops ordered so
 * the JIT vectorises the inner dimension, tanh by {@link FastTanh} over each layer's whole block, and samples evaluated in parallel on the
 * common fork-join pool when there are several and enough work. Results do not depend on the parallelism.
 *
 * <p>This is the fast path for the small networks of BNN regression on the CPU, where ND4J's per-call
 * overhead (10-30 us) dominates the arithmetic.
 */
public final class FusedCpuKernel implements NetworkKernel {

    /**
     * Points per forward tile: 128 points of a 100-unit layer are 102 kB of activations, which stay in L2 (64 and 128
     * are alike on the cluster-net prediction, 256 slower; docs/benchmarks.md).
     */
    static final int TILE_ROWS = 128;

    /** Below this many multiply-adds per call, parallel evaluation costs more than it saves (measured). */
    static final long PARALLEL_MIN_WORK = 50_000;

    private final NetworkSpec spec;
    /** Slice offsets; each pass reads what it needs into locals. */
    private final ParameterLayout layout;
    private final int numLayers;
    /** Layer widths from the input, {@link ParameterLayout#layerWidths()}. */
    private final int[] dims;
    private final int outDim;
    private final boolean tanh;
    private final ScaleTransform transform;
    private final boolean parallel;

    /**
     * @param spec     the network
     * @param parallel whether to evaluate several weight samples on parallel threads
     */
    public FusedCpuKernel(NetworkSpec spec, boolean parallel) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.parallel = parallel;
        layout = new ParameterLayout(spec);
        numLayers = layout.numHidden();
        dims = layout.layerWidths();
        outDim = layout.outDim();
        tanh = spec.activation() == Activation.TANH;
        transform = spec.scaleTransform();
    }

    /** @param spec the network, evaluated with parallel samples */
    public FusedCpuKernel(NetworkSpec spec) {
        this(spec, true);
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public KernelWorkspace newWorkspace(int maxN, int maxB) {
        return new Workspace(maxN, maxB, false);
    }

    @Override
    public KernelWorkspace newForwardWorkspace(int maxN, int maxB) {
        return new Workspace(maxN, maxB, true);
    }

    /**
     * One hidden layer (tanh or ReLU) with D = 1 heads (heteroskedastic or not), any input width: the cluster net and
     * the UCI nets, evaluated unit-major ({@link #forwardUnits}).
     */
    private boolean unitShape() {
        return numLayers == 1 && outDim == 1;
    }

    private final class Workspace extends KernelWorkspace {
        final double[][] act;
        /** Backward deltas, allocated by the first backward pass (a forward-only workspace never needs them). */
        double[][] delta;
        /**
         * Gradient accumulators of the D = 1 head pass (mean and scale head weights), two arrays of
         * {@code [maxN, lastWidth]} (one row per sample: samples run in parallel).
         */
        final double[][] acc;
        /** Created by {@link #newForwardWorkspace}: no backward pass. */
        final boolean forwardOnly;
        /** The unit-major shape with a backward pass: evaluated over the whole batch by {@link #forwardUnits}. */
        final boolean unitPath;
        /**
         * {@code units[s][j]}: unit j's activations over one tile for sample s, one array per unit so that every loop
         * of the unit-major path indexes all its arrays from 0 (see {@link #forwardUnits}); a tile is the whole batch
         * when there may be a backward pass, else {@link #TILE_ROWS} points.
         */
        final double[][][] units;
        /** Per-sample head outputs of one tile of the unit-major path. */
        final double[][] unitMean;
        final double[][] unitRaw;
        /**
         * Per-sample input columns {@code [inDim][tile]} of the unit-major path (a 1-d input's first tile is x itself,
         * held in {@link #inputHolder}).
         */
        final double[][][] inputCols;
        final double[][][] inputHolder;
        /** Per-sample second halves of the input columns, {@code [inDim][maxB / 2 + 1]}, for {@link #backwardUnits}. */
        final double[][][] inputCols2;
        /** Per-sample scratch of {@link #backwardUnits}: eleven arrays of {@code [maxB]}. */
        final double[][][] unitScratch;
        final FusedCpuKernel owner = FusedCpuKernel.this;

        Workspace(int maxN, int maxB, boolean forwardOnly) {
            super(spec, maxN, maxB);
            this.forwardOnly = forwardOnly;
            boolean unitMajor = forwardOnly && unitShape();
            unitPath = !forwardOnly && unitShape();
            acc = new double[2][forwardOnly || unitPath ? 0 : maxN * dims[numLayers]];
            act = new double[numLayers][];
            for (int l = 0; l < numLayers; l++) {
                act[l] = new double[unitMajor || unitPath ? 0 : layerLength(maxN, maxB, l)];
            }
            if (unitPath) {
                layerLength(maxN, maxB, 0); // the same size limit as the row-major layout
            }
            boolean unit = unitShape();
            int sn = unit ? maxN : 0;
            int in = dims[0];
            int tileRows = unit ? (unitPath ? maxB : Math.min(maxB, TILE_ROWS)) : 0;
            units = new double[sn][unit ? dims[1] : 0][tileRows];
            unitMean = new double[sn][tileRows];
            unitRaw = new double[sn][layout.heteroskedastic() ? tileRows : 0];
            inputCols = new double[sn][in][in > 1 || unitMajor ? tileRows : 0];
            inputHolder = new double[sn][1][];
            inputCols2 = new double[unitPath ? maxN : 0][in][unitPath ? maxB / 2 + 1 : 0];
            unitScratch = new double[unitPath ? maxN : 0][11][unitPath ? maxB : 0];
        }

        void ensureDeltas() {
            if (delta == null) {
                double[][] d = new double[numLayers][];
                for (int l = 0; l < numLayers; l++) {
                    d[l] = new double[act[l].length];
                }
                delta = d;
            }
        }
    }

    private int layerLength(int maxN, int maxB, int l) {
        long len = (long) maxN * maxB * dims[l + 1];
        if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxN * maxB * width = " + len + " is too large for one "
                    + "workspace; evaluate in smaller batches");
        }
        return (int) len;
    }

    private Workspace own(KernelWorkspace ws) {
        if (!(ws instanceof Workspace w) || w.owner != this) {
            throw new IllegalArgumentException("workspace was not created by this kernel; use kernel.newWorkspace(n, b)");
        }
        return w;
    }

    private boolean goParallel(int n, int b) {
        if (!parallel || n < 2) {
            return false;
        }
        long work = 0;
        for (int l = 0; l < numLayers; l++) {
            work += (long) dims[l] * dims[l + 1];
        }
        work += 2L * dims[numLayers] * outDim;
        return work * b * n >= PARALLEL_MIN_WORK;
    }

    @Override
    public void forward(KernelWorkspace kws, double[] params, int stride, int n, double[] x, int b) {
        Workspace ws = own(kws);
        ws.checkFits(n, b);
        layout.checkCall(params, stride, n, x, b);
        ws.n = n;
        ws.b = b;
        if (goParallel(n, b)) {
            IntStream.range(0, n).parallel().forEach(s -> forwardSample(ws, params, s * stride, x, b, s));
        } else {
            for (int s = 0; s < n; s++) {
                forwardSample(ws, params, s * stride, x, b, s);
            }
        }
    }

    @Override
    public void backward(KernelWorkspace kws, double[] params, int stride, double[] x, double[] gMean,
                         double[] gScale, double[] grad) {
        Workspace ws = own(kws);
        if (ws.forwardOnly) {
            throw new IllegalStateException("backward on a forward-only workspace; create it with newWorkspace(n, b)");
        }
        ws.checkBackward(gScale);
        int n = ws.n;
        int b = ws.b;
        layout.checkCall(params, stride, n, x, b);
        ws.ensureDeltas();
        if (goParallel(n, b)) {
            IntStream.range(0, n).parallel().forEach(s -> backwardSample(ws, params, s * stride, x, b, s, gMean, gScale,
                    grad));
        } else {
            for (int s = 0; s < n; s++) {
                backwardSample(ws, params, s * stride, x, b, s, gMean, gScale, grad);
            }
        }
    }

    /**
     * Forward pass of sample s, in tiles of {@link #TILE_ROWS} points carried through every layer and the heads while
     * their activations are still in cache (a 1901-point batch of a 50-unit layer is 760 kB per layer, beyond L2).
     */
    private void forwardSample(Workspace ws, double[] p, int po, double[] x, int b, int s) {
        if (ws.unitPath) { // one tile: the backward pass needs every unit's activations over the whole batch
            forwardUnits(ws, p, po, x, b, s, 0, b);
            return;
        }
        boolean unitMajor = ws.forwardOnly && unitShape();
        for (int r0 = 0; r0 < b; r0 += TILE_ROWS) {
            if (unitMajor) {
                forwardUnits(ws, p, po, x, b, s, r0, Math.min(b, r0 + TILE_ROWS));
            } else {
                forwardRows(ws, p, po, x, b, s, r0, Math.min(b, r0 + TILE_ROWS));
            }
        }
    }

    /**
     * Forward pass of sample s for points {@code [r0, r1)} of the unit-major shape (one tanh or ReLU layer, D = 1
     * heads, any input width), {@code units[s][j][i - r0]}. HotSpot's C2 (JDK 17) vectorises a loop only when all its array
     * accesses share one index expression: {@code a[i]} and {@code b[i]} are packed into SIMD lanes, {@code a[i]}
     * and {@code b[o + i]} are not, nor is {@code a[i + 5]} (about 3x slower; docs/benchmarks.md).
     * Each unit's activations are therefore their own array, indexed from 0 like the tile's input columns and head
     * outputs, and every loop runs over the tile's points: z (two input columns per pass) and the tanh series
     * argument, the series, the doublings (the three stages of {@link FastTanh}, bit for bit), then the heads two
     * units at a time. (Row-major, the loops would run over the units, too short for the JIT's vector loops, mix
     * offsets, and the heads would be scalar dot products.) Workspaces that may see a backward pass use one tile of
     * the whole batch.
     */
    private void forwardUnits(Workspace ws, double[] p, int po, double[] x, int b, int s, int r0, int r1) {
        int w = dims[1];
        int in = dims[0];
        int rows = r1 - r0;
        double[][] u = ws.units[s];
        double[][] xc = inputColumns(ws, x, s, r0, rows);
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

    /** z of unit j over the tile for inputs wider than 1, two input columns per pass, for {@link #forwardUnits}. */
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
    private double[][] inputColumns(Workspace ws, double[] x, int s, int r0, int rows) {
        int in = dims[0];
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

    /**
     * Backward pass of sample s for the unit-major shape after {@link #forwardUnits} on the same inputs. Each unit
     * needs sums over the batch: its head weights' gradients {@code sum h gMean} (and {@code sum h gRaw}), its bias'
     * {@code sum d} and each input weight's {@code sum x_k d}, with {@code d = (gMean m_j + gRaw s_j) f'(z)}. C2
     * does not vectorise floating-point sums, so the batch is folded in half first: the second half of every array is
     * copied into an array of its own ({@code arraycopy}), vectorised loops add the two halves' terms elementwise,
     * and only the folded terms are summed by scalar code (about 1.5x faster for the cluster net's batch of 400).
     */
    private void backwardUnits(Workspace ws, double[] p, int po, double[] x, int b, int s, double[] gMean,
                               double[] gScale, double[] grad) {
        int w = dims[1];
        int in = dims[0];
        boolean hetero = layout.heteroskedastic();
        int h = b / 2; // folded length; an odd batch's last point is added separately
        int hb = b - h; // second half's length, h or h + 1
        double[][] u = ws.units[s];
        double[][] sc = ws.unitScratch[s];
        double[] gm = sc[0];
        double[] gr = sc[1];
        double[] gm2 = sc[2];
        double[] gr2 = sc[3];
        double[] u2 = sc[4];
        double[] d1 = sc[5];
        double[] d2 = sc[6];
        double[] tm = sc[7];
        double[] ts = sc[8];
        double[] tb = sc[9];
        double[] tw = sc[10];
        double[][] xc = in == 1 ? inputColumns(ws, x, s, 0, b) : ws.inputCols[s]; // filled by the forward pass
        double[][] xc2 = ws.inputCols2[s];
        for (int k = 0; k < in; k++) {
            System.arraycopy(xc[k], h, xc2[k], 0, hb);
        }
        int o = s * b;
        double sumM = 0.0;
        double sumR = 0.0;
        for (int i = 0; i < b; i++) {
            double g = gMean[o + i];
            gm[i] = g;
            sumM += g;
        }
        if (hetero) {
            double[] deriv = ws.scaleDerivative;
            for (int i = 0; i < b; i++) {
                double r = gScale[o + i] * deriv[o + i];
                gr[i] = r;
                sumR += r;
            }
            grad[po + layout.scaleBiasOffset()] += sumR;
        } else {
            java.util.Arrays.fill(gr, 0, b, 0.0);
        }
        grad[po + layout.meanBiasOffset()] += sumM;
        System.arraycopy(gm, h, gm2, 0, hb);
        System.arraycopy(gr, h, gr2, 0, hb);
        int mw = po + layout.meanWeightOffset();
        int sw = po + layout.scaleWeightOffset();
        int wo = po + layout.hiddenWeightOffset(0);
        int bo = po + layout.hiddenBiasOffset(0);
        int h2 = h - h % 2;
        for (int j = 0; j < w; j++) {
            double[] uj = u[j];
            double m = p[mw + j];
            double sj = hetero ? p[sw + j] : 0.0;
            System.arraycopy(uj, h, u2, 0, hb);
            if (tanh) {
                for (int i = 0; i < h; i++) {
                    double a = uj[i];
                    double c = u2[i];
                    d1[i] = (gm[i] * m + gr[i] * sj) * (1.0 - a * a);
                    d2[i] = (gm2[i] * m + gr2[i] * sj) * (1.0 - c * c);
                }
            } else {
                for (int i = 0; i < h; i++) { // ReLU's slope min(1, ceil(a)): no branch to mispredict
                    d1[i] = (gm[i] * m + gr[i] * sj) * Math.min(1.0, Math.ceil(uj[i]));
                    d2[i] = (gm2[i] * m + gr2[i] * sj) * Math.min(1.0, Math.ceil(u2[i]));
                }
            }
            for (int i = 0; i < h; i++) {
                tb[i] = d1[i] + d2[i];
            }
            for (int i = 0; i < h; i++) {
                double a = uj[i];
                double c = u2[i];
                tm[i] = a * gm[i] + c * gm2[i];
                ts[i] = a * gr[i] + c * gr2[i];
            }
            double am0 = 0.0;
            double am1 = 0.0;
            double as0 = 0.0;
            double as1 = 0.0;
            double ab0 = 0.0;
            double ab1 = 0.0;
            for (int i = 0; i < h2; i += 2) {
                am0 += tm[i];
                am1 += tm[i + 1];
                as0 += ts[i];
                as1 += ts[i + 1];
                ab0 += tb[i];
                ab1 += tb[i + 1];
            }
            if (h2 < h) {
                am0 += tm[h2];
                as0 += ts[h2];
                ab0 += tb[h2];
            }
            double dl = 0.0; // an odd batch's last point, unfolded
            if (hb > h) {
                double a = u2[h];
                double g = gm2[h] * m + gr2[h] * sj;
                dl = tanh ? g * (1.0 - a * a) : (a > 0.0 ? g : 0.0);
                am1 += a * gm2[h];
                as1 += a * gr2[h];
                ab1 += dl;
            }
            grad[mw + j] += am0 + am1;
            if (hetero) {
                grad[sw + j] += as0 + as1;
            }
            grad[bo + j] += ab0 + ab1;
            for (int k = 0; k < in; k++) { // each input weight: sum x_k d over the folded batch
                double[] xa = xc[k];
                double[] xb = xc2[k];
                for (int i = 0; i < h; i++) {
                    tw[i] = d1[i] * xa[i] + d2[i] * xb[i];
                }
                double aw0 = 0.0;
                double aw1 = 0.0;
                for (int i = 0; i < h2; i += 2) {
                    aw0 += tw[i];
                    aw1 += tw[i + 1];
                }
                if (h2 < h) {
                    aw0 += tw[h2];
                }
                if (hb > h) {
                    aw1 += dl * xb[h];
                }
                grad[wo + k * w + j] += aw0 + aw1;
            }
        }
    }

    /** Forward pass of sample s for points {@code [r0, r1)}. */
    private void forwardRows(Workspace ws, double[] p, int po, double[] x, int b, int s, int r0, int r1) {
        double[] in = x;
        int inOff = 0;
        int inW = dims[0];
        for (int l = 0; l < numLayers; l++) {
            int w = dims[l + 1];
            double[] out = ws.act[l];
            int outOff = s * b * w;
            int wo = po + layout.hiddenWeightOffset(l);
            int bo = po + layout.hiddenBiasOffset(l);
            int i1 = r0;
            if (inW == 1) { // four points per pass over the units: a quarter of the loop overhead at w ~ 50
                i1 = r0 + (r1 - r0) / 4 * 4;
                for (int i = r0; i < i1; i += 4) {
                    int z0 = outOff + i * w;
                    double a0 = in[inOff + i];
                    double a1 = in[inOff + i + 1];
                    double a2 = in[inOff + i + 2];
                    double a3 = in[inOff + i + 3];
                    for (int j = 0; j < w; j++) {
                        double bj = p[bo + j];
                        double wj = p[wo + j];
                        out[z0 + j] = bj + a0 * wj;
                        out[z0 + w + j] = bj + a1 * wj;
                        out[z0 + 2 * w + j] = bj + a2 * wj;
                        out[z0 + 3 * w + j] = bj + a3 * wj;
                    }
                }
            }
            for (int i = i1; i < r1; i++) {
                int zo = outOff + i * w;
                if (inW == 1) { // z = a w + b: no inner loop (a 1-d input)
                    double a = in[inOff + i];
                    for (int j = 0; j < w; j++) {
                        out[zo + j] = p[bo + j] + a * p[wo + j];
                    }
                } else {
                    System.arraycopy(p, bo, out, zo, w);
                    int ai = inOff + i * inW;
                    for (int k = 0; k < inW; k++) {
                        double a = in[ai + k];
                        int wk = wo + k * w;
                        for (int j = 0; j < w; j++) {
                            out[zo + j] += a * p[wk + j];
                        }
                    }
                }
            }
            activate(out, outOff + r0 * w, (r1 - r0) * w);
            in = out;
            inOff = outOff;
            inW = w;
        }
        int d2 = outDim;
        int meanW = layout.meanWeightOffset();
        int meanB = layout.meanBiasOffset();
        int scaleW = layout.scaleWeightOffset();
        int scaleB = layout.scaleBiasOffset();
        boolean hetero = scaleW >= 0;
        if (hetero && d2 == 1) { // D = 1 heads: both dot products in one pass over the activations
            int mw = po + meanW;
            int sw = po + scaleW;
            int i1 = r0 + (r1 - r0) / 4 * 4;
            for (int i = r0; i < i1; i += 4) { // four points per pass: each weight loaded once for four products
                int a0 = inOff + i * inW;
                int a1 = a0 + inW;
                int a2 = a1 + inW;
                int a3 = a2 + inW;
                double m0 = 0.0;
                double m1 = 0.0;
                double m2 = 0.0;
                double m3 = 0.0;
                double q0 = 0.0;
                double q1 = 0.0;
                double q2 = 0.0;
                double q3 = 0.0;
                for (int j = 0; j < inW; j++) {
                    double m = p[mw + j];
                    double sc = p[sw + j];
                    double h0 = in[a0 + j];
                    double h1 = in[a1 + j];
                    double h2 = in[a2 + j];
                    double h3 = in[a3 + j];
                    m0 += h0 * m;
                    m1 += h1 * m;
                    m2 += h2 * m;
                    m3 += h3 * m;
                    q0 += h0 * sc;
                    q1 += h1 * sc;
                    q2 += h2 * sc;
                    q3 += h3 * sc;
                }
                int o = s * b + i;
                double mb = p[po + meanB];
                double sb = p[po + scaleB];
                ws.mean[o] = mb + m0;
                ws.mean[o + 1] = mb + m1;
                ws.mean[o + 2] = mb + m2;
                ws.mean[o + 3] = mb + m3;
                ws.rawScale[o] = sb + q0;
                ws.rawScale[o + 1] = sb + q1;
                ws.rawScale[o + 2] = sb + q2;
                ws.rawScale[o + 3] = sb + q3;
            }
            for (int i = i1; i < r1; i++) {
                int ai = inOff + i * inW;
                int o = s * b + i;
                double m0 = 0.0;
                double m1 = 0.0;
                double m2 = 0.0;
                double m3 = 0.0;
                double r0s = 0.0;
                double r1s = 0.0;
                double r2s = 0.0;
                double r3s = 0.0;
                int j = 0;
                for (; j + 3 < inW; j += 4) {
                    double h0 = in[ai + j];
                    double h1 = in[ai + j + 1];
                    double h2 = in[ai + j + 2];
                    double h3 = in[ai + j + 3];
                    m0 += h0 * p[mw + j];
                    m1 += h1 * p[mw + j + 1];
                    m2 += h2 * p[mw + j + 2];
                    m3 += h3 * p[mw + j + 3];
                    r0s += h0 * p[sw + j];
                    r1s += h1 * p[sw + j + 1];
                    r2s += h2 * p[sw + j + 2];
                    r3s += h3 * p[sw + j + 3];
                }
                for (; j < inW; j++) {
                    m0 += in[ai + j] * p[mw + j];
                    r0s += in[ai + j] * p[sw + j];
                }
                ws.mean[o] = p[po + meanB] + ((m0 + m1) + (m2 + m3));
                ws.rawScale[o] = p[po + scaleB] + ((r0s + r1s) + (r2s + r3s));
            }
            transform.applyAll(ws.rawScale, ws.scale, ws.scaleDerivative, s * b + r0, s * b + r1);
            return;
        }
        for (int i = r0; i < r1; i++) {
            int ai = inOff + i * inW;
            int o = (s * b + i) * d2;
            for (int d = 0; d < d2; d++) {
                double m = p[po + meanB + d] + dot(in, ai, p, po + meanW + d, d2, inW);
                ws.mean[o + d] = m;
                if (hetero) {
                    ws.rawScale[o + d] = p[po + scaleB + d] + dot(in, ai, p, po + scaleW + d, d2, inW);
                }
            }
        }
        if (hetero) {
            transform.applyAll(ws.rawScale, ws.scale, ws.scaleDerivative, (s * b + r0) * d2, (s * b + r1) * d2);
        }
    }

    /** Applies the activation to {@code z[from, from + len)} in place. */
    private void activate(double[] z, int from, int len) {
        if (tanh) {
            FastTanh.inPlace(z, from, from + len);
        } else {
            for (int j = from; j < from + len; j++) {
                z[j] = Math.max(z[j], 0.0);
            }
        }
    }

    /** {@code sum_j a[ao + j] w[wo + j * ws]} over {@code len} terms; four partial sums break the add latency chain. */
    private static double dot(double[] a, int ao, double[] w, int wo, int ws, int len) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            int wj = wo + j * ws;
            s0 += a[ao + j] * w[wj];
            s1 += a[ao + j + 1] * w[wj + ws];
            s2 += a[ao + j + 2] * w[wj + 2 * ws];
            s3 += a[ao + j + 3] * w[wj + 3 * ws];
        }
        for (; j < len; j++) {
            s0 += a[ao + j] * w[wo + j * ws];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private void backwardSample(Workspace ws, double[] p, int po, double[] x, int b, int s, double[] gMean,
                                double[] gScale, double[] grad) {
        int go = po; // grad and params share the row stride
        java.util.Arrays.fill(grad, go, go + layout.size(), 0.0);
        if (ws.unitPath) {
            backwardUnits(ws, p, po, x, b, s, gMean, gScale, grad);
            return;
        }
        boolean singleHead = numLayers > 0 && outDim == 1;
        if (singleHead) {
            headBackwardSingle(ws, p, po, b, s, gMean, gScale, grad);
        } else {
            headBackward(ws, p, po, x, b, s, gMean, gScale, grad);
        }
        for (int l = numLayers - 1; l >= 0; l--) {
            int w = dims[l + 1];
            double[] h = ws.act[l];
            double[] dz = ws.delta[l];
            int off = s * b * w;
            if (!(singleHead && l == numLayers - 1)) { // under a D = 1 head the derivative is applied already
                if (tanh) {
                    for (int j = off; j < off + b * w; j++) {
                        double hj = h[j];
                        dz[j] *= 1.0 - hj * hj;
                    }
                } else {
                    for (int j = off; j < off + b * w; j++) {
                        dz[j] *= Math.min(1.0, Math.ceil(h[j])); // ReLU's slope: 1 for h > 0, else 0
                    }
                }
            }
            int pw = dims[l];
            double[] prev = l == 0 ? x : ws.act[l - 1];
            int prevOff = l == 0 ? 0 : s * b * pw;
            double[] dPrev = l == 0 ? null : ws.delta[l - 1];
            int gwo = go + layout.hiddenWeightOffset(l);
            int gbo = go + layout.hiddenBiasOffset(l);
            int wo = po + layout.hiddenWeightOffset(l);
            for (int i = 0; i < b; i++) {
                int zo = off + i * w;
                int ai = prevOff + i * pw;
                if (pw == 1) {
                    double a = prev[ai];
                    for (int j = 0; j < w; j++) {
                        double d = dz[zo + j];
                        grad[gbo + j] += d;
                        grad[gwo + j] += a * d;
                    }
                    if (dPrev != null) {
                        dPrev[ai] = dot(dz, zo, p, wo, 1, w);
                    }
                    continue;
                }
                for (int j = 0; j < w; j++) {
                    grad[gbo + j] += dz[zo + j];
                }
                for (int k = 0; k < pw; k++) {
                    double a = prev[ai + k];
                    int gk = gwo + k * w;
                    for (int j = 0; j < w; j++) {
                        grad[gk + j] += a * dz[zo + j];
                    }
                }
                if (dPrev != null) {
                    for (int k = 0; k < pw; k++) {
                        dPrev[ai + k] = dot(dz, zo, p, wo + k * w, 1, w);
                    }
                }
            }
        }
    }

    /**
     * Backward through D = 1 heads of a net with two or more hidden layers (one hidden layer takes
     * {@link #backwardUnits}): one pass per point gives the head gradients and the last hidden layer's delta with the
     * activation derivative applied.
     */
    private void headBackwardSingle(Workspace ws, double[] p, int po, int b, int s, double[] gMean,
                                    double[] gScale, double[] grad) {
        int l = numLayers - 1;
        int w = dims[numLayers];
        double[] h = ws.act[l];
        double[] dz = ws.delta[l];
        boolean hetero = layout.heteroskedastic();
        int meanB = layout.meanBiasOffset();
        int scaleB = layout.scaleBiasOffset();
        int mw = po + layout.meanWeightOffset();
        int sw = hetero ? po + layout.scaleWeightOffset() : mw; // read but multiplied by gr = 0 when homoskedastic
        double[] gMw = ws.acc[0];
        double[] gSw = ws.acc[1];
        int ao = s * w; // this sample's accumulator row
        for (double[] a : ws.acc) {
            java.util.Arrays.fill(a, ao, ao + w, 0.0);
        }
        for (int i = 0; i < b; i++) {
            int o = s * b + i;
            double gm = gMean[o];
            double gr = hetero ? gScale[o] * ws.scaleDerivative[o] : 0.0;
            grad[po + meanB] += gm;
            if (hetero) {
                grad[po + scaleB] += gr;
            }
            int ai = o * w;
            for (int j = 0; j < w; j++) {
                double hj = h[ai + j];
                double d = gm * p[mw + j] + gr * p[sw + j];
                dz[ai + j] = tanh ? d * (1.0 - hj * hj) : d * Math.min(1.0, Math.ceil(hj));
                gMw[ao + j] += hj * gm;
                gSw[ao + j] += hj * gr;
            }
        }
        for (int j = 0; j < w; j++) {
            grad[mw + j] += gMw[ao + j];
            if (hetero) {
                grad[sw + j] += gSw[ao + j];
            }
        }
    }

    /** Backward through heads of any D into the last hidden layer's delta (activation derivative not applied). */
    private void headBackward(Workspace ws, double[] p, int po, double[] x, int b, int s, double[] gMean,
                              double[] gScale, double[] grad) {
        int go = po;
        int meanW = layout.meanWeightOffset();
        int meanB = layout.meanBiasOffset();
        int scaleW = layout.scaleWeightOffset();
        int scaleB = layout.scaleBiasOffset();
        int inW = dims[numLayers];
        double[] in = numLayers == 0 ? x : ws.act[numLayers - 1];
        int inOff = numLayers == 0 ? 0 : s * b * inW;
        double[] dIn = numLayers == 0 ? null : ws.delta[numLayers - 1];
        int d2 = outDim;
        boolean hetero = scaleW >= 0;
        for (int i = 0; i < b; i++) {
            int ai = inOff + i * inW;
            int o = (s * b + i) * d2;
            if (dIn != null) {
                java.util.Arrays.fill(dIn, ai, ai + inW, 0.0);
            }
            for (int d = 0; d < d2; d++) {
                double gm = gMean[o + d];
                grad[go + meanB + d] += gm;
                int gw = go + meanW + d;
                int mw = po + meanW + d;
                for (int j = 0; j < inW; j++) {
                    grad[gw + j * d2] += in[ai + j] * gm;
                }
                if (dIn != null) {
                    for (int j = 0; j < inW; j++) {
                        dIn[ai + j] += gm * p[mw + j * d2];
                    }
                }
                if (hetero) {
                    double gr = gScale[o + d] * ws.scaleDerivative[o + d];
                    grad[go + scaleB + d] += gr;
                    int gsw = go + scaleW + d;
                    int sw = po + scaleW + d;
                    for (int j = 0; j < inW; j++) {
                        grad[gsw + j * d2] += in[ai + j] * gr;
                    }
                    if (dIn != null) {
                        for (int j = 0; j < inW; j++) {
                            dIn[ai + j] += gr * p[sw + j * d2];
                        }
                    }
                }
            }
        }
    }
}
