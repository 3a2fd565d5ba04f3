package org.bnn4j.nn;

import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The network evaluated in plain Java loops over {@code double[]}: no allocation per call, loops ordered so
 * the JIT vectorises the inner dimension, tanh from one {@code exp}, and samples evaluated in parallel on the
 * common fork-join pool when there are several and enough work. Results do not depend on the parallelism.
 *
 * <p>This is the fast path for the small networks of BNN regression on the CPU, where ND4J's per-call
 * overhead (10-30 us) dominates the arithmetic.
 */
public final class FusedCpuKernel implements NetworkKernel {

    /** Below this many multiply-adds per call, parallel evaluation costs more than it saves (measured). */
    static final long PARALLEL_MIN_WORK = 50_000;

    private final NetworkSpec spec;
    private final int numLayers;
    private final int[] dims;
    private final int[] wOff;
    private final int[] bOff;
    private final int outDim;
    private final int meanW;
    private final int meanB;
    private final int scaleW;
    private final int scaleB;
    private final int numParams;
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
        ParameterLayout layout = new ParameterLayout(spec);
        numLayers = spec.numHidden();
        dims = new int[numLayers + 1];
        dims[0] = spec.inDim();
        wOff = new int[numLayers];
        bOff = new int[numLayers];
        for (int l = 0; l < numLayers; l++) {
            dims[l + 1] = spec.hiddenWidth(l);
            wOff[l] = layout.slice("hidden" + l + ".weight").offset();
            bOff[l] = layout.slice("hidden" + l + ".bias").offset();
        }
        outDim = spec.outDim();
        meanW = layout.slice("mean.weight").offset();
        meanB = layout.slice("mean.bias").offset();
        scaleW = spec.heteroskedastic() ? layout.slice("scale.weight").offset() : -1;
        scaleB = spec.heteroskedastic() ? layout.slice("scale.bias").offset() : -1;
        numParams = layout.size();
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
        return new Workspace(maxN, maxB);
    }

    private final class Workspace extends KernelWorkspace {
        final double[][] act;
        final double[][] delta;
        final FusedCpuKernel owner = FusedCpuKernel.this;

        Workspace(int maxN, int maxB) {
            super(spec, maxN, maxB);
            act = new double[numLayers][];
            delta = new double[numLayers][];
            for (int l = 0; l < numLayers; l++) {
                long len = (long) maxN * maxB * dims[l + 1];
                if (len > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("maxN * maxB * width = " + len + " is too large for one "
                            + "workspace; evaluate in smaller batches");
                }
                act[l] = new double[(int) len];
                delta[l] = new double[(int) len];
            }
        }
    }

    private Workspace own(KernelWorkspace ws) {
        if (!(ws instanceof Workspace w) || w.owner != this) {
            throw new IllegalArgumentException("workspace was not created by this kernel; use kernel.newWorkspace(n, b)");
        }
        return w;
    }

    private void checkArgs(double[] params, int stride, int n, double[] x, int b) {
        if (stride < numParams) {
            throw new IllegalArgumentException("stride must be >= P = " + numParams + " but was " + stride);
        }
        if (params.length < (long) n * stride) {
            throw new IllegalArgumentException("params must hold n*stride = " + (long) n * stride + " values but had "
                    + params.length);
        }
        if (x.length < (long) b * dims[0]) {
            throw new IllegalArgumentException("x must hold b*inDim = " + (long) b * dims[0] + " values but had " + x.length);
        }
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
        checkArgs(params, stride, n, x, b);
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
        int n = ws.n;
        int b = ws.b;
        if (n == 0) {
            throw new IllegalStateException("backward needs a forward pass on this workspace; call forward first");
        }
        if (spec.heteroskedastic() && gScale == null) {
            throw new IllegalArgumentException("gScale is required for a heteroskedastic network");
        }
        checkArgs(params, stride, n, x, b);
        if (goParallel(n, b)) {
            IntStream.range(0, n).parallel().forEach(s -> backwardSample(ws, params, s * stride, x, b, s, gMean, gScale,
                    grad));
        } else {
            for (int s = 0; s < n; s++) {
                backwardSample(ws, params, s * stride, x, b, s, gMean, gScale, grad);
            }
        }
    }

    private void forwardSample(Workspace ws, double[] p, int po, double[] x, int b, int s) {
        double[] in = x;
        int inOff = 0;
        int inW = dims[0];
        for (int l = 0; l < numLayers; l++) {
            int w = dims[l + 1];
            double[] out = ws.act[l];
            int outOff = s * b * w;
            int wo = po + wOff[l];
            int bo = po + bOff[l];
            for (int i = 0; i < b; i++) {
                int zo = outOff + i * w;
                System.arraycopy(p, bo, out, zo, w);
                int ai = inOff + i * inW;
                for (int k = 0; k < inW; k++) {
                    double a = in[ai + k];
                    int wk = wo + k * w;
                    for (int j = 0; j < w; j++) {
                        out[zo + j] += a * p[wk + j];
                    }
                }
                if (tanh) {
                    for (int j = zo; j < zo + w; j++) {
                        out[j] = tanh(out[j]);
                    }
                } else {
                    for (int j = zo; j < zo + w; j++) {
                        out[j] = Math.max(out[j], 0.0);
                    }
                }
            }
            in = out;
            inOff = outOff;
            inW = w;
        }
        int d2 = outDim;
        boolean hetero = scaleW >= 0;
        for (int i = 0; i < b; i++) {
            int ai = inOff + i * inW;
            int o = (s * b + i) * d2;
            for (int d = 0; d < d2; d++) {
                double m = p[po + meanB + d];
                int mw = po + meanW + d;
                for (int j = 0; j < inW; j++) {
                    m += in[ai + j] * p[mw + j * d2];
                }
                ws.mean[o + d] = m;
                if (hetero) {
                    double r = p[po + scaleB + d];
                    int sw = po + scaleW + d;
                    for (int j = 0; j < inW; j++) {
                        r += in[ai + j] * p[sw + j * d2];
                    }
                    ws.rawScale[o + d] = r;
                    ws.scale[o + d] = transform.apply(r);
                }
            }
        }
    }

    private void backwardSample(Workspace ws, double[] p, int po, double[] x, int b, int s, double[] gMean,
                                double[] gScale, double[] grad) {
        int go = po; // grad and params share the row stride
        java.util.Arrays.fill(grad, go, go + numParams, 0.0);
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
                    double gr = gScale[o + d] * transform.derivative(ws.rawScale[o + d]);
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
        for (int l = numLayers - 1; l >= 0; l--) {
            int w = dims[l + 1];
            double[] h = ws.act[l];
            double[] dz = ws.delta[l];
            int off = s * b * w;
            if (tanh) {
                for (int j = off; j < off + b * w; j++) {
                    double hj = h[j];
                    dz[j] *= 1.0 - hj * hj;
                }
            } else {
                for (int j = off; j < off + b * w; j++) {
                    dz[j] = h[j] > 0.0 ? dz[j] : 0.0;
                }
            }
            int pw = dims[l];
            double[] prev = l == 0 ? x : ws.act[l - 1];
            int prevOff = l == 0 ? 0 : s * b * pw;
            double[] dPrev = l == 0 ? null : ws.delta[l - 1];
            int gwo = go + wOff[l];
            int gbo = go + bOff[l];
            int wo = po + wOff[l];
            for (int i = 0; i < b; i++) {
                int zo = off + i * w;
                for (int j = 0; j < w; j++) {
                    grad[gbo + j] += dz[zo + j];
                }
                int ai = prevOff + i * pw;
                for (int k = 0; k < pw; k++) {
                    double a = prev[ai + k];
                    int gk = gwo + k * w;
                    for (int j = 0; j < w; j++) {
                        grad[gk + j] += a * dz[zo + j];
                    }
                }
                if (dPrev != null) {
                    for (int k = 0; k < pw; k++) {
                        int wk = wo + k * w;
                        double acc = 0.0;
                        for (int j = 0; j < w; j++) {
                            acc += p[wk + j] * dz[zo + j];
                        }
                        dPrev[ai + k] = acc;
                    }
                }
            }
        }
    }

    /**
     * tanh from one exp: {@code sign(z) (1 - e) / (1 + e)} with {@code e = exp(-2|z|)}; accurate to a few ulps.
     *
     * @param z any value
     * @return tanh(z)
     */
    static double tanh(double z) {
        double e = Math.exp(-2.0 * Math.abs(z));
        return Math.copySign((1.0 - e) / (1.0 + e), z);
    }
}
