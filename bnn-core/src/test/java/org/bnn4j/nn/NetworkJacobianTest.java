package org.bnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bnn4j.nn.internal.FusedCpuKernel;
import org.bnn4j.nn.internal.KernelWorkspace;
import org.bnn4j.nn.internal.NetworkKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link NetworkJacobian} against central finite differences of the network's outputs through the fused kernel
 * (an independent implementation of the forward pass), and its outputs against the kernel's.
 *
 * <p>Tolerance: with step h = 1e-5 the truncation error of a central difference is O(h^2 |f'''|) ~ 1e-10 for these
 * O(1) networks, the rounding error ~ eps |f| / h ~ 1e-16 * 10 / 1e-5 = 1e-10; we require
 * {@code |J - fd| / max(1, |J|, |fd|) <= 1e-6}, four orders above both (as the kernels' gradient test). The scale
 * head is checked through the transformed scale: {@code d scale / d theta = transform'(raw) * J_raw}. For ReLU
 * nets a pre-activation within ~h of 0 would put a kink inside a difference (probability ~1e-5 per unit and point);
 * the seeds are fixed, and such a crossing would make the test fail, not pass.
 */
class NetworkJacobianTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(NetworkSpec.builder(1, 1).hidden(50).build(), 7),          // the cluster demo's net
                Arguments.of(NetworkSpec.builder(2, 2).hidden(5, 4).build(), 5),         // depth 2, D = 2
                Arguments.of(NetworkSpec.builder(3, 1).hidden(4, 2, 3).heteroskedastic(false).build(), 4),
                Arguments.of(NetworkSpec.builder(3, 2).hidden(6).activation(Activation.RELU).build(), 6),
                Arguments.of(NetworkSpec.builder(4, 1).hidden(5, 3).activation(Activation.RELU)
                        .heteroskedastic(false).build(), 5),
                Arguments.of(NetworkSpec.builder(3, 1).heteroskedastic(false).build(), 4),  // linear regression
                Arguments.of(NetworkSpec.builder(2, 2).build(), 3));                      // linear, two heads
    }

    @ParameterizedTest
    @MethodSource("cases")
    void jacobianMatchesFiniteDifferences(NetworkSpec spec, int b) {
        FeedForwardNetwork net = new FeedForwardNetwork(spec);
        SplittableRandom rng = new SplittableRandom(17);
        double[] theta = net.initialParameters(rng);
        for (int k = 0; k < theta.length; k++) {
            theta[k] *= 3; // larger weights: saturated and curved tanh units, not just the near-linear regime
        }
        double[] x = new double[b * spec.inDim()];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * rng.nextGaussian();
        }
        NetworkJacobian jac = new NetworkJacobian(spec);
        int p = jac.numParams();
        int d = spec.outDim();
        boolean het = spec.heteroskedastic();
        double[] mean = new double[b * d];
        double[] raw = het ? new double[b * d] : null;
        double[] jm = new double[b * d * p];
        double[] jr = het ? new double[b * d * p] : null;
        java.util.Arrays.fill(jm, Double.NaN); // every entry must be written, zeros included
        jac.evaluate(theta, 0, x, b, mean, raw, jm, jr);

        Outputs base = outputs(net, theta, x, b);
        for (int k = 0; k < b * d; k++) {
            // same operations as the fused kernel up to summation order: agreement to a few ulps of O(1) values
            assertEquals(base.mean[k], mean[k], 1e-12, "mean " + k);
            if (het) {
                assertEquals(base.scale[k], spec.scaleTransform().apply(raw[k]), 1e-12, "scale " + k);
            }
        }
        double h = 1e-5;
        double worst = 0;
        for (int q = 0; q < p; q++) {
            double keep = theta[q];
            theta[q] = keep + h;
            Outputs plus = outputs(net, theta, x, b);
            theta[q] = keep - h;
            Outputs minus = outputs(net, theta, x, b);
            theta[q] = keep;
            for (int k = 0; k < b * d; k++) {
                double fd = (plus.mean[k] - minus.mean[k]) / (2 * h);
                worst = Math.max(worst, relErr(fd, jm[k * p + q]));
                if (het) {
                    double fds = (plus.scale[k] - minus.scale[k]) / (2 * h);
                    double an = spec.scaleTransform().derivative(raw[k]) * jr[k * p + q];
                    worst = Math.max(worst, relErr(fds, an));
                }
            }
        }
        assertTrue(worst <= 1e-6, "worst relative Jacobian error " + worst + " for " + spec.describe());
    }

    @Test
    void featuresAreTheLastHiddenLayerAndOffsetsAreHonoured() {
        NetworkSpec spec = NetworkSpec.builder(2, 1).hidden(3, 4).build();
        NetworkJacobian jac = new NetworkJacobian(spec);
        int p = jac.numParams();
        SplittableRandom rng = new SplittableRandom(3);
        double[] theta = new FeedForwardNetwork(spec).initialParameters(rng);
        double[] padded = new double[p + 5];
        System.arraycopy(theta, 0, padded, 5, p);
        double[] x = {0.3, -1.2, 2.0, 0.5};
        double[] f = new double[2 * 4];
        jac.features(padded, 5, x, 2, f);
        // the mean head is linear in the features: mean = f . W + b
        double[] mean = new double[2];
        double[] raw = new double[2];
        jac.evaluate(padded, 5, x, 2, mean, raw, null, null);
        ParameterLayout layout = new ParameterLayout(spec);
        for (int i = 0; i < 2; i++) {
            double m = theta[layout.meanBiasOffset()];
            for (int k = 0; k < 4; k++) {
                m += f[i * 4 + k] * theta[layout.meanWeightOffset() + k];
            }
            assertEquals(m, mean[i], 1e-14);
        }
    }

    @Test
    void preconditions() {
        NetworkSpec het = NetworkSpec.builder(1, 1).hidden(2).build();
        NetworkSpec homo = NetworkSpec.builder(1, 1).hidden(2).heteroskedastic(false).build();
        double[] t = new double[new ParameterLayout(het).size()];
        double[] x = {1.0};
        double[] one = new double[1];
        NetworkJacobian j = new NetworkJacobian(het);
        assertThrows(IllegalArgumentException.class, () -> j.evaluate(t, 0, x, 1, one, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> j.evaluate(t, 1, x, 1, one, one, null, null));
        assertThrows(IllegalArgumentException.class, () -> j.evaluate(t, 0, x, 2, one, one, null, null));
        assertThrows(IllegalArgumentException.class, () -> j.evaluate(t, 0, x, 0, one, one, null, null));
        assertThrows(IllegalArgumentException.class, () -> j.evaluate(t, 0, x, 1, one, one, new double[3], null));
        double[] th = new double[new ParameterLayout(homo).size()];
        assertThrows(IllegalArgumentException.class,
                () -> new NetworkJacobian(homo).evaluate(th, 0, x, 1, one, one, null, null));
        assertThrows(NullPointerException.class, () -> new NetworkJacobian(null));
    }

    private record Outputs(double[] mean, double[] scale) {
    }

    private static Outputs outputs(FeedForwardNetwork net, double[] theta, double[] x, int b) {
        NetworkKernel k = new FusedCpuKernel(net.spec());
        KernelWorkspace ws = k.newForwardWorkspace(1, b);
        k.forward(ws, theta, theta.length, 1, x, b);
        int len = b * net.spec().outDim();
        return new Outputs(java.util.Arrays.copyOf(ws.mean(), len),
                net.spec().heteroskedastic() ? java.util.Arrays.copyOf(ws.scale(), len) : null);
    }

    private static double relErr(double a, double b) {
        return Math.abs(a - b) / Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
    }
}
