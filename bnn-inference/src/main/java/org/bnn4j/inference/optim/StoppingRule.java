package org.bnn4j.inference.optim;

import org.bnn4j.inference.internal.PointOptimizer;

/**
 * When an Adam loop ({@link PointOptimizer}, {@link org.bnn4j.inference.svi.Svi}) may end before its budget of
 * epochs: at a <em>plateau</em> of a monitored value (the ELBO for SVI, the log joint for MAP and MLE, or the
 * validation log-likelihood when the fit is given validation data), after which the run spends a <em>final
 * phase</em> decaying its learning rate (and, for SVI, bringing the KL weight to 1) instead of stopping cold.
 *
 * <p><b>Plateau.</b> The monitored value {@code m(e)} (higher is better) is averaged over the last {@code window}
 * epochs, {@code S_now}, and over the {@code window} epochs before them, {@code S_prev}. At epoch e (0-based) with
 * {@code e + 1 >= max(minEpochs, 2 window)} the run has plateaued when {@code S_now - S_prev <= tolerance *
 * max(|S_prev|, 1)}: the smoothed value improved by less than a relative {@code tolerance} over one window (the
 * floor 1 makes the test absolute for values near 0, e.g. a validation log-likelihood per point). Averaging over a
 * window is what lets a noisy Monte Carlo ELBO be compared at all: its standard error falls as
 * {@code 1 / sqrt(window)}.
 *
 * <p><b>Final phase.</b> A plateau at epoch {@code s} sets the run's end to {@code s + 1 + ceil(finalPhase (s + 1))}
 * epochs (never beyond the budget): over those last epochs the learning rate falls by a half cosine from its value at
 * {@code s} to the schedule's final fraction, and SVI's KL weight rises linearly from its value at {@code s} to 1 over
 * the first half and stays at 1 (so the run ends on the true ELBO, as a run over the whole budget does). With the
 * default {@value #DEFAULT_FINAL_PHASE} the final phase is a quarter of the run, the share the library's budget
 * schedules give their learning-rate decay ({@code decayFraction} 0.25). No plateau is looked for once the end of
 * the budget is nearer than that final phase would be: the budget's own schedule is then already the shorter way.
 *
 * <pre>{@code
 * StoppingRule r = StoppingRule.plateau().toBuilder().window(200).tolerance(1e-3).build();
 * SviConfig c = SviConfig.builder().stopping(r).build();
 * }</pre>
 *
 * <p>References: L. Prechelt, "Early Stopping — But When?", in Neural Networks: Tricks of the Trade, Springer 1998
 * (plateau criteria on smoothed curves); I. Loshchilov and F. Hutter, "SGDR: Stochastic Gradient Descent with Warm
 * Restarts", ICLR 2017 (the cosine decay).
 *
 * @param enabled    whether the rule applies; {@link #none()} runs every budgeted epoch
 * @param window     epochs per smoothing window, {@code >= 1}
 * @param tolerance  relative improvement per window below which the value has plateaued, {@code >= 0}
 * @param minEpochs  no plateau before this many epochs, {@code >= 0}
 * @param finalPhase length of the final phase as a fraction of the epochs run before the plateau, in (0, 10]
 */
public record StoppingRule(boolean enabled, int window, double tolerance, int minEpochs, double finalPhase)
        implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** Default smoothing window, in epochs (docs/benchmarks.md, "Time to quality"). */
    public static final int DEFAULT_WINDOW = 200;
    /** Default relative improvement per window (docs/benchmarks.md, "Time to quality"). */
    public static final double DEFAULT_TOLERANCE = 1e-3;
    /** Default fewest epochs before a plateau counts. */
    public static final int DEFAULT_MIN_EPOCHS = 1000;
    /** Default final phase: a third of the epochs run so far, so the decay is a quarter of the whole run. */
    public static final double DEFAULT_FINAL_PHASE = 1.0 / 3.0;

    /** @throws IllegalArgumentException on a value out of range */
    public StoppingRule {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1 epoch but was " + window + "; pass e.g. "
                    + DEFAULT_WINDOW);
        }
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be finite and >= 0 but was " + tolerance
                    + "; pass e.g. " + DEFAULT_TOLERANCE);
        }
        if (minEpochs < 0) {
            throw new IllegalArgumentException("minEpochs must be >= 0 but was " + minEpochs + "; pass e.g. "
                    + DEFAULT_MIN_EPOCHS);
        }
        if (!(finalPhase > 0 && finalPhase <= 10)) {
            throw new IllegalArgumentException("finalPhase must be in (0, 10] but was " + finalPhase
                    + "; pass e.g. 0.33 for a final phase of a third of the epochs run before the plateau");
        }
    }

    /** @return the rule that never stops early (every budgeted epoch runs, on the budget's schedule) */
    public static StoppingRule none() {
        return new StoppingRule(false, DEFAULT_WINDOW, DEFAULT_TOLERANCE, DEFAULT_MIN_EPOCHS, DEFAULT_FINAL_PHASE);
    }

    /** @return the plateau rule with the defaults above */
    public static StoppingRule plateau() {
        return new StoppingRule(true, DEFAULT_WINDOW, DEFAULT_TOLERANCE, DEFAULT_MIN_EPOCHS, DEFAULT_FINAL_PHASE);
    }

    /**
     * Parses a command-line spelling: {@code none}, {@code plateau}, or {@code plateau:WINDOW[,TOLERANCE[,MIN]]}
     * (the other settings at their defaults).
     *
     * @param spec the spelling, e.g. {@code plateau:200,1e-3,1000}
     * @return the rule
     * @throws IllegalArgumentException if the spelling is not one of those or a value is out of range
     */
    public static StoppingRule parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        if (s.equals("none")) {
            return none();
        }
        if (s.equals("plateau")) {
            return plateau();
        }
        if (s.startsWith("plateau:")) {
            String[] p = s.substring("plateau:".length()).split(",", -1);
            if (p.length <= 3) {
                try {
                    Builder b = plateau().toBuilder().window(Integer.parseInt(p[0].trim()));
                    if (p.length > 1) {
                        b.tolerance(Double.parseDouble(p[1].trim()));
                    }
                    if (p.length > 2) {
                        b.minEpochs(Integer.parseInt(p[2].trim()));
                    }
                    return b.build();
                } catch (NumberFormatException e) {
                    // falls through to the message below
                }
            }
        }
        throw new IllegalArgumentException("stopping rule '" + spec + "' is not one of none, plateau, "
                + "plateau:WINDOW[,TOLERANCE[,MIN]]; e.g. plateau:200,1e-3,1000");
    }

    /** @return a builder starting from this rule */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.window = window;
        b.tolerance = tolerance;
        b.minEpochs = minEpochs;
        b.finalPhase = finalPhase;
        return b;
    }

    /**
     * @param stopEpoch the epoch (0-based) at which the plateau was found
     * @param budget    the budgeted epochs
     * @return the number of epochs the run then has in all, {@code <= budget}
     */
    public int endAfterPlateau(int stopEpoch, int budget) {
        long tail = (long) Math.ceil(finalPhase * (stopEpoch + 1));
        return (int) Math.min(budget, stopEpoch + 1 + Math.max(1, tail));
    }

    /** Builder for {@link StoppingRule}; starts from {@link #plateau()}. */
    public static final class Builder {
        private boolean enabled = true;
        private int window = DEFAULT_WINDOW;
        private double tolerance = DEFAULT_TOLERANCE;
        private int minEpochs = DEFAULT_MIN_EPOCHS;
        private double finalPhase = DEFAULT_FINAL_PHASE;

        private Builder() {
        }

        /** @param v whether the rule applies @return this */
        public Builder enabled(boolean v) {
            enabled = v;
            return this;
        }

        /** @param v epochs per smoothing window (default {@value StoppingRule#DEFAULT_WINDOW}) @return this */
        public Builder window(int v) {
            window = v;
            return this;
        }

        /** @param v relative improvement per window (default {@value StoppingRule#DEFAULT_TOLERANCE}) @return this */
        public Builder tolerance(double v) {
            tolerance = v;
            return this;
        }

        /** @param v fewest epochs before a plateau (default {@value StoppingRule#DEFAULT_MIN_EPOCHS}) @return this */
        public Builder minEpochs(int v) {
            minEpochs = v;
            return this;
        }

        /** @param v final phase as a fraction of the epochs before the plateau (default 1/3) @return this */
        public Builder finalPhase(double v) {
            finalPhase = v;
            return this;
        }

        /** @return the validated rule */
        public StoppingRule build() {
            return new StoppingRule(enabled, window, tolerance, minEpochs, finalPhase);
        }
    }
}
