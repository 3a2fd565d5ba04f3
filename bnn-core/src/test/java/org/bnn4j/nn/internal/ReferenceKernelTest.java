package org.bnn4j.nn.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ScaleTransform;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference kernel on answers worked out by hand, and its place among the kernels. (Its gradient against finite
 * differences and its contract are in {@link KernelGradientTest} and {@link KernelContractTest}.)
 */
class ReferenceKernelTest {

    /** 2-2-2 ReLU, heteroskedastic with a clamp: integer and half weights, so every kernel computes exactly. */
    private static final NetworkSpec RELU = NetworkSpec.builder(2, 2).hidden(2).activation(Activation.RELU)
            .scaleTransform(new ScaleTransform.Clamp(0.5, 100)).build();

    /**
     * Layout: W [in, out] row-major at 0, b at 4, mean head [last, D] at 6 and its bias at 10, scale head at 12 and
     * its bias at 16.
     */
    private static final double[] RELU_PARAMS = {
        1, -1, 2, 3, // W = [[1, -1], [2, 3]]
        1, -2, // b
        1, 2, -1, 1, // mean head [[1, 2], [-1, 1]]
        0.5, -1, // mean bias
        1, 0, 0, 2, // scale head [[1, 0], [0, 2]]
        1, 0.25}; // scale bias

    private static final double[] X = {1, 2, 3, -1};
    private static final double[] G_MEAN = {1, -1, 2, 1};
    private static final double[] G_SCALE = {0.5, 1, -1, 3};

    /**
     * Point (1, 2): z = (1 + 1 + 4, -2 - 1 + 6) = (6, 3), both units on; mean = (0.5 + 6 - 3, -1 + 12 + 3) = (3.5, 14);
     * raw = (1 + 6, 0.25 + 6) = (7, 6.25). Point (3, -1): z = (1 + 3 - 2, -2 - 3 - 3) = (2, -8), the second unit
     * off; mean = (0.5 + 2, -1 + 4) = (2.5, 3); raw = (1 + 2, 0.25) = (3, 0.25), clamped to 0.5 (derivative 0).
     * Gradient of {@code sum gMean mean + sum gScale scale}: point 1 has head gradients (1, -1) and (0.5, 1),
     * dh = (1 - 2 + 0.5, -1 - 1 + 2) = (-0.5, 0); point 2 has (2, 1) and (-1, 0) (clamped), dh = (2 + 2 - 1,
     * -2 + 1) = (3, -1), of which only the live unit's 3 passes. Summing h gMean, h gRaw, x dz and dz over the points
     * gives the vector below.
     */
    @Test
    void reluNetMatchesTheHandComputation() {
        double[] wantGrad = {8.5, 0, -4, 0, 2.5, 0, 10, -4, 3, -3, 3, 0, 1, 6, 1.5, 3, -0.5, 1};
        for (NetworkKernel k : List.of(new ReferenceKernel(RELU), new FusedCpuKernel(RELU),
                new Nd4jKernel(RELU, DataType.DOUBLE), new Nd4jKernel(RELU, DataType.FLOAT))) {
            KernelWorkspace ws = k.newWorkspace(1, 2);
            k.forward(ws, RELU_PARAMS, RELU_PARAMS.length, 1, X, 2);
            assertArrayEquals(new double[] {3.5, 14, 2.5, 3}, Arrays.copyOf(ws.mean(), 4), 0.0, k.toString());
            assertArrayEquals(new double[] {7, 6.25, 3, 0.25}, Arrays.copyOf(ws.rawScale(), 4), 0.0, k.toString());
            assertArrayEquals(new double[] {7, 6.25, 3, 0.5}, Arrays.copyOf(ws.scale(), 4), 0.0, k.toString());
            double[] grad = new double[RELU_PARAMS.length];
            k.backward(ws, RELU_PARAMS, RELU_PARAMS.length, X, G_MEAN, G_SCALE, grad);
            assertArrayEquals(wantGrad, grad, 0.0, k.toString());
        }
    }

    /**
     * 1-1-1 tanh with the default softplus: x = 0.5, W = 2, b = 0 so z = 1; mean head 3, bias 0.25; scale head 0,
     * bias ln 3, so raw = ln 3, scale = ln 4 + 1e-3 and d scale / d raw = 3/4. With gMean = gScale = 1:
     * dh = 3 + 0 * 3/4, dz = 3 sech^2(1). Constants to 16 digits: tanh(1) = 0.7615941559557649,
     * sech^2(1) = 0.41997434161402614, ln 4 = 1.3862943611198906. Tolerance: StrictMath's tanh, exp and log1p are within
     * 1 ulp and each value takes at most a few further roundings; 4e-16 relative is two ulps.
     */
    @Test
    void tanhSoftplusNetMatchesKnownConstants() {
        NetworkSpec spec = NetworkSpec.builder(1, 1).hidden(1).build();
        double ln3 = 1.0986122886681098;
        double[] p = {2, 0, 3, 0.25, 0, ln3};
        ReferenceKernel k = new ReferenceKernel(spec);
        KernelWorkspace ws = k.newWorkspace(1, 1);
        k.forward(ws, p, p.length, 1, new double[] {0.5}, 1);
        double tanh1 = 0.7615941559557649;
        double sech2 = 0.41997434161402614;
        assertClose(0.25 + 3 * tanh1, ws.mean()[0]);
        assertClose(ln3, ws.rawScale()[0]);
        assertClose(1.3862943611198906 + 1e-3, ws.scale()[0]);
        double[] grad = new double[p.length];
        k.backward(ws, p, p.length, new double[] {0.5}, new double[] {1}, new double[] {1}, grad);
        double[] want = {0.5 * 3 * sech2, 3 * sech2, tanh1, 1, 0.75 * tanh1, 0.75};
        for (int i = 0; i < want.length; i++) {
            assertClose(want[i], grad[i]);
        }
    }

    private static void assertClose(double want, double got) {
        assertEquals(want, got, 4e-16 * Math.abs(want), "want " + want);
    }

    @Test
    void isChosenOnlyWhenAskedFor() {
        NetworkSpec seed = NetworkSpec.builder(1, 1).hidden(50).build();
        assertEquals(KernelType.REFERENCE, Kernels.select(KernelType.REFERENCE, seed, 4, 400));
        for (int n : new int[] {1, 64}) {
            for (int b : new int[] {1, 4096}) {
                assertNotEquals(KernelType.REFERENCE, Kernels.select(KernelType.AUTO, seed, n, b));
            }
        }
        assertInstanceOf(ReferenceKernel.class, Kernels.create(seed, KernelType.REFERENCE, DataType.FLOAT));
    }

    /** The public API evaluates through it like through the other kernels (and the class javadoc's example runs). */
    @Test
    void evaluatesThroughTheNetworkApi() {
        NetworkSpec spec = NetworkSpec.builder(1, 1).hidden(50).build();
        NetworkKernel ref = Kernels.create(spec, KernelType.REFERENCE, DataType.DOUBLE);
        KernelWorkspace ws = ref.newWorkspace(1, 3);
        double[] params = new FeedForwardNetwork(spec).initialParameters(new SplittableRandom(1));
        ref.forward(ws, params, params.length, 1, new double[] {-1, 0, 1}, 3);
        double[] means = Arrays.copyOf(ws.mean(), 3);

        FeedForwardNetwork net = new FeedForwardNetwork(spec, KernelType.REFERENCE, DataType.DOUBLE);
        INDArray w = Nd4j.create(params, new long[] {1, params.length}, DataType.DOUBLE);
        INDArray x = Nd4j.create(new double[] {-1, 0, 1}, new long[] {3, 1}, DataType.DOUBLE);
        assertArrayEquals(means, net.forward(w, x).mean().data().asDouble(), 0.0);
    }

    @Test
    void rejectsAForeignWorkspaceAndABackwardBeforeTheForward() {
        ReferenceKernel k = new ReferenceKernel(RELU);
        KernelWorkspace foreign = new ReferenceKernel(RELU).newWorkspace(1, 2);
        assertThrows(IllegalArgumentException.class, () -> k.forward(foreign, RELU_PARAMS, 18, 1, X, 2));
        KernelWorkspace ws = k.newWorkspace(1, 2);
        assertThrows(IllegalStateException.class,
                () -> k.backward(ws, RELU_PARAMS, 18, X, G_MEAN, G_SCALE, new double[18]));
    }
}
