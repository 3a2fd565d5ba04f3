package org.bnn4j.nn.internal;

import org.bnn4j.nn.ParameterLayout;

/**
 * The workspace of {@link FusedCpuKernel}: besides the outputs of {@link KernelWorkspace}, the buffers of whichever
 * path the network takes. Unit-major (one hidden layer, D = 1 heads; {@link #unitShape}): one array per hidden unit
 * and sample over a tile of points, {@code units[s][j][i]}, the tile's input columns and head outputs, and (with a
 * backward pass) the folded halves and scratch of {@link FusedUnitBackward}. Row-major (every other net): each
 * layer's activations {@code [maxN, maxB, width]}, the backward deltas of the same shape, and the D = 1 heads'
 * gradient accumulators {@code [maxN, lastWidth]}.
 *
 * <p>A forward-only workspace ({@link FusedCpuKernel#newForwardWorkspace}) holds tiles of
 * {@link FusedCpuKernel#TILE_ROWS} points on the unit-major path; one that may see a backward pass holds the whole
 * batch as one tile. Not thread-safe, except that samples s write only their own rows (samples run in parallel).
 */
final class FusedWorkspace extends KernelWorkspace {
    /** Row-major activations per hidden layer, {@code [maxN, maxB, width]} (empty on the unit-major path). */
    final double[][] act;
    /** Backward deltas, allocated by the first backward pass (a forward-only workspace never needs them). */
    double[][] delta;
    /**
     * Gradient accumulators of the D = 1 head pass (mean and scale head weights), two arrays of
     * {@code [maxN, lastWidth]} (one row per sample: samples run in parallel).
     */
    final double[][] acc;
    /** Created by {@link FusedCpuKernel#newForwardWorkspace}: no backward pass. */
    final boolean forwardOnly;
    /** The unit-major shape with a backward pass: evaluated over the whole batch by {@link FusedUnitForward}. */
    final boolean unitPath;
    /**
     * {@code units[s][j]}: unit j's activations over one tile for sample s, one array per unit so that every loop
     * of the unit-major path indexes all its arrays from 0 (see {@link FusedUnitForward}); a tile is the whole batch
     * when there may be a backward pass, else {@link FusedCpuKernel#TILE_ROWS} points.
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
    /** Per-sample second halves of the input columns, {@code [inDim][maxB / 2 + 1]}, for {@link FusedUnitBackward}. */
    final double[][][] inputCols2;
    /** Per-sample scratch of {@link FusedUnitBackward}: eleven arrays of {@code [maxB]}. */
    final double[][][] unitScratch;
    /** The kernel that created this workspace (a workspace serves only its own kernel). */
    final FusedCpuKernel owner;
    private final int numLayers;

    /**
     * @param owner       the kernel
     * @param layout      the kernel's layout
     * @param maxN        largest number of weight samples, {@code >= 1}
     * @param maxB        largest batch, {@code >= 1}
     * @param forwardOnly whether no backward pass will follow
     * @throws IllegalArgumentException if a size is below 1 or the buffers would exceed an array's length
     */
    FusedWorkspace(FusedCpuKernel owner, ParameterLayout layout, int maxN, int maxB, boolean forwardOnly) {
        super(owner.spec(), maxN, maxB);
        this.owner = owner;
        this.forwardOnly = forwardOnly;
        numLayers = layout.numHidden();
        int[] dims = layout.layerWidths();
        boolean unit = unitShape(layout);
        boolean unitMajor = forwardOnly && unit;
        unitPath = !forwardOnly && unit;
        acc = new double[2][forwardOnly || unitPath ? 0 : maxN * dims[numLayers]];
        act = new double[numLayers][];
        for (int l = 0; l < numLayers; l++) {
            act[l] = new double[unitMajor || unitPath ? 0 : layerLength(dims, maxN, maxB, l)];
        }
        if (unitPath) {
            layerLength(dims, maxN, maxB, 0); // the same size limit as the row-major layout
        }
        int sn = unit ? maxN : 0;
        int in = dims[0];
        int tileRows = unit ? (unitPath ? maxB : Math.min(maxB, FusedCpuKernel.TILE_ROWS)) : 0;
        units = new double[sn][unit ? dims[1] : 0][tileRows];
        unitMean = new double[sn][tileRows];
        unitRaw = new double[sn][layout.heteroskedastic() ? tileRows : 0];
        inputCols = new double[sn][in][in > 1 || unitMajor ? tileRows : 0];
        inputHolder = new double[sn][1][];
        inputCols2 = new double[unitPath ? maxN : 0][in][unitPath ? maxB / 2 + 1 : 0];
        unitScratch = new double[unitPath ? maxN : 0][11][unitPath ? maxB : 0];
    }

    /**
     * One hidden layer (tanh or ReLU) with D = 1 heads (heteroskedastic or not), any input width: the cluster net and
     * the UCI nets, evaluated unit-major ({@link FusedUnitForward}).
     */
    static boolean unitShape(ParameterLayout layout) {
        return layout.numHidden() == 1 && layout.outDim() == 1;
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

    private static int layerLength(int[] dims, int maxN, int maxB, int l) {
        long len = (long) maxN * maxB * dims[l + 1];
        if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxN * maxB * width = " + len + " is too large for one "
                    + "workspace; evaluate in smaller batches");
        }
        return (int) len;
    }
}
