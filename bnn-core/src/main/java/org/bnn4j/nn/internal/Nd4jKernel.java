package org.bnn4j.nn.internal;

import java.util.Objects;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ScaleTransform;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network evaluated with ND4J ops, batched over the weight samples: the path for wide networks, many
 * samples and GPU backends.
 *
 * <p>Works feature-major: activations are {@code [n, width, b]} and layer {@code l} computes
 * {@code Z = W^T [n, out, in] x H [n, in, b]} as one batched matmul; the first layer (and the heads of a network
 * without hidden layers) is one plain gemm {@code [n * out, in] x x^T [in, b]} because the inputs are shared by
 * all samples. A contraction over a dimension of size 1 is a broadcast multiply instead (ND4J's batched matmul is
 * slow for it). tanh is {@code 2 sigmoid(2z) - 1} because ND4J's tanh costs about 5x its sigmoid on the CPU;
 * the factor 2 is folded exactly into the packed weights ({@link PackedLayout}). Per forward pass the kernel makes
 * 2 transfers in, one out, and 3 to 5 ops per layer; the backward pass 1 in, 1 out and 4 to 6 ops per layer. All
 * ops write into the workspace's preallocated buffers.
 *
 * <p>The scale transform and its derivative are applied in Java to the downloaded head outputs (they must reach
 * the {@code double[]} outputs anyway), with exactly the {@link ScaleTransform} code the fused kernel uses.
 * Computes in the dtype given at construction; float32 results agree with float64 to about 1e-4 relative.
 */
public final class Nd4jKernel implements NetworkKernel {

    /** One thread-local ND4J workspace catches any transient arrays an op allocates; sized by its first use. */
    private static final String WORKSPACE_ID = "bnn4j-nd4j-kernel";
    private static final WorkspaceConfiguration WORKSPACE_CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0).policyLearning(LearningPolicy.FIRST_LOOP).policyAllocation(AllocationPolicy.OVERALLOCATE)
            .build();

    private final NetworkSpec spec;
    private final DataType dtype;
    private final PackedLayout layout;
    private final ScaleTransform transform;
    private final boolean tanh;

    /**
     * @param spec  the network
     * @param dtype floating type of the computation, {@code DOUBLE} or {@code FLOAT}
     * @throws IllegalArgumentException if dtype is neither
     */
    public Nd4jKernel(NetworkSpec spec, DataType dtype) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        if (dtype != DataType.DOUBLE && dtype != DataType.FLOAT) {
            throw new IllegalArgumentException("dtype must be DOUBLE or FLOAT but was " + dtype
                    + "; pass DataType.DOUBLE (default) or DataType.FLOAT");
        }
        this.layout = new PackedLayout(spec);
        this.transform = spec.scaleTransform();
        this.tanh = spec.activation() == Activation.TANH;
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    /** @return the floating type the kernel computes in */
    public DataType dtype() {
        return dtype;
    }

    @Override
    public KernelWorkspace newWorkspace(int maxN, int maxB) {
        return new Nd4jWorkspace(this, spec, layout, dtype, maxN, maxB);
    }

    @Override
    public void forward(KernelWorkspace kws, double[] params, int stride, int n, double[] x, int b) {
        Nd4jWorkspace ws = own(kws);
        ws.checkFits(n, b);
        checkArgs(params, stride, n, x, b);
        ws.forwardDone = false;
        Nd4jPlan p = ws.plan(layout, n, b);
        layout.pack(params, stride, n, ws.paramStage);
        ws.upload(ws.params, ws.paramStage, (int) layout.packedLength(n));
        int in = layout.dims[0];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < in; k++) {
                ws.xStage[k * b + i] = x[i * in + k];
            }
        }
        ws.upload(ws.x, ws.xStage, b * in);
        try (MemoryWorkspace scope = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG,
                WORKSPACE_ID)) {
            forwardOps(p);
        }
        int h = layout.heads;
        ws.download(ws.out, ws.outStage, n * h * b);
        int outDim = layout.outDim;
        for (int s = 0; s < n; s++) {
            for (int d = 0; d < outDim; d++) {
                int src = (s * h + d) * b;
                int rawSrc = (s * h + outDim + d) * b;
                for (int i = 0; i < b; i++) {
                    int o = (s * b + i) * outDim + d;
                    ws.mean[o] = ws.outStage[src + i];
                    if (layout.hetero) {
                        ws.rawScale[o] = ws.outStage[rawSrc + i];
                    }
                }
            }
        }
        if (layout.hetero) {
            transform.applyAll(ws.rawScale, ws.scale, ws.scaleDerivative, 0, n * b * outDim);
        }
        ws.n = n;
        ws.b = b;
        ws.forwardDone = true;
    }

    private void forwardOps(Nd4jPlan p) {
        int layers = layout.numLayers;
        for (int l = 0; l < layers; l++) {
            if (l == 0) {
                linear(p.w[0], p.xT, p.act0Flat, layout.dims[0]);
            } else {
                linear(p.w[l], p.act[l - 1], p.act[l], layout.dims[l]);
            }
            Nd4j.exec(new AddOp(p.act[l], p.bias[l], p.act[l]));
            if (tanh) {
                Nd4j.exec(new Sigmoid(p.act[l], p.act[l]));
                p.act[l].muli(2.0).subi(1.0);
            } else {
                Nd4j.exec(new RectifiedLinear(p.act[l], p.act[l], 0.0));
            }
        }
        if (layers == 0) {
            linear(p.headW, p.xT, p.outFlat, layout.dims[0]);
        } else {
            linear(p.headW, p.act[layers - 1], p.out, layout.last());
        }
        Nd4j.exec(new AddOp(p.out, p.headB, p.out));
    }

    /** {@code z = a x}; a broadcast product when the contracted dimension has size 1. */
    private static void linear(INDArray a, INDArray x, INDArray z, int inner) {
        if (inner == 1) {
            Nd4j.exec(new MulOp(a, x, z));
        } else {
            Nd4j.matmul(a, x, z, false, false, false);
        }
    }

    @Override
    public void backward(KernelWorkspace kws, double[] params, int stride, double[] x, double[] gMean,
                         double[] gScale, double[] grad) {
        Nd4jWorkspace ws = own(kws);
        if (!ws.forwardDone) {
            throw new IllegalStateException("backward needs a forward pass on this workspace; call forward first");
        }
        int n = ws.n;
        int b = ws.b;
        checkArgs(params, stride, n, x, b);
        int outLen = n * b * layout.outDim;
        checkLength("gMean", gMean, outLen);
        if (layout.hetero) {
            if (gScale == null) {
                throw new IllegalArgumentException("gScale is required for a heteroskedastic network");
            }
            checkLength("gScale", gScale, outLen);
        }
        checkLength("grad", grad, (long) n * stride);
        int h = layout.heads;
        int outDim = layout.outDim;
        for (int s = 0; s < n; s++) {
            for (int d = 0; d < outDim; d++) {
                int dst = (s * h + d) * b;
                int rawDst = (s * h + outDim + d) * b;
                for (int i = 0; i < b; i++) {
                    int o = (s * b + i) * outDim + d;
                    ws.outStage[dst + i] = gMean[o];
                    if (layout.hetero) {
                        ws.outStage[rawDst + i] = gScale[o] * ws.scaleDerivative[o];
                    }
                }
            }
        }
        ws.upload(ws.gOut, ws.outStage, n * h * b);
        try (MemoryWorkspace scope = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG,
                WORKSPACE_ID)) {
            backwardOps(ws.plan);
        }
        int len = (int) layout.gradLength(n);
        ws.download(ws.grad, ws.gradStage, len);
        layout.unpackGradient(ws.gradStage, n, grad, stride);
    }

    private void backwardOps(Nd4jPlan p) {
        int layers = layout.numLayers;
        if (layers == 0) {
            Nd4j.matmul(p.gOutFlat, p.xT, p.gHeadW, false, true, false);
        } else {
            Nd4j.matmul(p.gOut, p.act[layers - 1], p.gHeadW, false, true, false);
        }
        Nd4j.exec(new Sum(p.gOut, p.gHeadB, 2));
        if (layers > 0) {
            if (layout.heads == 1) {
                Nd4j.exec(new MulOp(p.headWCol, p.gOut, p.delta[layers - 1]));
            } else {
                Nd4j.matmul(p.headW, p.gOut, p.delta[layers - 1], true, false, false);
            }
        }
        for (int l = layers - 1; l >= 0; l--) {
            INDArray dz = p.delta[l];
            if (tanh) {
                // dz = dh (1 - h^2) = dh - (h h) dh
                Nd4j.exec(new MulOp(p.act[l], p.act[l], p.tmp[l]));
                p.tmp[l].muli(dz);
                dz.subi(p.tmp[l]);
            } else {
                Nd4j.exec(new ThresholdReluBp(p.act[l], dz, dz, 0.0));
            }
            Nd4j.exec(new Sum(dz, p.gB[l], 2));
            if (l == 0) {
                Nd4j.matmul(p.delta0Flat, p.xT, p.gW[0], false, true, false);
            } else {
                Nd4j.matmul(dz, p.act[l - 1], p.gW[l], false, true, false);
                if (layout.dims[l + 1] == 1) {
                    Nd4j.exec(new MulOp(p.wBackCol[l], dz, p.delta[l - 1]));
                } else {
                    Nd4j.matmul(p.wBack[l], dz, p.delta[l - 1], true, false, false);
                }
            }
        }
    }

    private Nd4jWorkspace own(KernelWorkspace ws) {
        if (!(ws instanceof Nd4jWorkspace w) || w.owner != this) {
            throw new IllegalArgumentException("workspace was not created by this kernel; use kernel.newWorkspace(n, b)");
        }
        return w;
    }

    private void checkArgs(double[] params, int stride, int n, double[] x, int b) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(x, "x");
        int numParams = layout.flat.size();
        if (stride < numParams) {
            throw new IllegalArgumentException("stride must be >= P = " + numParams + " but was " + stride);
        }
        checkLength("params", params, (long) n * stride);
        checkLength("x", x, (long) b * layout.dims[0]);
    }

    private static void checkLength(String name, double[] a, long len) {
        Objects.requireNonNull(a, name + " must not be null");
        if (a.length < len) {
            throw new IllegalArgumentException(name + " must hold at least " + len + " values but had " + a.length);
        }
    }

    @Override
    public String toString() {
        return "Nd4jKernel[" + spec.describe() + ", " + dtype + "]";
    }
}
