package org.bnn4j.nn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ScaleTransform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The ND4J kernel against the fused CPU kernel on random networks: same outputs and gradients to 1e-12 relative to
 * max(1, |value|) in float64 (the DESIGN's requirement; both compute the same sums in different orders and tanh by
 * different exact formulas, so the differences are a few ulps times the depth), and within float32 rounding in
 * float32.
 */
class KernelAgreementTest {

    /** float64 agreement required by DESIGN.md. */
    static final double TOL64 = 1e-12;
    /**
     * float32: unit roundoff u = 6e-8; a dot product of length K has relative error up to about K u (Higham, Accuracy
     * and Stability of Numerical Algorithms, 2002, sec. 3.1). The longest chains here are 3 contractions of length
     * <= 9 plus a batch sum of 9 terms, K ~ 40, so ~2.4e-6; 1e-5 leaves 4x for the amplification by the activation
     * derivatives (observed worst: 1.6e-6), and any real bug gives errors of O(1e-2) or more.
     */
    static final double TOL32 = 1e-5;

    static Stream<Arguments> cases() {
        List<NetworkSpec> specs = List.of(
                NetworkSpec.builder(1, 2).hidden(8, 6).build(),
                NetworkSpec.builder(3, 2).hidden(7, 5, 4).activation(Activation.RELU).build(),
                NetworkSpec.builder(1, 2).hidden(9, 5).heteroskedastic(false).activation(Activation.RELU).build(),
                NetworkSpec.builder(4, 2).hidden(6, 7).heteroskedastic(false).build(),
                NetworkSpec.builder(2, 2).hidden(5, 6).scaleTransform(new ScaleTransform.Clamp(0.2, 1.5)).build(),
                NetworkSpec.builder(3, 2).hidden(6, 5).activation(Activation.RELU)
                        .scaleTransform(new ScaleTransform.Clamp(0.1, 2.0)).build(),
                // width-1 layers and D = 1 exercise the broadcast paths that replace matmuls with inner size 1
                NetworkSpec.builder(1, 1).hidden(1, 4, 1).build(),
                NetworkSpec.builder(1, 1).hidden(5, 3).heteroskedastic(false).build(),
                NetworkSpec.builder(1, 1).hidden(50).build(),
                // one hidden layer on a 1-d input: the fused kernel's unit-major path (ReLU, homoskedastic)
                NetworkSpec.builder(1, 1).hidden(6).activation(Activation.RELU).build(),
                NetworkSpec.builder(1, 1).hidden(6).activation(Activation.RELU).heteroskedastic(false).build(),
                NetworkSpec.builder(1, 1).hidden(7).heteroskedastic(false).build(),
                NetworkSpec.builder(3, 1).hidden(5, 4).activation(Activation.RELU).build(),
                // the fused kernel's unit-major path for one hidden layer and D = 1 on wider inputs (UCI-like nets)
                NetworkSpec.builder(13, 1).hidden(50).build(),
                NetworkSpec.builder(8, 1).hidden(9).heteroskedastic(false).build(),
                NetworkSpec.builder(2, 1).hidden(5).scaleTransform(new ScaleTransform.Clamp(0.2, 1.5)).build(),
                NetworkSpec.builder(13, 1).hidden(50).activation(Activation.RELU).heteroskedastic(false).build(),
                // no hidden layers: the heads read the inputs directly
                NetworkSpec.builder(3, 2).build(),
                NetworkSpec.builder(1, 1).heteroskedastic(false).build());
        List<Arguments> args = new ArrayList<>();
        long seed = 11;
        for (NetworkSpec spec : specs) {
            for (int n : new int[] {1, 4}) {
                args.add(Arguments.of(spec, n, seed++));
            }
        }
        return args.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void nd4jFloat64MatchesFused(NetworkSpec spec, int n, long seed) {
        KernelFixture f = new KernelFixture(spec, n, 9, seed);
        KernelFixture.Result fused = f.run(new FusedCpuKernel(spec));
        KernelFixture.Result nd4j = f.run(new Nd4jKernel(spec, DataType.DOUBLE));
        assertClose(fused, nd4j, TOL64, spec + " n=" + n);
        assertSentinelsKept(f, nd4j.grad());
        assertSentinelsKept(f, fused.grad());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void nd4jFloat32MatchesFloat64(NetworkSpec spec, int n, long seed) {
        KernelFixture f = new KernelFixture(spec, n, 9, seed);
        KernelFixture.Result d = f.run(new Nd4jKernel(spec, DataType.DOUBLE));
        KernelFixture.Result s = f.run(new Nd4jKernel(spec, DataType.FLOAT));
        assertClose(d, s, TOL32, spec + " n=" + n + " float32");
        assertSentinelsKept(f, s.grad());
    }

    static void assertClose(KernelFixture.Result a, KernelFixture.Result b, double tol, String what) {
        double mean = KernelFixture.maxRelError(a.mean(), b.mean());
        double scale = KernelFixture.maxRelError(a.scale(), b.scale());
        double raw = KernelFixture.maxRelError(a.rawScale(), b.rawScale());
        double grad = KernelFixture.maxRelError(a.grad(), b.grad());
        assertTrue(mean <= tol && scale <= tol && raw <= tol && grad <= tol, what + ": relative errors mean=" + mean
                + " scale=" + scale + " rawScale=" + raw + " grad=" + grad + " > " + tol);
    }

    static void assertSentinelsKept(KernelFixture f, double[] grad) {
        for (int s = 0; s < f.n; s++) {
            for (int k = f.p; k < f.stride; k++) {
                assertEquals(KernelFixture.SENTINEL, grad[s * f.stride + k], "grad entry beyond P was written");
            }
        }
    }
}
