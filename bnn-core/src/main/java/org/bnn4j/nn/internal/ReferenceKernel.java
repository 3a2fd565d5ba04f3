package org.bnn4j.nn.internal;

import java.util.Arrays;
import java.util.Objects;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;
import org.bnn4j.nn.ScaleTransform;

/**
 * The network evaluated by its defining formulas in the plainest loops: the yardstick every optimised kernel is tested
 * against ({@link KernelType#REFERENCE}).
 *
 * <p>Each weight sample and input point is evaluated on its own, one layer after another:
 * {@code z_j = b_j + sum_k h_k W[k, j]} summed in index order, {@code h_j = tanh(z_j)} by {@link StrictMath#tanh}
 * or {@code max(z_j, 0)}, the heads alike, and the scale {@code softplus(raw) + minScale} as
 * {@code max(raw, 0) + log1p(exp(-|raw|)) + minScale} with {@link StrictMath} (or the clamp). The backward pass
 * recomputes the point's forward pass and applies the chain rule layer by layer: {@code dz = dh f'(z)} with
 * {@code tanh' = 1 - h^2} and {@code relu' = [z > 0]}, {@code dW[k, j] += h_k dz_j}, {@code db_j += dz_j},
 * {@code dh_k = sum_j W[k, j] dz_j}. No tiles, no fast paths, no parallelism; it allocates per point and is many times
 * slower than {@link FusedCpuKernel}, so use it to check results, not to fit. Computes in float64 whatever the dtype
 * asked of {@link Kernels#create}.
 *
 * <pre>{@code
 * NetworkSpec spec = NetworkSpec.builder(1, 1).hidden(50).build();
 * NetworkKernel ref = Kernels.create(spec, KernelType.REFERENCE, DataType.DOUBLE);
 * KernelWorkspace ws = ref.newWorkspace(1, 3);
 * double[] params = new FeedForwardNetwork(spec).initialParameters(new SplittableRandom(1));
 * ref.forward(ws, params, params.length, 1, new double[] {-1, 0, 1}, 3);
 * double[] means = ws.mean(); // [1, 3, 1]
 * }</pre>
 */
public final class ReferenceKernel implements NetworkKernel {

    private final NetworkSpec spec;
    private final ParameterLayout layout;

    /** @param spec the network @throws NullPointerException if spec is null */
    public ReferenceKernel(NetworkSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.layout = new ParameterLayout(spec);
    }

    /** The outputs only: the backward pass recomputes what it needs. */
    private static final class Workspace extends KernelWorkspace {
        final ReferenceKernel owner;

        Workspace(ReferenceKernel owner, int maxN, int maxB) {
            super(owner.spec, maxN, maxB);
            this.owner = owner;
        }
    }

    @Override
    public KernelWorkspace newWorkspace(int maxN, int maxB) {
        return new Workspace(this, maxN, maxB);
    }

    @Override
    public void forward(KernelWorkspace kws, double[] params, int stride, int n, double[] x, int b) {
        Workspace ws = own(kws);
        ws.checkFits(n, b);
        layout.checkCall(params, stride, n, x, b);
        int outDim = layout.outDim();
        for (int s = 0; s < n; s++) {
            int po = s * stride;
            for (int i = 0; i < b; i++) {
                double[] last = activations(params, po, x, i)[layout.numHidden()];
                for (int d = 0; d < outDim; d++) {
                    int o = (s * b + i) * outDim + d;
                    ws.mean[o] = head(params, po + layout.meanWeightOffset(), po + layout.meanBiasOffset(), last, d);
                    if (layout.heteroskedastic()) {
                        double raw = head(params, po + layout.scaleWeightOffset(), po + layout.scaleBiasOffset(), last,
                                d);
                        ws.rawScale[o] = raw;
                        ws.scale[o] = scale(raw);
                        ws.scaleDerivative[o] = scaleDerivative(raw);
                    }
                }
            }
        }
        ws.n = n;
        ws.b = b;
    }

    @Override
    public void backward(KernelWorkspace kws, double[] params, int stride, double[] x, double[] gMean,
                         double[] gScale, double[] grad) {
        Workspace ws = own(kws);
        ws.checkBackward(gScale);
        int n = ws.n;
        int b = ws.b;
        layout.checkCall(params, stride, n, x, b);
        int outDim = layout.outDim();
        int numHidden = layout.numHidden();
        for (int s = 0; s < n; s++) {
            int po = s * stride; // grad rows share the stride
            Arrays.fill(grad, po, po + layout.size(), 0.0);
            for (int i = 0; i < b; i++) {
                double[][] h = activations(params, po, x, i);
                double[] last = h[numHidden];
                double[] dh = new double[last.length]; // dLoss / d(last hidden layer's outputs)
                for (int d = 0; d < outDim; d++) {
                    int o = (s * b + i) * outDim + d;
                    headBackward(params, grad, po + layout.meanWeightOffset(), po + layout.meanBiasOffset(), last, d,
                            gMean[o], dh);
                    if (layout.heteroskedastic()) {
                        double raw = head(params, po + layout.scaleWeightOffset(), po + layout.scaleBiasOffset(), last,
                                d);
                        headBackward(params, grad, po + layout.scaleWeightOffset(), po + layout.scaleBiasOffset(),
                                last, d, gScale[o] * scaleDerivative(raw), dh);
                    }
                }
                for (int l = numHidden - 1; l >= 0; l--) {
                    dh = layerBackward(params, grad, po, l, h[l], h[l + 1], dh);
                }
            }
        }
    }

    /**
     * @return the point's activations: {@code [0]} its inputs, {@code [l + 1]} hidden layer l's outputs
     */
    private double[][] activations(double[] p, int po, double[] x, int i) {
        int numHidden = layout.numHidden();
        double[][] h = new double[numHidden + 1][];
        h[0] = Arrays.copyOfRange(x, i * layout.inDim(), (i + 1) * layout.inDim());
        for (int l = 0; l < numHidden; l++) {
            int in = layout.layerWidth(l);
            int out = layout.layerWidth(l + 1);
            int wo = po + layout.hiddenWeightOffset(l); // W[k, j] at wo + k * out + j
            int bo = po + layout.hiddenBiasOffset(l);
            h[l + 1] = new double[out];
            for (int j = 0; j < out; j++) {
                double z = p[bo + j];
                for (int k = 0; k < in; k++) {
                    z += h[l][k] * p[wo + k * out + j];
                }
                h[l + 1][j] = spec.activation() == Activation.TANH ? StrictMath.tanh(z) : Math.max(z, 0.0);
            }
        }
        return h;
    }

    /** @return output d of the head with weight {@code [last, D]} at wo and bias at bo, on activations a */
    private double head(double[] p, int wo, int bo, double[] a, int d) {
        int outDim = layout.outDim();
        double z = p[bo + d];
        for (int k = 0; k < a.length; k++) {
            z += a[k] * p[wo + k * outDim + d];
        }
        return z;
    }

    /** Adds output d's gradient g to the head's weight and bias gradients and to dh, the gradient of its inputs a. */
    private void headBackward(double[] p, double[] grad, int wo, int bo, double[] a, int d, double g, double[] dh) {
        int outDim = layout.outDim();
        grad[bo + d] += g;
        for (int k = 0; k < a.length; k++) {
            grad[wo + k * outDim + d] += a[k] * g;
            dh[k] += p[wo + k * outDim + d] * g;
        }
    }

    /**
     * Backpropagates through hidden layer l of one point: from the gradient of its outputs {@code dh} (outputs
     * {@code out}, inputs {@code in}), adds its weight and bias gradients and returns the gradient of its inputs.
     */
    private double[] layerBackward(double[] p, double[] grad, int po, int l, double[] in, double[] out, double[] dh) {
        int wo = po + layout.hiddenWeightOffset(l);
        int bo = po + layout.hiddenBiasOffset(l);
        double[] dIn = new double[in.length];
        for (int j = 0; j < out.length; j++) {
            double fPrime = spec.activation() == Activation.TANH ? 1.0 - out[j] * out[j] : (out[j] > 0.0 ? 1.0 : 0.0);
            double dz = dh[j] * fPrime;
            grad[bo + j] += dz;
            for (int k = 0; k < in.length; k++) {
                grad[wo + k * out.length + j] += in[k] * dz;
                dIn[k] += p[wo + k * out.length + j] * dz;
            }
        }
        return dIn;
    }

    /** @return the scale transform at raw; softplus in the stable form with StrictMath, the clamp exactly */
    private double scale(double raw) {
        if (spec.scaleTransform() instanceof ScaleTransform.Softplus sp) {
            return Math.max(raw, 0.0) + StrictMath.log1p(StrictMath.exp(-Math.abs(raw))) + sp.minScale();
        }
        return spec.scaleTransform().apply(raw);
    }

    /** @return d scale / d raw: the logistic sigmoid for softplus, the clamp's 0 or 1 */
    private double scaleDerivative(double raw) {
        if (spec.scaleTransform() instanceof ScaleTransform.Softplus) {
            return 1.0 / (1.0 + StrictMath.exp(-raw));
        }
        return spec.scaleTransform().derivative(raw);
    }

    private Workspace own(KernelWorkspace ws) {
        if (!(ws instanceof Workspace w) || w.owner != this) {
            throw new IllegalArgumentException("workspace was not created by this kernel; use kernel.newWorkspace(n, b)");
        }
        return w;
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return "ReferenceKernel[" + spec.describe() + "]";
    }
}
