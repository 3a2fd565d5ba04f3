package org.bnn4j.inference.internal;

import java.util.Objects;
import java.util.function.IntToDoubleFunction;
import org.bnn4j.inference.optim.StoppingRule;

/**
 * The state of one run under a {@link StoppingRule}: the monitored values seen so far, whether and where the run
 * plateaued, and the schedules over the run's actual length (the budget's schedule until the plateau, the final
 * phase after it). Not thread-safe; one per run.
 *
 * <pre>{@code
 * EarlyStop stop = new EarlyStop(StoppingRule.plateau(), 8000);
 * for (int e = 0; e < stop.end(); e++) {
 *     double lr = stop.learningRate(e, config::learningRateAt, config.learningRate() * 0.05);
 *     // ... one epoch at lr, giving the monitored value m ...
 *     stop.observe(e, m);
 * }
 * }</pre>
 */
public final class EarlyStop {

    private final StoppingRule rule;
    private final int budget;
    private final int[] epochs;
    /** cum[i] = sum of the first i observed values. */
    private final double[] cum;
    private int count;
    private int stopEpoch = -1;
    private int end;

    /**
     * @param rule   the rule
     * @param budget budgeted epochs, {@code >= 1}
     */
    public EarlyStop(StoppingRule rule, int budget) {
        this.rule = Objects.requireNonNull(rule, "rule must not be null; pass StoppingRule.none()");
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be >= 1 epoch but was " + budget);
        }
        this.budget = budget;
        this.end = budget;
        this.epochs = new int[rule.enabled() ? budget : 0];
        this.cum = new double[rule.enabled() ? budget + 1 : 0];
    }

    /**
     * Records the monitored value of an epoch (higher is better) and looks for a plateau. Epochs must be observed in
     * increasing order; not every epoch needs a value (a validation score may be computed every few epochs).
     * Non-finite values are ignored (the loop deals with divergence itself).
     *
     * @param epoch 0-based epoch, greater than any observed before
     * @param value the monitored value
     * @return true if the plateau was found at this epoch (then {@link #end()} has just shrunk)
     */
    public boolean observe(int epoch, double value) {
        if (!rule.enabled() || stopped() || !Double.isFinite(value)) {
            return false;
        }
        if (count > 0 && epoch <= epochs[count - 1]) {
            throw new IllegalArgumentException("epoch " + epoch + " observed after epoch " + epochs[count - 1]);
        }
        epochs[count] = epoch;
        cum[count + 1] = cum[count] + value;
        count++;
        int w = rule.window();
        if (epoch + 1 < Math.max(rule.minEpochs(), 2 * w)) {
            return false;
        }
        int newEnd = rule.endAfterPlateau(epoch, budget);
        if (newEnd >= budget) {
            return false; // the budget's own schedule ends sooner than a final phase from here would
        }
        int a = firstAfter(epoch - 2 * w);
        int m = firstAfter(epoch - w);
        if (m == a || m == count) {
            return false;
        }
        double prev = (cum[m] - cum[a]) / (m - a);
        double now = (cum[count] - cum[m]) / (count - m);
        if (now - prev <= rule.tolerance() * Math.max(Math.abs(prev), 1.0)) {
            stopEpoch = epoch;
            end = newEnd;
            return true;
        }
        return false;
    }

    /** @return the index of the first observation whose epoch is greater than e */
    private int firstAfter(int e) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (epochs[mid] > e) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** @return the epochs the run has in all: the budget, or fewer after a plateau */
    public int end() {
        return end;
    }

    /** @return whether a plateau was found */
    public boolean stopped() {
        return stopEpoch >= 0;
    }

    /** @return the epoch at which the plateau was found, or -1 */
    public int stopEpoch() {
        return stopEpoch;
    }

    /** @return the budgeted epochs */
    public int budget() {
        return budget;
    }

    /**
     * @param epoch 0-based epoch
     * @return how far into the final phase the epoch is: 0 up to the plateau epoch, 1 at the last epoch
     */
    public double finalProgress(int epoch) {
        if (!stopped() || epoch <= stopEpoch) {
            return 0.0;
        }
        return Math.min(1.0, (epoch - stopEpoch) / (double) Math.max(1, end - 1 - stopEpoch));
    }

    /**
     * The learning rate of an epoch over the run's actual length.
     *
     * @param epoch      0-based epoch
     * @param budgetRate the budget's schedule (e.g. {@code config::learningRateAt})
     * @param finalRate  the rate at the last epoch of a final phase (the schedule's final fraction of the rate)
     * @return the budget's rate up to the plateau, then a half cosine from the rate at the plateau to finalRate
     */
    public double learningRate(int epoch, IntToDoubleFunction budgetRate, double finalRate) {
        if (!stopped() || epoch <= stopEpoch) {
            return budgetRate.applyAsDouble(epoch);
        }
        double atStop = budgetRate.applyAsDouble(stopEpoch);
        double lo = Math.min(atStop, finalRate);
        return lo + (atStop - lo) * 0.5 * (1 + Math.cos(Math.PI * finalProgress(epoch)));
    }

    /**
     * The KL weight of an epoch over the run's actual length.
     *
     * @param epoch        0-based epoch
     * @param budgetWeight the budget's KL schedule, e.g. {@code e -> schedule.weight(e, budget)}
     * @return the budget's weight up to the plateau, then linear from the weight at the plateau to 1 over the first
     *         half of the final phase, then 1
     */
    public double klWeight(int epoch, IntToDoubleFunction budgetWeight) {
        if (!stopped() || epoch <= stopEpoch) {
            return budgetWeight.applyAsDouble(epoch);
        }
        double atStop = budgetWeight.applyAsDouble(stopEpoch);
        return atStop + (1 - atStop) * Math.min(1.0, 2 * finalProgress(epoch));
    }
}
