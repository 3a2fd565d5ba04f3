package org.bnn4j.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.ensemble.DeepEnsemble;
import org.bnn4j.inference.ensemble.EnsembleConfig;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.predictive.Metrics;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Peak heap of a point fit against the number of rows, on {@link SviScaling}'s synthetic kin8nm-shaped rows: the
 * deep ensemble with {@code bnn fit}'s settings (5 members fitted two or more at a time, Adam at 5e-3 with the
 * cosine decay of {@link EnsembleConfig#defaultOptimizer()}, 10 % of each member's rows held out for early
 * stopping, seed 906) or MAP with {@link OptimizerConfig}'s defaults, both on {@code bnn fit}'s default model (50
 * tanh units, noise head, {@code Normal(0, 1)} prior). Each row prints the rows, the method, the batch (0 = full),
 * the epochs asked for, the fit's wall-clock seconds, test log-likelihood and RMSE on 2000 held-out rows, the fit's
 * peak heap ({@link MemoryProbe#peakHeapBytes}, reset after a full GC just before the fit, so garbage not yet
 * collected counts), the raw data's size and the heap used after a full GC before the fit (the training and test
 * rows and the JVM's own objects). The peak is reached in the first epochs, so a few epochs measure it.
 *
 * <pre>{@code
 * java -cp bnn.jar org.bnn4j.examples.bench.SviScaling ensemble 40000,400000,1000000 20
 * java -cp bnn.jar org.bnn4j.examples.bench.SviScaling map 1000000 20 512
 * }</pre>
 */
final class PointFitScaling {

    private static final int IN = 8;
    private static final int TEST_ROWS = 2000;
    /** {@code bnn fit}'s seed and ensemble holdout (FitCommand). */
    private static final long SEED = 906;
    private static final double HOLDOUT = 0.1;

    private PointFitScaling() {
    }

    /**
     * @param args {@code ensemble|map}, a comma-separated list of row counts, optionally the epochs (default: the
     *             method's) and a batch size (default 0, full batch, as {@code bnn fit})
     */
    static void main(String[] args) {
        boolean ensemble = switch (args[0]) {
            case "ensemble" -> true;
            case "map" -> false;
            default -> throw new IllegalArgumentException("mode must be ensemble or map but was " + args[0]);
        };
        Integer epochs = args.length > 2 ? Integer.valueOf(args[2]) : null;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        System.out.println("rows,method,batch,epochs,fitSeconds,testLl,testRmse,peakHeapMB,dataMB,baseHeapMB");
        for (String r : args[1].split(",")) {
            row(Integer.parseInt(r.trim()), ensemble, epochs, batch);
        }
    }

    private static void row(int n, boolean ensemble, Integer epochs, int batch) {
        Dataset train = SviScaling.synthetic(n, new SplittableRandom(1));
        Dataset test = SviScaling.synthetic(TEST_ROWS, new SplittableRandom(1001));
        BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(IN, 1).hidden(50).build());
        InferenceMethod method = method(ensemble, epochs, batch);
        long base = MemoryProbe.now().heapBytes();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        Posterior q = method.fit(model, train, FitOptions.defaults());
        double fit = (System.nanoTime() - t0) / 1e9;
        long peak = MemoryProbe.peakHeapBytes();
        int draws = ensemble ? EnsembleConfig.DEFAULT_MEMBERS : 1;
        INDArray d = q.predictionDraws(draws, new SplittableRandom(7));
        var p = q.predict(test.x(), d);
        System.out.println(String.format(Locale.ROOT, "%d,%s,%d,%s,%.2f,%.4f,%.4f,%.0f,%.1f,%.0f", n,
                method.name(), batch, epochs == null ? "default" : epochs.toString(), fit,
                Metrics.meanLogPredictiveDensity(p, test.y()), Metrics.rmse(p, test.y()), peak / 1e6,
                n * (IN + 1) * 8 / 1e6, base / 1e6));
    }

    private static InferenceMethod method(boolean ensemble, Integer epochs, int batch) {
        OptimizerConfig.Builder o = (ensemble ? EnsembleConfig.defaultOptimizer() : OptimizerConfig.defaults())
                .toBuilder().batchSize(batch);
        if (epochs != null) {
            o.epochs(epochs);
        }
        if (ensemble) {
            return new DeepEnsemble(EnsembleConfig.builder().optimizer(o.build()).holdout(HOLDOUT).seed(SEED).build());
        }
        return new MaximumAPosteriori(o.seed(SEED).build());
    }
}
