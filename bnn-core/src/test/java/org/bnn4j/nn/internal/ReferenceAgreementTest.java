package org.bnn4j.nn.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ScaleTransform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every kernel path against {@link ReferenceKernel}: outputs and gradients agree within the sum of the two kernels'
 * error bounds ({@link ErrorBound}, derived from unit roundoff, the tanh and softplus approximations' documented
 * errors and the conditioning of each sum), at batch sizes on both sides of every tile and block boundary.
 *
 * <p>The paths of {@link FusedCpuKernel} and where their boundaries lie:
 * <ul>
 *   <li>unit-major (one hidden layer, D = 1) with a backward pass: the whole batch is one tile; the backward pass
 *       folds the batch in half ({@code h = b / 2}, an odd batch's last point apart) and sums the folded terms two
 *       at a time ({@code h} odd or even), so b = 1 to 7 meet every case; the heads sum units two at a time (odd and
 *       even widths) and z takes input columns two at a time (inputs 1, 2, 3 and 13 wide);</li>
 *   <li>unit-major forward-only ({@link NetworkKernel#newForwardWorkspace}): tiles of 128 points, so b = 127, 128,
 *       129, 255, 256, 257;</li>
 *   <li>row-major (two or more hidden layers, D > 1, no hidden layer), both workspaces: tiles of 128 points; four
 *       points per pass on a 1-d input and in the D = 1 heads (b mod 4), dot products in fours (widths mod 4),
 *       width-1 layers;</li>
 *   <li>several weight samples (n = 3): on the fork-join pool when the work is large enough (30 cases: the four
 *       widest nets from b = 127, two narrower ones from b = 255), and the same kernel built serial.</li>
 * </ul>
 * The ND4J kernel, in float64 and float32, on the same nets (its width-1 layers, single head and missing hidden
 * layer take broadcast products instead of matmuls). Every case also keeps the caller's gradient columns beyond P.
 *
 * <p>Checked to fail: each path was broken on purpose, one at a time, and this class run (then restored, and it
 * passed again). Fused kernel, 390 cases: the forward-only unit-major tile made to stop one point short
 * ({@code forwardSample}: {@code Math.min(b, r0 + TILE_ROWS) - 1}): 60 failed, every unit-major case with b >= 128;
 * the odd batch's last point dropped from the fold ({@code FusedUnitBackward.backward}: {@code hb > h} made false):
 * 96, every unit-major case with an odd b; the head's unpaired last unit dropped
 * ({@code FusedUnitForward.headForward}: {@code j < w} made {@code j < w - 1}): 75 of the 78 odd-width cases (in the
 * other three that ReLU unit is off at every point); z's unpaired last input column dropped
 * ({@code FusedUnitForward.preActivation}): the 26 cases of the 2-wide input (3 and 13 columns pair up after the
 * first); the row-major remainder loop started one point late ({@code FusedRowForward.forward}: {@code i = i1 + 1}):
 * 176; the row-major backward pass stopped one point short ({@code FusedRowBackward.backward}): 180; the dot
 * product's remainder made one term short ({@code FusedRowForward.dot}): 229; the scale bias gradient dropped from
 * {@code FusedRowBackward.headBackwardSingle}: 52, every deep D = 1 heteroskedastic case; the parallel loop made to
 * skip the last sample ({@code IntStream.range(0, n - 1)} in {@code forward}): the 30 cases that run in parallel,
 * not their serial twins. ND4J kernel, 300 cases: the packed head rows exchanged ({@code PackedLayout.copyHeads}:
 * mean and scale swapped): all 300 failed (100 of them, the homoskedastic ones, by an index out of range); the
 * hidden biases' gradient unpacked one entry short: 260, every case with a hidden layer. Each failure named the
 * entry, both values and the bound, with differences of 1e-2 to 1e4 against bounds near 1e-13 (float64).
 */
class ReferenceAgreementTest {

    /** Both sides of the backward fold's cases (b mod 4), of one and two 128-point tiles. */
    static final int[] BATCHES = {1, 2, 3, 4, 5, 6, 7, 127, 128, 129, 255, 256, 257};
    /** The ND4J kernel has no tiles; a few sizes, small and on both sides of 128. */
    static final int[] ND4J_BATCHES = {1, 5, 128, 129, 257};

    /** One hidden layer and D = 1: the fused kernel's unit-major path. */
    static final List<NetworkSpec> UNIT_MAJOR = List.of(
            NetworkSpec.builder(1, 1).hidden(50).build(), // the seed net
            NetworkSpec.builder(1, 1).hidden(7).activation(Activation.RELU).heteroskedastic(false).build(),
            NetworkSpec.builder(2, 1).hidden(8).scaleTransform(new ScaleTransform.Clamp(0.2, 1.5)).build(),
            NetworkSpec.builder(3, 1).hidden(5).activation(Activation.RELU).build(),
            NetworkSpec.builder(13, 1).hidden(50).activation(Activation.RELU).heteroskedastic(false).build(),
            NetworkSpec.builder(13, 1).hidden(9).build());

    /** Deeper nets, D = 2 and no hidden layer: the row-major path. */
    static final List<NetworkSpec> ROW_MAJOR = List.of(
            NetworkSpec.builder(1, 1).hidden(9, 5).build(),
            NetworkSpec.builder(3, 1).hidden(7, 6).activation(Activation.RELU).heteroskedastic(false).build(),
            NetworkSpec.builder(1, 2).hidden(6).build(),
            NetworkSpec.builder(4, 2).hidden(5).activation(Activation.RELU)
                    .scaleTransform(new ScaleTransform.Clamp(0.1, 2.0)).build(),
            NetworkSpec.builder(2, 2).hidden(8, 6, 4).heteroskedastic(false).build(),
            NetworkSpec.builder(1, 1).hidden(1, 4, 1).build(),
            NetworkSpec.builder(5, 2).hidden(20, 10).activation(Activation.RELU).build(),
            NetworkSpec.builder(3, 2).build(),
            NetworkSpec.builder(1, 1).heteroskedastic(false).build());

    static Stream<Arguments> fusedCases() {
        return cases(BATCHES);
    }

    static Stream<Arguments> nd4jCases() {
        return cases(ND4J_BATCHES);
    }

    private static Stream<Arguments> cases(int[] batches) {
        List<NetworkSpec> specs = new ArrayList<>(UNIT_MAJOR);
        specs.addAll(ROW_MAJOR);
        List<Arguments> args = new ArrayList<>();
        long seed = 1000;
        for (NetworkSpec spec : specs) {
            for (int b : batches) {
                for (int n : new int[] {1, 3}) {
                    args.add(Arguments.of(spec, n, b, seed++));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} n={1} b={2}")
    @MethodSource("fusedCases")
    void fusedMatchesReference(NetworkSpec spec, int n, int b, long seed) {
        KernelFixture f = new KernelFixture(spec, n, b, seed);
        KernelFixture.Result ref = f.run(new ReferenceKernel(spec));
        ErrorBound.Bounds refBound = ErrorBound.of(f, ErrorBound.REFERENCE);
        ErrorBound.Bounds bound = ErrorBound.of(f, ErrorBound.FUSED);
        assertMeaningful(ref, refBound, bound, 1e-9, spec.describe());
        for (boolean parallel : new boolean[] {true, false}) {
            FusedCpuKernel k = new FusedCpuKernel(spec, parallel);
            String what = spec.describe() + " n=" + n + " b=" + b + (parallel ? " parallel" : " serial");
            assertAgree(ref, refBound, f.run(k), bound, what);
            assertAgree(ref, refBound, f.runForwardOnly(k), bound, what + " forward-only");
        }
    }

    @ParameterizedTest(name = "{0} n={1} b={2}")
    @MethodSource("nd4jCases")
    void nd4jFloat64MatchesReference(NetworkSpec spec, int n, int b, long seed) {
        checkNd4j(spec, n, b, seed, DataType.DOUBLE, ErrorBound.ND4J_64, 1e-9);
    }

    @ParameterizedTest(name = "{0} n={1} b={2}")
    @MethodSource("nd4jCases")
    void nd4jFloat32MatchesReference(NetworkSpec spec, int n, int b, long seed) {
        checkNd4j(spec, n, b, seed, DataType.FLOAT, ErrorBound.ND4J_32, 1e-2);
    }

    private static void checkNd4j(NetworkSpec spec, int n, int b, long seed, DataType dtype, ErrorBound.Model model,
                                  double meaningful) {
        KernelFixture f = new KernelFixture(spec, n, b, seed);
        KernelFixture.Result ref = f.run(new ReferenceKernel(spec));
        ErrorBound.Bounds refBound = ErrorBound.of(f, ErrorBound.REFERENCE);
        ErrorBound.Bounds bound = ErrorBound.of(f, model);
        assertMeaningful(ref, refBound, bound, meaningful, spec.describe());
        assertAgree(ref, refBound, f.run(new Nd4jKernel(spec, dtype)), bound,
                spec.describe() + " n=" + n + " b=" + b + " " + dtype);
    }

    /**
     * The ND4J model's tanh error (9u) assumes ND4J's sigmoid is within 4u of the exact value: checked here on a
     * grid over [-40, 40] in both dtypes (measured: 2u in float64, 1.5u in float32).
     */
    @Test
    void nd4jSigmoidIsWithinFourUnitRoundoffs() {
        int len = 20_001;
        double[] t = new double[len];
        for (int i = 0; i < len; i++) {
            t[i] = -40 + 80.0 * i / (len - 1);
        }
        for (DataType dtype : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray x = Nd4j.createFromArray(t).castTo(dtype);
            INDArray y = x.dup();
            Nd4j.exec(new Sigmoid(y, y));
            double[] xs = x.castTo(DataType.DOUBLE).toDoubleVector();
            double[] ys = y.castTo(DataType.DOUBLE).toDoubleVector();
            double u = dtype == DataType.DOUBLE ? ErrorBound.U64 : ErrorBound.U32;
            for (int i = 0; i < len; i++) {
                double exact = 1.0 / (1.0 + StrictMath.exp(-xs[i]));
                assertTrue(Math.abs(ys[i] - exact) <= 4 * u, dtype + " sigmoid(" + xs[i] + ") = " + ys[i]
                        + " is more than 4u from " + exact);
            }
        }
    }

    /** Each entry: |got - ref| <= bound(got) + bound(ref); NaN fails. */
    static void assertAgree(KernelFixture.Result ref, ErrorBound.Bounds refBound, KernelFixture.Result got,
                            ErrorBound.Bounds bound, String what) {
        check("mean", ref.mean(), refBound.mean(), got.mean(), bound.mean(), what);
        check("scale", ref.scale(), refBound.scale(), got.scale(), bound.scale(), what);
        check("rawScale", ref.rawScale(), refBound.rawScale(), got.rawScale(), bound.rawScale(), what);
        if (got.grad().length > 0) {
            check("grad", ref.grad(), refBound.grad(), got.grad(), bound.grad(), what);
        }
    }

    private static void check(String name, double[] ref, double[] refBound, double[] got, double[] bound,
                              String what) {
        for (int k = 0; k < ref.length; k++) {
            double tol = refBound[k] + bound[k];
            double diff = Math.abs(got[k] - ref[k]);
            if (!(diff <= tol)) {
                throw new AssertionError(what + ": " + name + "[" + k + "] = " + got[k] + " but the reference gives "
                        + ref[k] + " (difference " + diff + ", bound " + tol + ")");
            }
        }
    }

    /**
     * The bounds must be small beside the values, or a real discrepancy could hide in them: the largest bound of each
     * array is at most {@code rel} times the array's largest value (1e-9 in float64, 1e-2 in float32). Gradients are
     * exempt when their bound admits a jump at a kink (a ReLU unit or clamped scale within rounding of its kink: the
     * kernels may then take different sides, and the bound rightly includes the whole jump; it happens in float32).
     */
    private static void assertMeaningful(KernelFixture.Result ref, ErrorBound.Bounds refBound, ErrorBound.Bounds bound,
                                         double rel, String what) {
        assertMeaningful(ref.mean(), refBound.mean(), bound.mean(), rel, what + " mean");
        assertMeaningful(ref.scale(), refBound.scale(), bound.scale(), rel, what + " scale");
        if (refBound.jumps() + bound.jumps() == 0) {
            assertMeaningful(ref.grad(), refBound.grad(), bound.grad(), rel, what + " grad");
        }
    }

    private static void assertMeaningful(double[] values, double[] a, double[] c, double rel, String what) {
        double big = 0;
        double tol = 0;
        for (int k = 0; k < values.length; k++) {
            if (values[k] != KernelFixture.SENTINEL) {
                big = Math.max(big, Math.abs(values[k]));
            }
            tol = Math.max(tol, a[k] + c[k]);
        }
        assertTrue(tol <= rel * big, what + ": bound " + tol + " is not small beside values up to " + big);
    }
}
