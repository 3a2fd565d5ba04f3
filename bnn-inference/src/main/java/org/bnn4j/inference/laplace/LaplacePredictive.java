package org.bnn4j.inference.laplace;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a {@link LaplacePosterior} turns its Gaussian over weights into predictions. */
public enum LaplacePredictive {
    /**
     * The generalised linear model predictive (Immer et al. 2021): the network linearised at the MAP,
     * {@code f(x; theta) = f(x; theta*) + J(x) (theta - theta*)}, evaluated at weights drawn from the Gaussian. The
     * Laplace Gaussian is the posterior of exactly this linear model, so its predictive is consistent with it.
     */
    LINEARIZED,
    /**
     * Weights drawn from the Gaussian pushed through the nonlinear network (laplace-torch's {@code pred_type="nn"}).
     * Known to underfit when the Gaussian is wide (Lawrence 2001; Immer et al. 2021).
     */
    SAMPLED;

    /** @return the lower-case name ({@code linearized}, {@code sampled}) */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text {@code linearized} or {@code sampled}, any case
     * @return the predictive
     * @throws IllegalArgumentException if the text names neither
     */
    public static LaplacePredictive parse(String text) {
        for (LaplacePredictive p : values()) {
            if (p.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("Laplace predictive must be one of "
                + Arrays.stream(values()).map(LaplacePredictive::id).collect(Collectors.joining(", ")) + " but was '"
                + text + "'");
    }
}
