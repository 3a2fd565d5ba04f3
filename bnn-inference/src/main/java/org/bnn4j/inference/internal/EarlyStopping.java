package org.bnn4j.inference.internal;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Early stopping for {@link PointOptimizer#minimise}: every {@code every} epochs (and after the last) the iterate is
 * scored, the run keeps the iterate with the highest score instead of the one with the lowest training objective,
 * and it stops once {@code patience} checks in a row have not improved on the best score. The score is typically a
 * fit to rows held out of the training data (Prechelt 1998), so the training budget adapts to the data instead of
 * being a fixed number of steps.
 *
 * <pre>{@code
 * EarlyStopping stop = new EarlyStopping(theta -> -heldOutSquaredError(theta), 50, 10);
 * PointOptimizer.Result r = PointOptimizer.minimise("map", model, td, start, LogPrior.of(model), config,
 *         new SplittableRandom(1), List.of(), 0, stop);
 * }</pre>
 *
 * <p>Reference: L. Prechelt, "Early stopping - but when?", in Neural Networks: Tricks of the Trade, 1998.
 *
 * @param score    higher is better; called with a copy of the iterate (length {@code model.numParams()}); a NaN
 *                 score counts as the worst
 * @param every    epochs between checks, {@code >= 1}
 * @param patience checks without improvement after which the run stops, {@code >= 1}; or 0 to run every epoch and
 *                 keep the best-scoring iterate
 */
public record EarlyStopping(ToDoubleFunction<double[]> score, int every, int patience) {

    /** @throws IllegalArgumentException if every is below 1 or patience negative */
    public EarlyStopping {
        Objects.requireNonNull(score, "score must not be null");
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1 but was " + every + "; pass e.g. 50 (epochs)");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0 but was " + patience
                    + "; pass 0 to run all epochs");
        }
    }
}
