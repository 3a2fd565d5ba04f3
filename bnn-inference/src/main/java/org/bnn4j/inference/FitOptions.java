package org.bnn4j.inference;

import java.util.List;
import java.util.Objects;

/**
 * Options common to every inference method.
 *
 * @param standardize whether to standardise x and y with the training data's statistics before fitting; the
 *                    posterior then takes and returns original units (default true)
 * @param listeners   progress and metrics listeners, called on the fitting thread
 * @param validEvery  call {@link FitListener#onValidation} every this many iterations (0 = never; the notebook
 *                    used 50)
 */
public record FitOptions(boolean standardize, List<FitListener> listeners, int validEvery) {

    /** The seed notebook's validation period. */
    public static final int NOTEBOOK_VALID_EVERY = 50;

    /** @throws IllegalArgumentException if validEvery is negative */
    public FitOptions {
        listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
        if (validEvery < 0) {
            throw new IllegalArgumentException("validEvery must be >= 0 but was " + validEvery
                    + "; pass 0 to disable validation callbacks");
        }
    }

    /** @return standardise, no listeners, no validation */
    public static FitOptions defaults() {
        return new FitOptions(true, List.of(), 0);
    }

    /** @param l listeners @return a copy with these listeners */
    public FitOptions withListeners(FitListener... l) {
        return new FitOptions(standardize, List.of(l), validEvery);
    }

    /** @param every validation period @return a copy */
    public FitOptions withValidEvery(int every) {
        return new FitOptions(standardize, listeners, every);
    }

    /** @param s whether to standardise @return a copy */
    public FitOptions withStandardize(boolean s) {
        return new FitOptions(s, listeners, validEvery);
    }
}
