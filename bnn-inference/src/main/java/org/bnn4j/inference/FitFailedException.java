package org.bnn4j.inference;

import java.util.Optional;

/**
 * Thrown when a fit cannot produce a usable posterior: the loss or the parameters became NaN or infinite.
 *
 * <p>Every optimiser follows one policy (user guide, "When a fit diverges"): it stops at the first non-finite loss or
 * parameter and throws this exception, never returning a half-done result. The exception carries, for inspection,
 * the posterior of the last usable iterate when there was one ({@link #lastFinite()}: MAP and MLE keep the iterate
 * with the best finite objective, SVI the guide after the last finite epoch); its message names the epoch, the last
 * finite values and a remedy. Deep ensembles refit a diverged member from a new initialisation at half the learning
 * rate before they give up; MCMC rejects divergent trajectories itself and counts them in its diagnostics.
 *
 * <pre>{@code
 * try {
 *     posterior = new MaximumAPosteriori(config).fit(model, data);
 * } catch (FitFailedException e) {
 *     Posterior partial = e.lastFinite().orElseThrow(() -> e);   // inspect, do not use as the result
 * }
 * }</pre>
 */
public class FitFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Posterior lastFinite;

    /** @param message what failed, where, the last finite values, and a remedy */
    public FitFailedException(String message) {
        this(message, null);
    }

    /**
     * @param message    what failed, where, the last finite values, and a remedy
     * @param lastFinite the posterior of the last usable iterate, or null if there was none
     */
    public FitFailedException(String message, Posterior lastFinite) {
        super(message);
        this.lastFinite = lastFinite;
    }

    /** @return the posterior of the last usable iterate before the fit diverged, if there was one */
    public Optional<Posterior> lastFinite() {
        return Optional.ofNullable(lastFinite);
    }
}
