package org.bnn4j.inference.internal;

import java.util.Objects;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.optim.StoppingRule;
import org.bnn4j.predictive.Metrics;

/**
 * The validation log-likelihood a {@link StoppingRule} watches when a fit is given validation data: the mean log
 * predictive density of the held-out rows (original units) under {@value #DRAWS} weight draws of the current
 * posterior (one for a point estimate), every {@code max(1, window / 10)} epochs, so a window holds about ten
 * scores. Every score draws with the same seed (common random numbers), so two scores differ by the fit's progress,
 * not by which weights were drawn.
 */
public final class ValidationScore {

    /** Weight draws per score. */
    public static final int DRAWS = 32;

    private final Dataset data;
    private final int every;
    private final long seed;

    /**
     * @param data the validation rows, original units
     * @param rule the stopping rule (its window sets how often a score is computed)
     * @param seed the draws' seed
     */
    public ValidationScore(Dataset data, StoppingRule rule, long seed) {
        this.data = Objects.requireNonNull(data, "data");
        this.every = Math.max(1, rule.window() / 10);
        this.seed = seed;
    }

    /** @param epoch 0-based epoch @return whether a score is due after this epoch */
    public boolean due(int epoch) {
        return (epoch + 1) % every == 0;
    }

    /**
     * @param posterior the fit so far
     * @return the mean log predictive density per validation row (higher is better)
     */
    public double score(Posterior posterior) {
        int draws = posterior instanceof org.bnn4j.inference.PointMassPosterior ? 1 : DRAWS;
        return -Metrics.nll(posterior.predict(data.x(), draws, new SplittableRandom(seed)), data.y());
    }
}
