package org.bnn4j.nn.internal;

import org.bnn4j.nn.Activation;
import org.bnn4j.nn.ParameterLayout;
import org.bnn4j.nn.ScaleTransform;

/**
 * First-order bounds on how far a kernel's outputs and gradients can lie from the exact values of a
 * {@link KernelFixture} problem, by running error analysis (N. J. Higham, Accuracy and Stability of Numerical
 * Algorithms, 2nd ed., SIAM 2002, sec. 3.1 and 3.3): every quantity of the forward and backward pass carries a bound
 * on its magnitude and a bound on its error, propagated layer by layer alongside a float64 evaluation of the values.
 * Two kernels agree when they differ by at most the sum of their bounds.
 *
 * <p>The rules, per point, with {@code gamma(n) = n u / (1 - n u)} for a kernel of unit roundoff {@code u}:
 * <ul>
 *   <li>a sum of n products, in any order, is within {@code gamma(n) sum |terms|} (Higham eq. 3.5), so
 *       {@code z = b + sum_k h_k W_kj} carries {@code sum_k E(h_k) |W_kj| + (gamma(K + 1) + rho) S} with
 *       {@code S = |b| + sum_k A(h_k) |W_kj|}; rho is the relative rounding of parameters, inputs and output
 *       gradients when they are converted to float32 on the way in (0 in float64);</li>
 *   <li>tanh and ReLU are 1-Lipschitz, so {@code E(h) <= E(z)} plus the activation's own error: relative
 *       {@code tanhRel |h|} ({@link FastTanh}: below 4e-15 by its documentation and test; {@link StrictMath#tanh}: 1
 *       ulp) or absolute {@code tanhAbs} (the ND4J kernel's {@code 2 sigmoid(2z) - 1}: with its sigmoid within 4u,
 *       checked by {@code ReferenceAgreementTest.nd4jSigmoidIsWithinFourUnitRoundoffs}, the error is at most
 *       {@code 2 * 4u + u = 9u});</li>
 *   <li>softplus is 1-Lipschitz and its derivative, the sigmoid, 1/4-Lipschitz; the kernels' {@link FastSoftplus}
 *       is within 2e-13 relative of the scalar forms ({@code FastSoftplusTest}), which are within a few ulps;</li>
 *   <li>the derivative of tanh, {@code 1 - h^2}, is off by at most {@code (2 |h| + E(h)) E(h)}; ReLU's and the
 *       clamp's derivatives jump at their kinks, so where a pre-activation (or raw scale) lies within its error
 *       bound of a kink the two kernels may take different sides, and the bound then admits the whole jump;</li>
 *   <li>the gradient sums over the batch add {@code gamma(b + 1)} times the sum of the absolute terms.</li>
 * </ul>
 * Terms of second order (a product of two relative errors, below (1e-4)^2 here) are left out; the final bounds are
 * raised by 1 % to cover them. Magnitudes are the float64 values plus their error bounds.
 */
final class ErrorBound {

    /** Unit roundoff of float64, 2^-53. */
    static final double U64 = 0x1p-53;
    /** Unit roundoff of float32, 2^-24. */
    static final double U32 = 0x1p-24;
    /** Covers the second-order terms the first-order analysis leaves out. */
    private static final double SECOND_ORDER = 1.01;

    /**
     * The errors one kernel commits.
     *
     * @param u            unit roundoff of its arithmetic
     * @param rho          relative rounding of params, inputs and output gradients on the way in
     * @param tanhRel      relative error of its tanh
     * @param tanhAbs      absolute error of its tanh
     * @param transformRel relative error of its scale transform and the transform's derivative
     */
    record Model(double u, double rho, double tanhRel, double tanhAbs, double transformRel) {
        double gamma(int n) {
            return n * u / (1 - n * u);
        }
    }

    /** {@link ReferenceKernel}: StrictMath's tanh within 1 ulp (2u), softplus and sigmoid from a few StrictMath calls. */
    static final Model REFERENCE = new Model(U64, 0, 2 * U64, 0, 8 * U64);
    /** {@link FusedCpuKernel}: FastTanh within 4e-15 of StrictMath.tanh, FastSoftplus within 2e-13 of the scalar forms. */
    static final Model FUSED = new Model(U64, 0, 4e-15 + 2 * U64, 0, 2e-13 + 8 * U64);
    /** The ND4J kernel in float64: tanh as 2 sigmoid(2z) - 1 (absolute 9u), the transform by FastSoftplus in Java. */
    static final Model ND4J_64 = new Model(U64, 0, 0, 9 * U64, 2e-13 + 8 * U64);
    /** The ND4J kernel in float32: float32 arithmetic and uploads, the transform in float64 Java on the float32 raw. */
    static final Model ND4J_32 = new Model(U32, U32, 0, 9 * U32, 2e-13 + 8 * U64);

    /**
     * Error bounds in the shapes of {@link KernelFixture.Result}: outputs {@code [n, b, D]}, gradient
     * {@code [n, stride]} (0 beyond P, where kernels must not write).
     *
     * @param jumps how many derivatives at a kink (ReLU, clamp) the gradient bounds admit a jump of
     */
    record Bounds(double[] mean, double[] scale, double[] rawScale, double[] grad, int jumps) {
    }

    private final KernelFixture f;
    private final Model m;
    private final ParameterLayout lay;
    private final boolean tanh;
    private final ScaleTransform transform;
    private final int outDim;
    private final double[] mean;
    private final double[] scale;
    private final double[] raw;
    /** Per parameter: sum of absolute terms of its gradient, and the propagated error. */
    private final double[] gMag;
    private final double[] gErr;
    private int jumps;

    private ErrorBound(KernelFixture f, Model m) {
        this.f = f;
        this.m = m;
        this.lay = new ParameterLayout(f.spec);
        this.tanh = f.spec.activation() == Activation.TANH;
        this.transform = f.spec.scaleTransform();
        this.outDim = lay.outDim();
        int len = f.n * f.b * outDim;
        this.mean = new double[len];
        this.scale = new double[lay.heteroskedastic() ? len : 0];
        this.raw = new double[lay.heteroskedastic() ? len : 0];
        this.gMag = new double[f.n * f.stride];
        this.gErr = new double[f.n * f.stride];
    }

    /**
     * @param f the problem
     * @param m the kernel's error model
     * @return bounds on |kernel - exact| for every output and gradient entry
     */
    static Bounds of(KernelFixture f, Model m) {
        ErrorBound e = new ErrorBound(f, m);
        for (int s = 0; s < f.n; s++) {
            for (int i = 0; i < f.b; i++) {
                e.point(s, i);
            }
        }
        double[] grad = new double[e.gMag.length];
        for (int k = 0; k < grad.length; k++) {
            grad[k] = SECOND_ORDER * (e.gErr[k] + m.gamma(f.b + 1) * e.gMag[k]);
        }
        return new Bounds(scaled(e.mean), scaled(e.scale), scaled(e.raw), grad, e.jumps);
    }

    private static double[] scaled(double[] a) {
        double[] r = a.clone();
        for (int k = 0; k < r.length; k++) {
            r[k] *= SECOND_ORDER;
        }
        return r;
    }

    /** One layer's values h, magnitudes a >= |h|, errors e, and for ReLU whether z lies within its error of 0. */
    private record Layer(double[] h, double[] a, double[] e, boolean[] kink) {
        Layer(int width) {
            this(new double[width], new double[width], new double[width], new boolean[width]);
        }
    }

    /** A pre-activation or head output: its value z, error bound and sum of absolute terms. */
    private record Linear(double z, double err, double abs) {
    }

    private void point(int s, int i) {
        int po = s * f.stride;
        int numHidden = lay.numHidden();
        Layer[] layers = new Layer[numHidden + 1];
        Layer in = new Layer(lay.inDim());
        for (int k = 0; k < lay.inDim(); k++) {
            double x = f.x[i * lay.inDim() + k];
            in.h[k] = x;
            in.e[k] = m.rho * Math.abs(x);
            in.a[k] = Math.abs(x) + in.e[k];
        }
        layers[0] = in;
        for (int l = 0; l < numHidden; l++) {
            layers[l + 1] = hidden(layers[l], po + lay.hiddenWeightOffset(l), po + lay.hiddenBiasOffset(l),
                    lay.layerWidth(l + 1));
        }
        Layer last = layers[numHidden];
        double[] dm = new double[last.h.length]; // magnitude of dLoss / d(last hidden outputs)
        double[] de = new double[last.h.length]; // its error
        for (int d = 0; d < outDim; d++) {
            int o = (s * f.b + i) * outDim + d;
            Linear mu = linear(last, po + lay.meanWeightOffset(), po + lay.meanBiasOffset(), d, outDim);
            mean[o] = mu.err;
            double gm = Math.abs(f.gMean[o]);
            outputGradient(last, po + lay.meanWeightOffset(), po + lay.meanBiasOffset(), d, outDim, gm, m.rho * gm, dm,
                    de);
            if (lay.heteroskedastic()) {
                Linear r = linear(last, po + lay.scaleWeightOffset(), po + lay.scaleBiasOffset(), d, outDim);
                raw[o] = r.err;
                scale[o] = r.err + m.transformRel * Math.abs(transform.apply(r.z));
                double deriv = transform.derivative(r.z);
                double derivErr = m.transformRel * deriv;
                if (transform instanceof ScaleTransform.Clamp c) {
                    if (nearKink(r, c.min()) || nearKink(r, c.max())) {
                        derivErr += 1.0;
                        jumps++;
                    }
                } else {
                    derivErr += r.err / 4;
                }
                double gs = Math.abs(f.gScale[o]);
                double gr = gs * (deriv + derivErr);
                double grErr = gs * derivErr + (m.u + m.rho) * gr;
                outputGradient(last, po + lay.scaleWeightOffset(), po + lay.scaleBiasOffset(), d, outDim, gr, grErr, dm,
                        de);
            }
        }
        for (int k = 0; k < dm.length; k++) {
            de[k] += (m.gamma(2 * outDim) + m.rho) * dm[k];
        }
        for (int l = numHidden - 1; l >= 0; l--) {
            double[][] prev = hiddenGradient(layers[l], layers[l + 1], po + lay.hiddenWeightOffset(l),
                    po + lay.hiddenBiasOffset(l), dm, de);
            dm = prev[0];
            de = prev[1];
        }
    }

    private boolean nearKink(Linear r, double at) {
        return Math.abs(r.z - at) <= r.err + ErrorBound.REFERENCE.gamma(lay.lastWidth() + 1) * r.abs;
    }

    private Layer hidden(Layer in, int wo, int bo, int width) {
        Layer out = new Layer(width);
        int inW = in.h.length;
        for (int j = 0; j < width; j++) {
            Linear z = linear(in, wo, bo, j, width);
            double err = z.err;
            double h;
            if (tanh) {
                h = Math.tanh(z.z);
                err += m.tanhRel * Math.abs(h) + m.tanhAbs;
            } else {
                h = Math.max(z.z, 0.0);
                // the float64 z here is itself within the reference's bound of the exact value
                out.kink[j] = Math.abs(z.z) <= err + REFERENCE.gamma(inW + 1) * z.abs;
            }
            out.h[j] = h;
            out.e[j] = err;
            out.a[j] = Math.abs(h) + err;
        }
        return out;
    }

    /** Output {@code col} of a layer with weight {@code [in, cols]} at wo and bias at bo. */
    private Linear linear(Layer in, int wo, int bo, int col, int cols) {
        double z = f.params[bo + col];
        double abs = Math.abs(z);
        double err = 0;
        for (int k = 0; k < in.h.length; k++) {
            double w = f.params[wo + k * cols + col];
            z += in.h[k] * w;
            abs += in.a[k] * Math.abs(w);
            err += in.e[k] * Math.abs(w);
        }
        return new Linear(z, err + (m.gamma(in.h.length + 1) + m.rho) * abs, abs);
    }

    /**
     * The gradient of output {@code col} of a layer with weight {@code [in, cols]} at wo and bias at bo (magnitude g,
     * error ge) into the gradients of that weight column and bias, and into the inputs' gradient (dm, de).
     */
    private void outputGradient(Layer in, int wo, int bo, int col, int cols, double g, double ge, double[] dm,
                                double[] de) {
        gMag[bo + col] += g;
        gErr[bo + col] += ge;
        for (int k = 0; k < in.h.length; k++) {
            int wk = wo + k * cols + col;
            double w = Math.abs(f.params[wk]);
            gMag[wk] += in.a[k] * g;
            gErr[wk] += in.e[k] * g + in.a[k] * ge;
            dm[k] += w * g;
            de[k] += w * ge;
        }
    }

    /**
     * Through one hidden layer backwards: from the magnitude and error of dLoss/d(out), adds the layer's parameter
     * gradients and returns those of dLoss/d(in).
     */
    private double[][] hiddenGradient(Layer in, Layer out, int wo, int bo, double[] dm, double[] de) {
        int inW = in.h.length;
        int width = out.h.length;
        double[] pm = new double[inW];
        double[] pe = new double[inW];
        for (int j = 0; j < width; j++) {
            double fPrimeErr;
            double fPrime;
            if (tanh) {
                double h = Math.abs(out.h[j]);
                fPrimeErr = (2 * h + out.e[j]) * out.e[j] + 2 * m.u;
                fPrime = Math.min(1.0, 1.0 - h * h + fPrimeErr);
            } else {
                fPrimeErr = out.kink[j] ? 1.0 : 0.0;
                jumps += out.kink[j] ? 1 : 0;
                fPrime = out.h[j] > 0.0 || out.kink[j] ? 1.0 : 0.0;
            }
            double dz = dm[j] * fPrime;
            double dzErr = de[j] * fPrime + dm[j] * fPrimeErr + 4 * m.u * dz; // dh f' takes up to 3 roundings
            outputGradient(in, wo, bo, j, width, dz, dzErr, pm, pe);
        }
        for (int k = 0; k < inW; k++) {
            pe[k] += (m.gamma(width) + m.rho) * pm[k];
        }
        return new double[][] {pm, pe};
    }
}
