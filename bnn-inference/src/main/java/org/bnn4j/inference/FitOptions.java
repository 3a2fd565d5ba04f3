package org.bnn4j.inference;

import java.util.List;
import java.util.Objects;
import org.bnn4j.data.Dataset;

/**
 * Options common to every inference method.
 *
 * <pre>{@code
 * FitOptions o = FitOptions.defaults().withValidation(valid); // SVI and MAP/MLE stop on its plateau
 * }</pre>
 *
 * @param standardize whether to standardise x and y with the training data's statistics before fitting; the
 *                    posterior then takes and returns original units (default true)
 * @param listeners   progress and metrics listeners, called on the fitting thread
 * @param validEvery  call {@link FitListener#onValidation} every this many iterations (0 = never; the Pyro/TyXe BNN tutorial
 *                    used 50)
 * @param validation  held-out data in original units, or null (default); when given, a method whose
 *                    {@link org.bnn4j.inference.optim.StoppingRule} is enabled (SVI, MAP, MLE) looks for a plateau
 *                    of the validation log-likelihood instead of its training objective
 */
public record FitOptions(boolean standardize, List<FitListener> listeners, int validEvery, Dataset validation) {

    /** The Pyro/TyXe BNN tutorial's validation period. */
    public static final int NOTEBOOK_VALID_EVERY = 50;

    /** @throws IllegalArgumentException if validEvery is negative or the validation data is empty */
    public FitOptions {
        listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
        if (validEvery < 0) {
            throw new IllegalArgumentException("validEvery must be >= 0 but was " + validEvery
                    + "; pass 0 to disable validation callbacks");
        }
        if (validation != null && validation.size() < 1) {
            throw new IllegalArgumentException("validation data must have at least one row; pass null for none");
        }
    }

    /**
     * Options without validation data.
     *
     * @param standardize whether to standardise
     * @param listeners   listeners
     * @param validEvery  validation callback period
     */
    public FitOptions(boolean standardize, List<FitListener> listeners, int validEvery) {
        this(standardize, listeners, validEvery, null);
    }

    /** @return standardise, no listeners, no validation */
    public static FitOptions defaults() {
        return new FitOptions(true, List.of(), 0, null);
    }

    /** @param l listeners @return a copy with these listeners */
    public FitOptions withListeners(FitListener... l) {
        return new FitOptions(standardize, List.of(l), validEvery, validation);
    }

    /** @param every validation period @return a copy */
    public FitOptions withValidEvery(int every) {
        return new FitOptions(standardize, listeners, every, validation);
    }

    /** @param s whether to standardise @return a copy */
    public FitOptions withStandardize(boolean s) {
        return new FitOptions(s, listeners, validEvery, validation);
    }

    /**
     * @param v held-out data in original units (same input and output widths as the training data), or null
     * @return a copy with this validation data
     */
    public FitOptions withValidation(Dataset v) {
        return new FitOptions(standardize, listeners, validEvery, v);
    }
}
