package org.bnn4j.examples.uci;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.UciDataset;
import org.bnn4j.datasets.UciSplit;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.listen.ProgressBar;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.predictive.Metrics;
import org.bnn4j.predictive.PredictiveDistribution;

/**
 * The UCI benchmark protocol of Hernández-Lobato &amp; Adams (2015) and Gal &amp; Ghahramani (2016): for each split,
 * standardise x and y with the training split's mean and standard deviation ({@link FitOptions#standardize()}),
 * fit, predict the test split, and score RMSE and the mean per-point test log-likelihood in the original units of
 * y; then average over the splits ({@link SplitStats}).
 *
 * <p>With {@code validation = true} the test split is never read: the last {@link #VALIDATION_FRACTION} of each
 * split's training rows (a random subset, since the index files are random permutations) is held out and scored
 * instead, which is how hyperparameters may be chosen without touching the test data.
 *
 * @param methodForSplit the inference method for split i (seeded per split)
 * @param model          the model to fit (its input width must match the data)
 * @param samples        weight samples per prediction, {@code >= 1}
 * @param seed           seed of the prediction noise
 * @param validation     score a held-out part of the training split instead of the test split
 */
public record UciProtocol(IntFunction<InferenceMethod> methodForSplit, BayesianModel model, int samples, long seed,
                          boolean validation) {

    /** Share of each training split held out in validation mode: the same 90/10 ratio as the train/test splits. */
    public static final double VALIDATION_FRACTION = 0.1;

    /** @throws IllegalArgumentException if samples is below 1 */
    public UciProtocol {
        Objects.requireNonNull(methodForSplit, "methodForSplit");
        Objects.requireNonNull(model, "model");
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1 but was " + samples + "; pass e.g. 100");
        }
    }

    /**
     * Per-split scores.
     *
     * @param rmse       test RMSE, original units
     * @param ll         mean test log-likelihood, original units
     * @param fitSeconds wall-clock seconds of the fit
     */
    public record SplitScore(double rmse, double ll, double fitSeconds) {
    }

    /**
     * Runs the first {@code splits} splits, printing one progress line per split to {@code progress}.
     *
     * @param data     the dataset
     * @param splits   how many splits, in {@code [1, data.numSplits()]}
     * @param progress where the per-split lines go
     * @return the per-split scores in split order
     */
    public List<SplitScore> run(UciDataset data, int splits, PrintWriter progress) {
        return run(data, splits, progress, new ProgressBar());
    }

    /**
     * Runs the first {@code splits} splits with the given listeners on every fit.
     *
     * @param data      the dataset
     * @param splits    how many splits, in {@code [1, data.numSplits()]}
     * @param progress  where the per-split lines go
     * @param listeners listeners of each split's fit (e.g. a progress display and one metrics log for all splits)
     * @return the per-split scores in split order
     */
    public List<SplitScore> run(UciDataset data, int splits, PrintWriter progress, FitListener... listeners) {
        if (splits < 1 || splits > data.numSplits()) {
            throw new IllegalArgumentException("splits must be in [1, " + data.numSplits() + "] but was " + splits);
        }
        List<SplitScore> out = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < splits; i++) {
            UciSplit s = data.split(i);
            Dataset train = validation ? s.train().subset(head(s.train().size())) : s.train();
            Dataset test = validation ? s.train().subset(tail(s.train().size())) : s.test();
            long t0 = System.nanoTime();
            Posterior post = methodForSplit.apply(i).fit(model, train,
                    FitOptions.defaults().withStandardize(true).withListeners(listeners));
            double secs = (System.nanoTime() - t0) / 1e9;
            PredictiveDistribution pred = post.predict(test.x(), samples, rng.split());
            SplitScore sc = new SplitScore(Metrics.rmse(pred, test.y()), Metrics.meanLogPredictiveDensity(pred,
                    test.y()), secs);
            out.add(sc);
            progress.println(String.format(Locale.ROOT, "split %2d/%d  %s rmse %.3f  ll %.3f  (%.1f s)", i + 1,
                    splits, validation ? "valid" : "test", sc.rmse(), sc.ll(), secs));
            progress.flush();
        }
        return out;
    }

    private static int holdout(int n) {
        return Math.max(1, (int) Math.round(VALIDATION_FRACTION * n));
    }

    private static int[] head(int n) {
        return IntStream.range(0, n - holdout(n)).toArray();
    }

    private static int[] tail(int n) {
        return IntStream.range(n - holdout(n), n).toArray();
    }
}
