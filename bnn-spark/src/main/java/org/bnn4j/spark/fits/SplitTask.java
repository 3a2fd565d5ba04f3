package org.bnn4j.spark.fits;

import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.Posterior;
import org.bnn4j.predictive.Metrics;
import org.bnn4j.predictive.PredictiveDistribution;
import org.bnn4j.spark.PosteriorBytes;

/**
 * One train/test split: fit on the (standardised) training rows, predict the test rows and score them in original
 * units, as the UCI protocol of {@code bnn uci} does for one split.
 *
 * @param split         the split's index (reported back)
 * @param label         what the task varies besides the split (e.g. a grid cell), reported back
 * @param model         the model (as the bytes of a point mass)
 * @param train         training rows, original units
 * @param test          test rows, original units
 * @param method        the inference method, with its seed
 * @param samples       weight samples per prediction
 * @param predictSeed   seed of the prediction generators
 * @param predictStream which generator split from {@code predictSeed} this split predicts with (0 = the first
 *                      {@link SplittableRandom#split()}), as {@code bnn uci} hands split i the i-th
 */
public record SplitTask(int split, String label, PosteriorBytes model, PortableData train, PortableData test,
                        MethodSpec method, int samples, long predictSeed, int predictStream)
        implements FitTask<SplitScore> {

    @Override
    public SplitScore run() {
        Dataset testSet = test.toDataset();
        long t0 = System.nanoTime();
        Posterior post = method.create().fit(model.model(), train.toDataset(), FitOptions.defaults().withStandardize(true));
        double secs = (System.nanoTime() - t0) / 1e9;
        PredictiveDistribution pred = post.predict(testSet.x(), samples, stream(predictSeed, predictStream));
        return new SplitScore(label, split, Metrics.rmse(pred, testSet.y()),
                Metrics.meanLogPredictiveDensity(pred, testSet.y()), secs);
    }

    /**
     * @param seed   root seed
     * @param stream index k
     * @return the (k+1)-th generator split from {@code new SplittableRandom(seed)}
     */
    static SplittableRandom stream(long seed, int stream) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom s = root.split();
        for (int k = 0; k < stream; k++) {
            s = root.split();
        }
        return s;
    }
}
