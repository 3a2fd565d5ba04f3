package org.bnn4j.spark.fits;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.UciDataset;
import org.bnn4j.datasets.UciSplit;
import org.bnn4j.examples.uci.UciProtocol;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.spark.PosteriorBytes;

/**
 * The splits of a UCI benchmark as Spark tasks, with the protocol of {@code bnn uci} ({@link UciProtocol}): split i is
 * fitted with the method built for it (seed {@code seed + i} in {@code bnn uci}) and predicts with the i-th generator
 * split from {@code seed}, so every split's RMSE and log-likelihood equal {@code bnn uci}'s bit for bit.
 *
 * <pre>{@code
 * UciDataset yacht = UciDataset.load(Path.of("data/uci/yacht"));
 * BayesianModel model = UciCommand.model(6, 50, Activation.RELU, false, UciInference.MAP);
 * List<SplitScore> scores = IndependentFits.run(jsc, UciSplits.tasks(yacht, 20, model, "",
 *         i -> () -> UciInference.MAP.create(null, 1 + i), 100, 1L, false), "yacht");
 * }</pre>
 */
public final class UciSplits {

    private UciSplits() {
    }

    /**
     * @param data       the dataset
     * @param splits     how many splits, in {@code [1, data.numSplits()]}
     * @param model      the model fitted on every split
     * @param label      reported with each score (e.g. the grid cell)
     * @param method     the inference method of split i (seeded per split)
     * @param samples    weight samples per prediction, {@code >= 1}
     * @param seed       seed of the prediction generators
     * @param validation score the last {@link UciProtocol#VALIDATION_FRACTION} of each training split instead of the
     *                   test split
     * @return one task per split, in split order
     * @throws IllegalArgumentException if splits is out of range
     */
    public static List<SplitTask> tasks(UciDataset data, int splits, BayesianModel model, String label,
                                        IntFunction<MethodSpec> method, int samples, long seed, boolean validation) {
        if (splits < 1 || splits > data.numSplits()) {
            throw new IllegalArgumentException("splits must be in [1, " + data.numSplits() + "] but was " + splits);
        }
        PosteriorBytes modelBytes = PosteriorBytes.ofModel(model, new double[model.numParams()]);
        List<SplitTask> tasks = new ArrayList<>();
        for (int i = 0; i < splits; i++) {
            UciSplit s = data.split(i);
            Dataset train = validation ? s.train().subset(head(s.train().size())) : s.train();
            Dataset test = validation ? s.train().subset(tail(s.train().size())) : s.test();
            tasks.add(new SplitTask(i, label, modelBytes, PortableData.of(train), PortableData.of(test),
                    method.apply(i), samples, seed, i));
        }
        return tasks;
    }

    // the validation carve of UciProtocol: the last 10% of the (randomly ordered) training rows
    private static int holdout(int n) {
        return Math.max(1, (int) Math.round(UciProtocol.VALIDATION_FRACTION * n));
    }

    private static int[] head(int n) {
        return IntStream.range(0, n - holdout(n)).toArray();
    }

    private static int[] tail(int n) {
        return IntStream.range(n - holdout(n), n).toArray();
    }
}
