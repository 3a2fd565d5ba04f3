package org.bnn4j.nn;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.nn.internal.KernelWorkspace;
import org.bnn4j.nn.internal.Kernels;
import org.bnn4j.nn.internal.NetworkKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A feed-forward regression network evaluated over a batch of weight samples.
 *
 * <p>All weights and biases live in one flat vector of length {@code P = layout().size()}; a batch of
 * {@code N} weight samples is an array {@code [N, P]}. Evaluation maps it and inputs {@code [B, inDim]} to
 * means (and scales) {@code [N, B, D]}.
 *
 * <pre>{@code
 * FeedForwardNetwork net = new FeedForwardNetwork(NetworkSpec.builder(1, 1).hidden(50).build());
 * INDArray w = net.initParameters(8, new SplittableRandom(1));        // [8, P]
 * NetworkOutput out = net.forward(w, Nd4j.linspace(-1, 1, 5, DataType.DOUBLE).reshape(5, 1));
 * }</pre>
 */
public final class FeedForwardNetwork {

    private final NetworkSpec spec;
    private final ParameterLayout layout;
    private final KernelType kernelType;
    private final DataType dtype;

    /**
     * @param spec       the network
     * @param kernelType which kernel evaluates it
     * @param dtype      floating type of returned arrays and of the ND4J kernel ({@code DOUBLE} or {@code FLOAT})
     * @throws IllegalArgumentException if dtype is not DOUBLE or FLOAT
     */
    public FeedForwardNetwork(NetworkSpec spec, KernelType kernelType, DataType dtype) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.kernelType = Objects.requireNonNull(kernelType, "kernelType");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        if (dtype != DataType.DOUBLE && dtype != DataType.FLOAT) {
            throw new IllegalArgumentException("dtype must be DOUBLE or FLOAT but was " + dtype
                    + "; pass DataType.DOUBLE (default) or DataType.FLOAT");
        }
        this.layout = new ParameterLayout(spec);
    }

    /** @param spec the network, with the automatic kernel and float64 */
    public FeedForwardNetwork(NetworkSpec spec) {
        this(spec, KernelType.AUTO, DataType.DOUBLE);
    }

    /** @return the specification */
    public NetworkSpec spec() {
        return spec;
    }

    /** @return the parameter layout */
    public ParameterLayout layout() {
        return layout;
    }

    /** @return number of parameters P */
    public int numParams() {
        return layout.size();
    }

    /** @return the requested kernel type */
    public KernelType kernelType() {
        return kernelType;
    }

    /** @return floating type of returned arrays */
    public DataType dtype() {
        return dtype;
    }

    /**
     * Default initialisation like the common frameworks': every weight and bias uniform on
     * {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]} (PyTorch's {@code nn.Linear}).
     *
     * @param rng random source, advanced
     * @return a new vector of length P
     */
    public double[] initialParameters(RandomGenerator rng) {
        Objects.requireNonNull(rng, "rng");
        double[] p = new double[layout.size()];
        for (ParameterLayout.Slice s : layout.slices()) {
            double bound = 1.0 / Math.sqrt(s.fanIn());
            for (int k = s.offset(); k < s.offset() + s.size(); k++) {
                p[k] = (2.0 * rng.nextDouble() - 1.0) * bound;
            }
        }
        return p;
    }

    /**
     * @param n   number of parameter vectors, {@code >= 1}
     * @param rng random source, advanced
     * @return a new array {@code [n, P]} of independent default initialisations
     */
    public INDArray initParameters(int n, RandomGenerator rng) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1 but was " + n);
        }
        double[] all = new double[n * layout.size()];
        for (int s = 0; s < n; s++) {
            System.arraycopy(initialParameters(rng), 0, all, s * layout.size(), layout.size());
        }
        return Nd4j.create(all, new long[] {n, layout.size()}, DataType.DOUBLE).castTo(dtype);
    }

    /**
     * Evaluates the network.
     *
     * @param params weight samples {@code [N, P]}
     * @param x      inputs {@code [B, inDim]}, finite
     * @return new arrays mean (and scale) {@code [N, B, D]} in this network's dtype
     * @throws IllegalArgumentException on shape mismatch or non-finite inputs
     */
    public NetworkOutput forward(INDArray params, INDArray x) {
        double[] p = Arrays2.matrix("params", params, -1, layout.size(), "pass [numSamples, " + layout.size() + "]");
        double[] xs = Arrays2.matrix("x", x, -1, spec.inDim(), "pass [batch, " + spec.inDim() + "]");
        Arrays2.requireFinite("x", xs, spec.inDim());
        int n = (int) params.rows();
        int b = (int) x.rows();
        NetworkKernel k = Kernels.forNetwork(this, n, b);
        KernelWorkspace ws = k.newWorkspace(n, b);
        k.forward(ws, p, layout.size(), n, xs, b);
        long[] shape = {n, b, spec.outDim()};
        int len = n * b * spec.outDim();
        INDArray mean = Nd4j.create(java.util.Arrays.copyOf(ws.mean(), len), shape, DataType.DOUBLE).castTo(dtype);
        INDArray scale = spec.heteroskedastic()
                ? Nd4j.create(java.util.Arrays.copyOf(ws.scale(), len), shape, DataType.DOUBLE).castTo(dtype) : null;
        return new NetworkOutput(mean, scale);
    }

    /**
     * Gradient of a scalar loss with respect to all N parameter vectors, given its gradient with respect to the
     * outputs of {@link #forward}.
     *
     * @param params weight samples {@code [N, P]}
     * @param x      inputs {@code [B, inDim]}
     * @param gMean  dLoss/dmean {@code [N, B, D]}
     * @param gScale dLoss/dscale {@code [N, B, D]}; required for heteroskedastic networks, ignored otherwise
     * @return a new array {@code [N, P]}
     */
    public INDArray backward(INDArray params, INDArray x, INDArray gMean, INDArray gScale) {
        double[] p = Arrays2.matrix("params", params, -1, layout.size(), "pass [numSamples, " + layout.size() + "]");
        double[] xs = Arrays2.matrix("x", x, -1, spec.inDim(), "pass [batch, " + spec.inDim() + "]");
        int n = (int) params.rows();
        int b = (int) x.rows();
        long[] outShape = {n, b, spec.outDim()};
        double[] gm = Arrays2.shaped("gMean", gMean, outShape);
        double[] gs = null;
        if (spec.heteroskedastic()) {
            Objects.requireNonNull(gScale, "gScale is required for a heteroskedastic network");
            gs = Arrays2.shaped("gScale", gScale, outShape);
        }
        NetworkKernel k = Kernels.forNetwork(this, n, b);
        KernelWorkspace ws = k.newWorkspace(n, b);
        k.forward(ws, p, layout.size(), n, xs, b);
        double[] grad = new double[n * layout.size()];
        k.backward(ws, p, layout.size(), xs, gm, gs, grad);
        return Nd4j.create(grad, new long[] {n, layout.size()}, DataType.DOUBLE).castTo(dtype);
    }

    @Override
    public String toString() {
        return "FeedForwardNetwork[" + spec.describe() + ", P=" + layout.size() + ", kernel=" + kernelType + ", "
                + dtype + "]";
    }
}
