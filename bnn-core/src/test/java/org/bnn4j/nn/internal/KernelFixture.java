package org.bnn4j.nn.internal;

import java.util.SplittableRandom;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;

/** A random network evaluation problem: parameters {@code [n, stride]} (stride = P + 2), inputs, output gradients. */
public final class KernelFixture {
    /** Extra columns per parameter row that belong to the caller; kernels must leave them alone. */
    static final int EXTRA = 2;
    static final double SENTINEL = 12345.5;

    final NetworkSpec spec;
    final int n;
    final int b;
    final int p;
    final int stride;
    final double[] params;
    final double[] x;
    final double[] gMean;
    final double[] gScale;

    KernelFixture(NetworkSpec spec, int n, int b, long seed) {
        this.spec = spec;
        this.n = n;
        this.b = b;
        this.p = new ParameterLayout(spec).size();
        this.stride = p + EXTRA;
        SplittableRandom rng = new SplittableRandom(seed);
        FeedForwardNetwork net = new FeedForwardNetwork(spec);
        params = new double[n * stride];
        for (int s = 0; s < n; s++) {
            double[] init = net.initialParameters(rng);
            for (int k = 0; k < p; k++) {
                // wider than the default init so tanh saturates somewhere and relu units die somewhere
                params[s * stride + k] = 2.0 * init[k] + 0.2 * rng.nextGaussian();
            }
            for (int k = p; k < stride; k++) {
                params[s * stride + k] = SENTINEL;
            }
        }
        x = gaussian(rng, b * spec.inDim(), 1.5);
        int outLen = n * b * spec.outDim();
        gMean = gaussian(rng, outLen, 1.0);
        gScale = spec.heteroskedastic() ? gaussian(rng, outLen, 1.0) : null;
    }

    private static double[] gaussian(SplittableRandom rng, int len, double sd) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = sd * rng.nextGaussian();
        }
        return v;
    }

    /** Result of forward then backward with one kernel. */
    record Result(double[] mean, double[] scale, double[] rawScale, double[] grad) {
    }

    Result run(NetworkKernel kernel) {
        KernelWorkspace ws = kernel.newWorkspace(n + 1, b + 3);
        kernel.forward(ws, params, stride, n, x, b);
        double[] grad = new double[n * stride];
        java.util.Arrays.fill(grad, SENTINEL);
        kernel.backward(ws, params, stride, x, gMean, gScale, grad);
        return outputs(ws, grad);
    }

    /** Forward pass only, in the kernel's forward-only workspace; the result's gradient is empty. */
    Result runForwardOnly(NetworkKernel kernel) {
        KernelWorkspace ws = kernel.newForwardWorkspace(n + 1, b + 3);
        kernel.forward(ws, params, stride, n, x, b);
        return outputs(ws, new double[0]);
    }

    private Result outputs(KernelWorkspace ws, double[] grad) {
        int len = n * b * spec.outDim();
        return new Result(java.util.Arrays.copyOf(ws.mean(), len),
                spec.heteroskedastic() ? java.util.Arrays.copyOf(ws.scale(), len) : new double[0],
                spec.heteroskedastic() ? java.util.Arrays.copyOf(ws.rawScale(), len) : new double[0], grad);
    }

    /** Largest |a - b| / max(1, |a|, |b|). */
    public static double maxRelError(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double err = Math.abs(a[i] - b[i]) / Math.max(1.0, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            if (!(err <= worst)) {
                worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
            }
        }
        return worst;
    }
}
