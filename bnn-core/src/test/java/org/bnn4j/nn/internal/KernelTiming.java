package org.bnn4j.nn.internal;

import java.util.Arrays;
import java.util.Locale;
import org.bnn4j.nn.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Times forward + backward of both kernels (median over repetitions after warm-up); not a unit test.
 *
 * <p>Run from the worktree root:
 * <pre>
 * mvn -q -o -pl bnn-core test-compile
 * mvn -q -o -pl bnn-core dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * OMP_NUM_THREADS=1 java -cp bnn-core/target/test-classes:bnn-core/target/classes:$(cat /tmp/cp.txt) \
 *     org.bnn4j.nn.internal.KernelTiming [sweep]
 * </pre>
 * The fused kernel always computes in float64 (its float32 rows repeat the float64 timing).
 */
public final class KernelTiming {
    /** Repetitions per case, fewer when one repetition takes long (budget below). */
    private static final int MAX_REPS = 200;
    private static final double BUDGET_SECONDS = 4.0;

    private KernelTiming() {
    }

    /** @param args {@code sweep} for the AUTO threshold sweep, else the standard table */
    public static void main(String[] args) {
        NetworkSpec seed = NetworkSpec.builder(1, 1).hidden(50).build();
        NetworkSpec uci = NetworkSpec.builder(13, 1).hidden(100, 100).build();
        System.out.println("net | B | N | work (MACs/pass) | dtype | fused ms | nd4j ms | fused/nd4j");
        if (args.length > 0 && args[0].equals("sweep")) {
            for (int n : new int[] {1, 2, 4, 8, 16, 32, 64}) {
                row(seed, 400, n, DataType.DOUBLE);
            }
            for (int n : new int[] {1, 2, 4, 8, 16}) {
                row(NetworkSpec.builder(1, 1).hidden(100, 100).build(), 128, n, DataType.DOUBLE);
            }
            for (int n : new int[] {1, 2, 4}) {
                row(uci, 512, n, DataType.DOUBLE);
            }
            return;
        }
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (int n : new int[] {1, 32, 100}) {
                row(seed, 400, n, dt);
            }
            row(uci, 512, 32, dt);
        }
    }

    private static void row(NetworkSpec spec, int b, int n, DataType dt) {
        KernelFixture f = new KernelFixture(spec, n, b, 1);
        double fused = time(new FusedCpuKernel(spec), f);
        double nd4j = time(new Nd4jKernel(spec, dt), f);
        System.out.println(String.format(Locale.ROOT, "%s | %d | %d | %d | %s | %.3f | %.3f | %.2f", spec.describe(), b,
                n, Kernels.work(spec) * b * n, dt, fused, nd4j, fused / nd4j));
    }

    private static double time(NetworkKernel k, KernelFixture f) {
        KernelWorkspace ws = k.newWorkspace(f.n, f.b);
        double[] grad = new double[f.n * f.stride];
        long t0 = System.nanoTime();
        int warm = 0;
        while (warm < 20 && System.nanoTime() - t0 < 1e9) {
            step(k, ws, f, grad);
            warm++;
        }
        double perRep = (System.nanoTime() - t0) / 1e9 / warm;
        int reps = (int) Math.max(5, Math.min(MAX_REPS, BUDGET_SECONDS / perRep));
        double[] t = new double[reps];
        for (int r = 0; r < reps; r++) {
            long s = System.nanoTime();
            step(k, ws, f, grad);
            t[r] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    private static void step(NetworkKernel k, KernelWorkspace ws, KernelFixture f, double[] grad) {
        k.forward(ws, f.params, f.stride, f.n, f.x, f.b);
        k.backward(ws, f.params, f.stride, f.x, f.gMean, f.gScale, grad);
    }
}
