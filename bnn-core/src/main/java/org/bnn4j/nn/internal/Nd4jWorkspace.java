package org.bnn4j.nn.internal;

import org.bnn4j.nn.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Buffers of one {@link Nd4jKernel}: flat device arrays sized for {@code [maxN, maxB]}, allocated once, plus
 * Java staging arrays for the transfers. Every call works on views of their leading elements (a {@link Nd4jPlan}
 * per {@code (n, b)}), so off-heap memory does not grow across calls.
 */
final class Nd4jWorkspace extends KernelWorkspace {
    final Nd4jKernel owner;
    final DataType dtype;
    final INDArray params;
    final INDArray grad;
    final INDArray x;
    final INDArray out;
    final INDArray gOut;
    final INDArray[] act;
    final INDArray[] delta;
    final INDArray tmp;
    final double[] paramStage;
    final double[] gradStage;
    final double[] xStage;
    final double[] outStage;
    final float[] floatStage;
    Nd4jPlan plan;
    boolean forwardDone;

    Nd4jWorkspace(Nd4jKernel owner, NetworkSpec spec, PackedLayout pl, DataType dtype, int maxN, int maxB) {
        super(spec, maxN, maxB);
        this.owner = owner;
        this.dtype = dtype;
        params = Nd4j.create(dtype, checked(pl.packedLength(maxN)));
        grad = Nd4j.create(dtype, checked(pl.gradLength(maxN)));
        x = Nd4j.create(dtype, checked((long) maxB * pl.dims[0]));
        out = Nd4j.create(dtype, checked((long) maxN * maxB * pl.heads));
        gOut = Nd4j.create(dtype, checked((long) maxN * maxB * pl.heads));
        act = new INDArray[pl.numLayers];
        delta = new INDArray[pl.numLayers];
        int maxWidth = 1;
        for (int l = 0; l < pl.numLayers; l++) {
            long len = checked((long) maxN * maxB * pl.dims[l + 1]);
            act[l] = Nd4j.create(dtype, len);
            delta[l] = Nd4j.create(dtype, len);
            maxWidth = Math.max(maxWidth, pl.dims[l + 1]);
        }
        tmp = Nd4j.create(dtype, pl.numLayers == 0 ? 1 : checked((long) maxN * maxB * maxWidth));
        paramStage = new double[(int) params.length()];
        gradStage = new double[(int) grad.length()];
        xStage = new double[(int) x.length()];
        outStage = new double[(int) out.length()];
        int stage = Math.max(Math.max(paramStage.length, gradStage.length), Math.max(xStage.length, outStage.length));
        floatStage = dtype == DataType.FLOAT ? new float[stage] : null;
    }

    private static long checked(long len) {
        if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a kernel buffer would need " + len + " elements (> 2^31 - 1); "
                    + "evaluate in smaller batches of samples or inputs");
        }
        return len;
    }

    /** @return the plan for (n, b), reusing the last one when the sizes repeat */
    Nd4jPlan plan(PackedLayout pl, int n, int b) {
        if (plan == null || plan.n != n || plan.b != b) {
            plan = new Nd4jPlan(this, pl, n, b);
        }
        return plan;
    }

    /** Copies {@code src[0, len)} into the leading elements of a device array. */
    void upload(INDArray dst, double[] src, int len) {
        if (dtype == DataType.DOUBLE) {
            dst.data().asNioDouble().put(src, 0, len);
        } else {
            for (int i = 0; i < len; i++) {
                floatStage[i] = (float) src[i];
            }
            dst.data().asNioFloat().put(floatStage, 0, len);
        }
        Nd4j.getAffinityManager().tagLocation(dst, AffinityManager.Location.HOST);
    }

    /** Copies the leading {@code len} elements of a device array into {@code dst}. */
    void download(INDArray src, double[] dst, int len) {
        Nd4j.getAffinityManager().ensureLocation(src, AffinityManager.Location.HOST);
        if (dtype == DataType.DOUBLE) {
            src.data().asNioDouble().get(dst, 0, len);
        } else {
            src.data().asNioFloat().get(floatStage, 0, len);
            for (int i = 0; i < len; i++) {
                dst[i] = floatStage[i];
            }
        }
    }
}
