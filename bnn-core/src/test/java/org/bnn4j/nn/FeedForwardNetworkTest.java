package org.bnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.nn.internal.KernelFixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** FeedForwardNetwork over both kernels, its initialisation, and the preconditions of the network types. */
class FeedForwardNetworkTest {
    private static final NetworkSpec SPEC = NetworkSpec.builder(2, 2).hidden(6, 5).build();

    private static INDArray inputs(int b, int in, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[b * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        return Nd4j.create(x, new long[] {b, in}, DataType.DOUBLE);
    }

    /** Same numbers through the public API with either kernel; 1e-12 as in KernelAgreementTest. */
    @Test
    void nd4jAndFusedKernelsGiveTheSameForwardAndBackward() {
        for (NetworkSpec spec : new NetworkSpec[] {SPEC, NetworkSpec.builder(3, 1).hidden(4, 4).heteroskedastic(false)
                .activation(Activation.RELU).build()}) {
            FeedForwardNetwork fused = new FeedForwardNetwork(spec, KernelType.FUSED_CPU, DataType.DOUBLE);
            FeedForwardNetwork nd4j = new FeedForwardNetwork(spec, KernelType.ND4J, DataType.DOUBLE);
            INDArray w = fused.initParameters(3, new SplittableRandom(7));
            INDArray x = inputs(5, spec.inDim(), 8);
            NetworkOutput a = fused.forward(w, x);
            NetworkOutput b = nd4j.forward(w, x);
            assertClose(a.mean(), b.mean());
            if (spec.heteroskedastic()) {
                assertClose(a.scale(), b.scale());
            } else {
                assertNull(a.scale());
                assertNull(b.scale());
            }
            INDArray gm = Nd4j.create(DataType.DOUBLE, 3, 5, spec.outDim()).assign(0.3);
            INDArray gs = spec.heteroskedastic() ? gm.mul(-2.0) : null;
            assertClose(fused.backward(w, x, gm, gs), nd4j.backward(w, x, gm, gs));
        }
    }

    private static void assertClose(INDArray a, INDArray b) {
        assertArrayEquals(a.shape(), b.shape());
        double err = KernelFixture.maxRelError(Arrays2.toDoubles(a), Arrays2.toDoubles(b));
        assertTrue(err <= 1e-12, "relative error " + err);
    }

    @Test
    void float32NetworkReturnsFloat32() {
        FeedForwardNetwork net = new FeedForwardNetwork(SPEC, KernelType.ND4J, DataType.FLOAT);
        INDArray w = net.initParameters(2, new SplittableRandom(1));
        assertEquals(DataType.FLOAT, w.dataType());
        NetworkOutput out = net.forward(w, inputs(4, 2, 2).castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, out.mean().dataType());
        assertArrayEquals(new long[] {2, 4, 2}, out.mean().shape());
    }

    @Test
    void initialisationIsBoundedByFanInAndSeeded() {
        FeedForwardNetwork net = new FeedForwardNetwork(SPEC);
        double[] p = net.initialParameters(new SplittableRandom(3));
        assertEquals(net.numParams(), p.length);
        for (ParameterLayout.Slice s : net.layout().slices()) {
            double bound = 1.0 / Math.sqrt(s.fanIn());
            for (int k = s.offset(); k < s.offset() + s.size(); k++) {
                assertTrue(Math.abs(p[k]) <= bound, s.name() + "[" + k + "] = " + p[k] + " outside +-" + bound);
            }
        }
        assertArrayEquals(p, net.initialParameters(new SplittableRandom(3)), 0.0);
        assertFalse(java.util.Arrays.equals(p, net.initialParameters(new SplittableRandom(4))));
        assertArrayEquals(Arrays2.toDoubles(net.initParameters(3, new SplittableRandom(5))),
                Arrays2.toDoubles(net.initParameters(3, new SplittableRandom(5))), 0.0);
    }

    @Test
    void forwardAndBackwardRejectBadShapesAndValues() {
        FeedForwardNetwork net = new FeedForwardNetwork(SPEC);
        INDArray w = net.initParameters(2, new SplittableRandom(1));
        INDArray x = inputs(4, 2, 1);
        INDArray g = Nd4j.zeros(DataType.DOUBLE, 2, 4, 2);
        assertThrows(IllegalArgumentException.class, () -> net.forward(w, inputs(4, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> net.forward(Nd4j.zeros(DataType.DOUBLE, 2, 5), x));
        assertThrows(IllegalArgumentException.class, () -> net.forward(w, Nd4j.zeros(DataType.DOUBLE, 8)));
        INDArray nanX = x.dup();
        nanX.putScalar(1, 1, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> net.forward(w, nanX));
        assertThrows(IllegalArgumentException.class, () -> net.backward(w, x, Nd4j.zeros(DataType.DOUBLE, 2, 4, 1), g));
        assertThrows(IllegalArgumentException.class, () -> net.backward(w, x, g, Nd4j.zeros(DataType.DOUBLE, 1, 4, 2)));
        assertThrows(IllegalArgumentException.class, () -> net.backward(w, inputs(3, 2, 1), g, g));
        assertThrows(NullPointerException.class, () -> net.backward(w, x, g, null));
        assertThrows(IllegalArgumentException.class, () -> net.initParameters(0, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new FeedForwardNetwork(SPEC, KernelType.AUTO, DataType.HALF));
        assertThrows(IllegalArgumentException.class, () -> new FeedForwardNetwork(SPEC, KernelType.ND4J, DataType.INT));
    }

    @Test
    void specAndTransformPreconditions() {
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder(0, 1).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder(1, 0).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder(1, 1).hidden(4, 0).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder(1, 1).hidden(-3).build());
        assertThrows(NullPointerException.class, () -> NetworkSpec.builder(1, 1).activation(null).build());
        assertThrows(NullPointerException.class, () -> NetworkSpec.builder(1, 1).scaleTransform(null).build());
        assertThrows(IllegalArgumentException.class, () -> new ScaleTransform.Clamp(0.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new ScaleTransform.Clamp(0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ScaleTransform.Clamp(0.5, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new ScaleTransform.Clamp(Double.NaN, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new ScaleTransform.Softplus(0.0));
        assertThrows(IllegalArgumentException.class, () -> new ScaleTransform.Softplus(-1e-3));
        assertThrows(IllegalArgumentException.class, () -> new ScaleTransform.Softplus(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Activation.parse("sigmoid"));
        assertThrows(IllegalArgumentException.class, () -> Activation.parse(null));
        assertEquals(Activation.RELU, Activation.parse(" ReLU "));
        assertEquals(Activation.TANH, Activation.parse("tanh"));
    }

    /** The stable softplus stays finite where exp overflows, and the derivative is the logistic sigmoid. */
    @Test
    void softplusIsStable() {
        ScaleTransform t = new ScaleTransform.Softplus(1e-3);
        assertEquals(800.0 + 1e-3, t.apply(800.0), 1e-12);
        assertEquals(1e-3, t.apply(-800.0), 1e-15);
        assertEquals(Math.log(2) + 1e-3, t.apply(0.0), 1e-15);
        assertEquals(0.5, t.derivative(0.0), 0.0);
        assertEquals(1.0, t.derivative(800.0), 0.0);
        assertEquals(0.0, t.derivative(-800.0), 1e-300);
    }
}
