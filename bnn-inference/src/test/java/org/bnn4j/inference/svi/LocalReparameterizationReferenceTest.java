package org.bnn4j.inference.svi;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ScaleTransform;
import org.bnn4j.nn.internal.KernelWorkspace;
import org.bnn4j.nn.internal.NetworkKernel;
import org.bnn4j.nn.internal.ReferenceKernel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The local reparameterization's forward pass with zero noise against {@link ReferenceKernel}: with every
 * {@code eps = 0} each sampled pre-activation {@code z = a mu_W + mu_b + sd eps} is its mean, so each particle's
 * outputs are the network's at the guide means, whatever the guide's standard deviations (random here, so a pass
 * that let them into the mean would fail).
 *
 * <p>Paths: the unit-major path of one-hidden-layer nets (tanh on a 1-d input with heteroskedastic D = 1 heads, even
 * and odd widths, heads two units at a time; ReLU; homoskedastic heads on 2- and 3-d inputs; D = 2 with a clamped
 * scale), and the general loops on the same nets (their full layer, inputs and units wider than 1, and their thin
 * forms: a layer on a 1-d input, a D = 1 head with two partial sums, even and odd fan-in) and on two hidden layers
 * and no hidden layer; two particles (each reads its own slice of the noise and writes its own outputs); batch
 * sizes on both sides of 128 and 256 like the kernels' tiles.
 *
 * <p>Tolerance: for a net of 1-Lipschitz activations with {@code |f(z)| <= |z|}, a forward pass whose sums of
 * {@code K + 1} terms are within {@code gamma(K + 1) = (K + 1) u / (1 - (K + 1) u)} of the sum of absolute terms
 * (Higham, Accuracy and Stability of Numerical Algorithms, 2002, eq. 3.5) and whose tanh is within {@code t}
 * relative has error at most {@code eta M}, with {@code eta = sum over layers of (gamma(fan-in + 1) + t)} and
 * {@code M} the output of the same net on |weights|, |biases|, |inputs| with the identity as activation (by
 * induction: every activation is below its M and carries at most its eta times it). M comes from the reference
 * kernel itself (ReLU is the identity on those non-negative values; an unbounded clamp keeps the raw scale). The
 * two passes' bounds add: t = 4e-15 + 2u for {@code FastTanh} (its documented bound against StrictMath plus
 * StrictMath's ulp) and 2u for {@code StrictMath.tanh}; the scale adds {@code FastSoftplus}' 2e-13 relative to the
 * scalar forms plus a few ulps on each side.
 *
 * <p>Checked to fail: each path was broken on purpose, one at a time, and this class run (135 cases; then restored,
 * and it passed again): the unit-major head made to drop an odd width's last unit
 * ({@code HeadSampler.sample}: {@code j < w} made {@code j < w - 1}): the 18 unit-major cases of the
 * 7- and 5-unit nets failed; the general path's thin head's unpaired last input dropped ({@code linearThin}): 27
 * cases; its full layer made to skip its last input ({@code linear}): 45 cases; every particle's outputs written at
 * particle 0's offset ({@code forward}: {@code o = 0}): all 81 cases of the general path.
 */
class LocalReparameterizationReferenceTest {

    private static final double U = 0x1p-53;
    private static final int K = 2;

    static Stream<Arguments> cases() {
        List<NetworkSpec> specs = List.of(
                NetworkSpec.builder(1, 1).hidden(50).build(), // the cluster net
                NetworkSpec.builder(1, 1).hidden(7).build(), // odd width
                NetworkSpec.builder(1, 1).hidden(6).activation(Activation.RELU).build(),
                NetworkSpec.builder(3, 1).hidden(8).heteroskedastic(false).build(),
                NetworkSpec.builder(2, 1).hidden(5).activation(Activation.RELU).heteroskedastic(false).build(),
                NetworkSpec.builder(2, 2).hidden(5, 4).build(),
                NetworkSpec.builder(4, 2).hidden(6).activation(Activation.RELU)
                        .scaleTransform(new ScaleTransform.Clamp(0.1, 2.0)).build(),
                NetworkSpec.builder(3, 2).build(),
                NetworkSpec.builder(1, 1).heteroskedastic(false).build());
        List<Arguments> args = new ArrayList<>();
        long seed = 500;
        for (NetworkSpec spec : specs) {
            for (int b : new int[] {1, 2, 3, 127, 128, 129, 255, 256, 257}) {
                args.add(Arguments.of(spec, b, seed, true));
                if (spec.numHidden() == 1) { // the general loops too, which take every other depth
                    args.add(Arguments.of(spec, b, seed, false));
                }
                seed++;
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} b={1} unitMajor={3}")
    @MethodSource("cases")
    void zeroNoiseForwardIsTheNetworkAtTheGuideMeans(NetworkSpec spec, int b, long seed, boolean unitMajor) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] init = new FeedForwardNetwork(spec).initialParameters(rng);
        int p = init.length;
        double[] loc = new double[p];
        double[] std = new double[p];
        for (int k = 0; k < p; k++) {
            loc[k] = 2.0 * init[k] + 0.2 * rng.nextGaussian(); // wide enough that tanh saturates and ReLU units die
            std[k] = Math.exp(-1.0 + 0.5 * rng.nextGaussian());
        }
        double[] x = new double[b * spec.inDim()];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1.5 * rng.nextGaussian();
        }
        LocalReparameterization lrt = new LocalReparameterization(spec, K, b, unitMajor);
        lrt.forward(loc, std, new double[K * lrt.noisePerParticle(b)], K, x, b);

        KernelWorkspace ref = forward(new ReferenceKernel(spec), loc, x, b);
        KernelWorkspace mag = forward(new ReferenceKernel(absoluteNet(spec)), abs(loc), abs(x), b);
        double tanh = spec.activation() == Activation.TANH ? 1 : 0;
        double eta = eta(spec, tanh * (4e-15 + 2 * U)) + eta(spec, tanh * 2 * U);
        int len = b * spec.outDim();
        for (int s = 0; s < K; s++) {
            for (int o = 0; o < len; o++) {
                String what = spec.describe() + " b=" + b + " particle " + s + " output " + o;
                check(what + " mean", ref.mean()[o], lrt.mean[s * len + o], eta * mag.mean()[o]);
                if (spec.heteroskedastic()) {
                    double rawTol = eta * mag.rawScale()[o];
                    check(what + " raw scale", ref.rawScale()[o], lrt.raw[s * len + o], rawTol);
                    check(what + " scale", ref.scale()[o], lrt.scale[s * len + o],
                            rawTol + (2e-13 + 16 * U) * ref.scale()[o]);
                }
            }
        }
    }

    private static KernelWorkspace forward(NetworkKernel k, double[] params, double[] x, int b) {
        KernelWorkspace ws = k.newWorkspace(1, b);
        k.forward(ws, params, params.length, 1, x, b);
        return ws;
    }

    /** The net whose outputs on |params|, |x| are the magnitudes M: ReLU (identity on them), an unbounded clamp. */
    private static NetworkSpec absoluteNet(NetworkSpec spec) {
        return NetworkSpec.builder(spec.inDim(), spec.outDim()).hidden(spec.hiddenWidths())
                .activation(Activation.RELU).heteroskedastic(spec.heteroskedastic())
                .scaleTransform(new ScaleTransform.Clamp(Double.MIN_VALUE, Double.MAX_VALUE)).build();
    }

    /** Sum over the hidden layers and the head of gamma(fan-in + 1), plus t per hidden layer. */
    private static double eta(NetworkSpec spec, double t) {
        double eta = 0;
        int in = spec.inDim();
        for (int w : spec.hiddenWidths()) {
            eta += gamma(in + 1) + t;
            in = w;
        }
        return eta + gamma(in + 1);
    }

    private static double gamma(int n) {
        return n * U / (1 - n * U);
    }

    private static double[] abs(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.abs(a[i]);
        }
        return r;
    }

    private static void check(String what, double want, double got, double tol) {
        if (!(Math.abs(got - want) <= tol)) {
            throw new AssertionError(what + " = " + got + " but the reference gives " + want + " (difference "
                    + Math.abs(got - want) + ", bound " + tol + ")");
        }
    }
}
