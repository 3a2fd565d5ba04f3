package org.bnn4j.nn;

import java.util.Arrays;
import java.util.Objects;
import org.bnn4j.nn.internal.FastTanh;

/**
 * The Jacobian of a network's head outputs with respect to its parameters, point by point: for each input row, the
 * derivative of every mean output and every <em>raw</em> scale-head output (before the {@link ScaleTransform}) with
 * respect to all P network parameters, in {@link ParameterLayout} order. This is what a linearised network
 * {@code f(x; theta) ~ f(x; theta*) + J(x) (theta - theta*)} and a Gauss-Newton curvature need (Laplace
 * approximations, Immer et al. 2021).
 *
 * <p>Method: reverse mode per point and output. One forward pass per point keeps every layer's activation and
 * activation derivative; each of the {@code D} (or {@code 2D}) head outputs is then back-propagated on its own,
 * writing one Jacobian row of length P. Cost O(P) per point and output, no allocation beyond one scratch set per
 * call. Any depth, tanh or ReLU (derivative 0 at 0, as {@link Activation#RELU} says), with or without a scale head.
 * tanh is {@link FastTanh#of}, as in the kernels. Immutable and thread-safe: every call allocates its own scratch.
 *
 * <pre>{@code
 * NetworkSpec spec = NetworkSpec.builder(1, 1).hidden(50).build();
 * NetworkJacobian jac = new NetworkJacobian(spec);
 * double[] theta = new FeedForwardNetwork(spec).initialParameters(new SplittableRandom(0));
 * double[] x = {-1.0, 0.0, 1.0};
 * int p = jac.numParams();
 * double[] mean = new double[3], raw = new double[3], jMean = new double[3 * p], jRaw = new double[3 * p];
 * jac.evaluate(theta, 0, x, 3, mean, raw, jMean, jRaw);  // jMean[i * p + k] = d mean_i / d theta_k
 * }</pre>
 *
 * <p>References: A. Immer, M. Korzepa, M. Bauer, "Improving predictions of Bayesian neural nets via local
 * linearization", AISTATS 2021.
 */
public final class NetworkJacobian {

    private final NetworkSpec spec;
    private final int numLayers;
    private final int[] dims;
    private final int[] wOff;
    private final int[] bOff;
    private final int outDim;
    private final int lastWidth;
    private final int meanW;
    private final int meanB;
    private final int scaleW;
    private final int scaleB;
    private final int numParams;
    private final boolean tanh;

    /**
     * @param spec the network
     * @throws NullPointerException if spec is null
     */
    public NetworkJacobian(NetworkSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec must not be null");
        ParameterLayout layout = new ParameterLayout(spec);
        numLayers = spec.numHidden();
        dims = new int[numLayers + 1];
        dims[0] = spec.inDim();
        wOff = new int[numLayers];
        bOff = new int[numLayers];
        for (int l = 0; l < numLayers; l++) {
            dims[l + 1] = spec.hiddenWidth(l);
            wOff[l] = layout.hiddenWeightOffset(l);
            bOff[l] = layout.hiddenBiasOffset(l);
        }
        outDim = spec.outDim();
        lastWidth = spec.lastWidth();
        meanW = layout.meanWeightOffset();
        meanB = layout.meanBiasOffset();
        scaleW = layout.scaleWeightOffset();
        scaleB = layout.scaleBiasOffset();
        numParams = layout.size();
        tanh = spec.activation() == Activation.TANH;
    }

    /** @return the network */
    public NetworkSpec spec() {
        return spec;
    }

    /** @return number of network parameters P (the length of a Jacobian row) */
    public int numParams() {
        return numParams;
    }

    /**
     * Head outputs and, optionally, their Jacobians at {@code b} points.
     *
     * @param theta parameters: P values from {@code off} (a row of an {@code [n, stride]} batch is fine)
     * @param off   offset of the network parameters in theta
     * @param x     inputs {@code [b, inDim]} row-major, from index 0
     * @param b     number of points, {@code >= 1}
     * @param mean  receives the means {@code [b, D]}
     * @param raw   receives the raw scale-head outputs {@code [b, D]}; null for a homoskedastic network (required
     *              for a heteroskedastic one)
     * @param jMean if non-null, receives {@code d mean[i, d] / d theta[k]} at {@code (i * D + d) * P + k}, shape
     *              {@code [b, D, P]} (overwritten, zeros included)
     * @param jRaw  if non-null (heteroskedastic only), receives {@code d raw[i, d] / d theta[k]}, same layout
     * @throws IllegalArgumentException if an array is too short, or raw/jRaw do not match the network's heads
     * @throws NullPointerException if theta, x or mean is null
     */
    public void evaluate(double[] theta, int off, double[] x, int b, double[] mean, double[] raw, double[] jMean,
                         double[] jRaw) {
        check(theta, off, x, b);
        requireLength("mean", mean, (long) b * outDim);
        boolean het = spec.heteroskedastic();
        if (het) {
            if (raw == null) {
                throw new IllegalArgumentException("a heteroskedastic network has a scale head; pass a raw array of "
                        + "length b * D = " + (long) b * outDim);
            }
            requireLength("raw", raw, (long) b * outDim);
        } else if (raw != null || jRaw != null) {
            throw new IllegalArgumentException("a homoskedastic network has no scale head; pass raw = jRaw = null");
        }
        long rows = (long) b * outDim * numParams;
        if (jMean != null) {
            requireLength("jMean", jMean, rows);
        }
        if (jRaw != null) {
            requireLength("jRaw", jRaw, rows);
        }
        double[][] h = scratch();
        double[][] deriv = scratch();
        double[][] delta = scratch();
        for (int i = 0; i < b; i++) {
            forward(theta, off, x, i, h, deriv);
            double[] last = h[numLayers];
            for (int d = 0; d < outDim; d++) {
                mean[i * outDim + d] = head(theta, off + meanW, off + meanB, last, d);
                if (het) {
                    raw[i * outDim + d] = head(theta, off + scaleW, off + scaleB, last, d);
                }
                if (jMean != null) {
                    row(theta, off, h, deriv, delta, meanW, meanB, d, jMean, ((long) i * outDim + d) * numParams);
                }
                if (jRaw != null) {
                    row(theta, off, h, deriv, delta, scaleW, scaleB, d, jRaw, ((long) i * outDim + d) * numParams);
                }
            }
        }
    }

    /**
     * The last hidden layer's activations (the inputs themselves for a network without hidden layers): the features
     * the heads act on, for a last-layer linearisation.
     *
     * @param theta    parameters: P values from {@code off}
     * @param off      offset of the network parameters in theta
     * @param x        inputs {@code [b, inDim]} row-major
     * @param b        number of points, {@code >= 1}
     * @param features receives {@code [b, lastWidth]} row-major
     * @throws IllegalArgumentException if an array is too short
     */
    public void features(double[] theta, int off, double[] x, int b, double[] features) {
        check(theta, off, x, b);
        requireLength("features", features, (long) b * lastWidth);
        double[][] h = scratch();
        double[][] deriv = scratch();
        for (int i = 0; i < b; i++) {
            forward(theta, off, x, i, h, deriv);
            System.arraycopy(h[numLayers], 0, features, i * lastWidth, lastWidth);
        }
    }

    private double[][] scratch() {
        double[][] s = new double[numLayers + 1][];
        for (int l = 0; l <= numLayers; l++) {
            s[l] = new double[dims[l]];
        }
        return s;
    }

    /** One point's forward pass: h[l] the activations of layer l (h[0] = x), deriv[l] the activation derivative. */
    private void forward(double[] theta, int off, double[] x, int i, double[][] h, double[][] deriv) {
        System.arraycopy(x, i * dims[0], h[0], 0, dims[0]);
        for (int l = 0; l < numLayers; l++) {
            double[] in = h[l];
            double[] out = h[l + 1];
            double[] dv = deriv[l + 1];
            int nIn = dims[l];
            int nOut = dims[l + 1];
            int w = off + wOff[l];
            System.arraycopy(theta, off + bOff[l], out, 0, nOut);
            for (int k = 0; k < nIn; k++) {
                double a = in[k];
                int row = w + k * nOut;
                for (int j = 0; j < nOut; j++) {
                    out[j] += a * theta[row + j];
                }
            }
            for (int j = 0; j < nOut; j++) {
                double z = out[j];
                if (tanh) {
                    double t = FastTanh.of(z);
                    out[j] = t;
                    dv[j] = 1.0 - t * t;
                } else {
                    out[j] = z > 0 ? z : 0.0;
                    dv[j] = z > 0 ? 1.0 : 0.0;
                }
            }
        }
    }

    /** Output d of the head with weight {@code [last, D]} at {@code w} and bias at {@code bias}. */
    private double head(double[] theta, int w, int bias, double[] last, int d) {
        double s = theta[bias + d];
        for (int k = 0; k < lastWidth; k++) {
            s += last[k] * theta[w + k * outDim + d];
        }
        return s;
    }

    /** Writes the Jacobian row of head output d (head weight at headW, bias at headB, relative to off) at r0. */
    private void row(double[] theta, int off, double[][] h, double[][] deriv, double[][] delta, int headW, int headB,
                     int d, double[] j, long r0) {
        int r = Math.toIntExact(r0);
        Arrays.fill(j, r, r + numParams, 0.0);
        double[] last = h[numLayers];
        for (int k = 0; k < lastWidth; k++) {
            j[r + headW + k * outDim + d] = last[k];
        }
        j[r + headB + d] = 1.0;
        if (numLayers == 0) {
            return;
        }
        // delta of the last hidden layer's pre-activations: head column times the activation derivative
        double[] dl = delta[numLayers];
        double[] dv = deriv[numLayers];
        for (int k = 0; k < lastWidth; k++) {
            dl[k] = theta[off + headW + k * outDim + d] * dv[k];
        }
        for (int l = numLayers - 1; l >= 0; l--) {
            double[] dOut = delta[l + 1];
            double[] in = h[l];
            int nIn = dims[l];
            int nOut = dims[l + 1];
            int wj = r + wOff[l];
            System.arraycopy(dOut, 0, j, r + bOff[l], nOut);
            for (int k = 0; k < nIn; k++) {
                double a = in[k];
                int row = wj + k * nOut;
                for (int u = 0; u < nOut; u++) {
                    j[row + u] = a * dOut[u];
                }
            }
            if (l > 0) {
                double[] dIn = delta[l];
                double[] dvIn = deriv[l];
                int w = off + wOff[l];
                for (int k = 0; k < nIn; k++) {
                    int row = w + k * nOut;
                    double s = 0;
                    for (int u = 0; u < nOut; u++) {
                        s += theta[row + u] * dOut[u];
                    }
                    dIn[k] = s * dvIn[k];
                }
            }
        }
    }

    private void check(double[] theta, int off, double[] x, int b) {
        Objects.requireNonNull(theta, "theta must not be null");
        Objects.requireNonNull(x, "x must not be null");
        if (b < 1) {
            throw new IllegalArgumentException("b must be >= 1 but was " + b + "; pass the number of input rows");
        }
        if (off < 0 || (long) off + numParams > theta.length) {
            throw new IllegalArgumentException("theta must hold " + numParams + " values from offset " + off
                    + " but has length " + theta.length + "; pass a parameter vector in ParameterLayout order");
        }
        requireLength("x", x, (long) b * dims[0]);
    }

    private static void requireLength(String name, double[] a, long len) {
        Objects.requireNonNull(a, name + " must not be null");
        if (a.length < len) {
            throw new IllegalArgumentException(name + " must hold at least " + len + " values but has " + a.length
                    + "; allocate it with the documented shape");
        }
    }
}
