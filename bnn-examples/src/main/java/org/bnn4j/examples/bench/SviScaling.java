package org.bnn4j.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bnn4j.data.Dataset;
import org.bnn4j.examples.uci.UciCommand;
import org.bnn4j.examples.uci.UciInference;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.optim.StoppingRule;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.inference.svi.SviDiagnostics;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.Activation;
import org.bnn4j.predictive.Metrics;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SVI fit and prediction cost against the number of rows, on a synthetic regression set shaped like kin8nm (8
 * standard normal inputs, {@code y = sin x0 + 0.5 x1 x2 + tanh(x3 + x4) - 0.3 x5^2 + 0.2 x6 - 0.1 x7 + 0.2 eps}),
 * with the UCI protocol's net ({@code bnn uci}: 50 ReLU units, homoskedastic noise with a log-normal prior) and SVI
 * schedule (8000 Adam steps at 5e-3, cosine decay to 5 % over the last quarter). Each row prints the rows, the batch
 * plan, epochs and steps run, fit seconds (wall clock and the fitting thread's CPU time), test log-likelihood and RMSE on 2000 held-out rows (100 weight draws),
 * prediction seconds for all training rows (100 draws, in chunks of 10,000 rows), and the heap: the peak during the
 * fit ({@link MemoryProbe#peakHeapBytes}, reset after a full GC just before the fit, so it counts garbage not yet
 * collected), the raw data's size, the heap used after a full GC before the fit (the training and test rows, the
 * JVM's own objects), the bytes the fitting thread allocated during the fit, and the peak during the prediction of
 * all training rows (reset after a full GC just before it).
 *
 * <p>{@code SviScaling csv N FILE} writes N rows of the same function (seed 1) as a CSV file with a header
 * ({@code x0..x7,y}) for {@code bnn fit}; it refuses to overwrite a file. {@code SviScaling ensemble|map ROWS
 * [EPOCHS [BATCH]]} measures the peak heap of {@code bnn fit}'s default ensemble or of MAP instead
 * ({@link PointFitScaling}).
 *
 * <pre>{@code
 * java -cp bnn.jar org.bnn4j.examples.bench.SviScaling auto 400,4000,40000 [plateau] [seed]
 * java -cp bnn.jar org.bnn4j.examples.bench.SviScaling csv 1000000 synthetic.csv
 * java -cp bnn.jar org.bnn4j.examples.bench.SviScaling ensemble 40000,400000 20
 * }</pre>
 */
public final class SviScaling {

    private static final int IN = 8;
    private static final int TEST_ROWS = 2000;
    private static final int DRAWS = 100;
    private static final int CHUNK = 10_000;

    private SviScaling() {
    }

    /**
     * @param args {@code ensemble|map} (see {@link PointFitScaling}) or {@code full|auto|B} (full batch, {@link SviConfig#AUTO_BATCH}, or minibatches of B rows), a
     *             comma-separated list of row counts, optionally a stopping rule ({@link StoppingRule#parse}) and a
     *             seed
     */
    public static void main(String[] args) throws java.io.IOException {
        if (args[0].equals("csv")) {
            writeCsv(synthetic(Integer.parseInt(args[1]), new SplittableRandom(1)), java.nio.file.Path.of(args[2]));
            return;
        }
        if (args[0].equals("ensemble") || args[0].equals("map")) {
            PointFitScaling.main(args);
            return;
        }
        int batch = switch (args[0]) {
            case "full" -> 0;
            case "auto" -> SviConfig.AUTO_BATCH;
            default -> Integer.parseInt(args[0]);
        };
        StoppingRule stop = args.length > 2 ? StoppingRule.parse(args[2]) : StoppingRule.none();
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        System.out.println("rows,batch,epochs,steps,fitSeconds,fitCpuSeconds,cpuMsPerStep,testLl,testRmse,"
                + "predictSeconds,peakHeapMB,dataMB,baseHeapMB,fitAllocatedMB,predictPeakHeapMB");
        for (String r : args[1].split(",")) {
            row(Integer.parseInt(r.trim()), batch, stop, seed);
        }
    }

    private static void row(int n, int batch, StoppingRule stop, long seed) {
        Dataset train = synthetic(n, new SplittableRandom(seed));
        Dataset test = synthetic(TEST_ROWS, new SplittableRandom(seed + 1000));
        BayesianModel model = UciCommand.model(IN, 50, Activation.RELU, false, UciInference.SVI);
        SviConfig c = SviConfig.notebook().toBuilder().epochs(8000).learningRate(5e-3).finalLearningRateFraction(0.05)
                .decayFraction(0.25).batchSize(batch).stopping(stop).seed(seed).build();
        long base = MemoryProbe.now().heapBytes();
        resetPeaks();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long a0 = threads.getCurrentThreadAllocatedBytes();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Posterior q = new Svi(c).fit(model, train, FitOptions.defaults());
        double fit = (System.nanoTime() - t0) / 1e9;
        double fitCpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
        long allocated = threads.getCurrentThreadAllocatedBytes() - a0;
        long peak = MemoryProbe.peakHeapBytes();
        SviConfig.Plan plan = c.plan(n);
        int epochs = ((SviDiagnostics) q.diagnostics()).elbo().length;
        int perEpoch = plan.batchSize() == 0 ? 1 : (n + plan.batchSize() - 1) / plan.batchSize();
        long steps = (long) epochs * perEpoch;
        INDArray draws = q.predictionDraws(DRAWS, new SplittableRandom(seed + 7));
        var p = q.predict(test.x(), draws);
        double ll = Metrics.meanLogPredictiveDensity(p, test.y());
        double rmse = Metrics.rmse(p, test.y());
        MemoryProbe.now();
        resetPeaks();
        long t1 = System.nanoTime();
        for (int r0 = 0; r0 < n; r0 += CHUNK) {
            int len = Math.min(CHUNK, n - r0);
            q.predict(train.subset(IntStream.range(r0, r0 + len).toArray()).x(), draws);
        }
        double pred = (System.nanoTime() - t1) / 1e9;
        long predictPeak = MemoryProbe.peakHeapBytes();
        System.out.println(String.format(Locale.ROOT,
                "%d,%d,%d,%d,%.2f,%.2f,%.3f,%.4f,%.4f,%.2f,%.0f,%.1f,%.0f,%.0f,%.0f", n, plan.batchSize(), epochs,
                steps, fit, fitCpu, fitCpu * 1e3 / steps, ll, rmse, pred, peak / 1e6, n * (IN + 1) * 8 / 1e6,
                base / 1e6, allocated / 1e6, predictPeak / 1e6));
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static void writeCsv(Dataset d, java.nio.file.Path file) throws java.io.IOException {
        try (var w = java.nio.file.Files.newBufferedWriter(file, java.nio.file.StandardOpenOption.CREATE_NEW)) {
            w.write(String.join(",", IntStream.range(0, IN).mapToObj(j -> "x" + j).toList()) + ",y\n");
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < d.size(); i++) {
                line.setLength(0);
                for (int j = 0; j < IN; j++) {
                    line.append(d.x(i, j)).append(',');
                }
                w.write(line.append(d.y(i, 0)).append('\n').toString());
            }
        }
    }

    /** @return n rows of the synthetic kin8nm-shaped function */
    static Dataset synthetic(int n, SplittableRandom rng) {
        double[] x = new double[n * IN];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int o = i * IN;
            for (int j = 0; j < IN; j++) {
                x[o + j] = rng.nextGaussian();
            }
            y[i] = Math.sin(x[o]) + 0.5 * x[o + 1] * x[o + 2] + Math.tanh(x[o + 3] + x[o + 4])
                    - 0.3 * x[o + 5] * x[o + 5] + 0.2 * x[o + 6] - 0.1 * x[o + 7] + 0.2 * rng.nextGaussian();
        }
        return Dataset.of(x, y, n, IN, 1);
    }
}
