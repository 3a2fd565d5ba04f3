package org.bnn4j.nn.internal;

import java.util.Objects;
import java.util.stream.IntStream;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;

/**
 * The network evaluated in plain Java loops over {@code double[]}: no allocation per call, loops ordered so
 * the JIT vectorises the inner dimension, tanh by {@link FastTanh} over each layer's whole block, and samples evaluated in parallel on the
 * common fork-join pool when there are several and enough work. Results do not depend on the parallelism.
 *
 * <p>This is the fast path for the small networks of BNN regression on the CPU, where ND4J's per-call
 * overhead (10-30 us) dominates the arithmetic.
 *
 * <p>This class checks the calls, runs the samples (in parallel or not) and picks a path per net; the passes are
 * their own units: one hidden layer with D = 1 heads goes unit-major ({@link FusedUnitForward},
 * {@link FusedUnitBackward}), every other net row-major ({@link FusedRowForward}, {@link FusedRowBackward}); the
 * buffers are a {@link FusedWorkspace}.
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
    private final boolean parallel;
    private final boolean unitShape;
    private final FusedUnitForward unitForward;
    private final FusedUnitBackward unitBackward;
    private final FusedRowForward rowForward;
    private final FusedRowBackward rowBackward;

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
        boolean tanh = spec.activation() == Activation.TANH;
        unitShape = FusedWorkspace.unitShape(layout);
        unitForward = new FusedUnitForward(layout, tanh, spec.scaleTransform());
        unitBackward = new FusedUnitBackward(layout, tanh);
        rowForward = new FusedRowForward(layout, tanh, spec.scaleTransform());
        rowBackward = new FusedRowBackward(layout, tanh);
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
        return new FusedWorkspace(this, layout, maxN, maxB, false);
    }

    @Override
    public KernelWorkspace newForwardWorkspace(int maxN, int maxB) {
        return new FusedWorkspace(this, layout, maxN, maxB, true);
    }

    private FusedWorkspace own(KernelWorkspace ws) {
        if (!(ws instanceof FusedWorkspace w) || w.owner != this) {
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
        FusedWorkspace ws = own(kws);
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
        FusedWorkspace ws = own(kws);
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
    private void forwardSample(FusedWorkspace ws, double[] p, int po, double[] x, int b, int s) {
        if (ws.unitPath) { // one tile: the backward pass needs every unit's activations over the whole batch
            unitForward.forward(ws, p, po, x, b, s, 0, b);
            return;
        }
        boolean unitMajor = ws.forwardOnly && unitShape;
        for (int r0 = 0; r0 < b; r0 += TILE_ROWS) {
            if (unitMajor) {
                unitForward.forward(ws, p, po, x, b, s, r0, Math.min(b, r0 + TILE_ROWS));
            } else {
                rowForward.forward(ws, p, po, x, b, s, r0, Math.min(b, r0 + TILE_ROWS));
            }
        }
    }

    /** Backward pass of sample s into its gradient row (zeroed here first). */
    private void backwardSample(FusedWorkspace ws, double[] p, int po, double[] x, int b, int s, double[] gMean,
                                double[] gScale, double[] grad) {
        int go = po; // grad and params share the row stride
        java.util.Arrays.fill(grad, go, go + layout.size(), 0.0);
        if (ws.unitPath) {
            unitBackward.backward(ws, p, po, x, b, s, gMean, gScale, grad);
            return;
        }
        rowBackward.backward(ws, p, po, x, b, s, gMean, gScale, grad);
    }
}
