package org.bnn4j.inference;

/**
 * Receives progress from a fit, on the fitting thread (MCMC chains may call {@link #onIteration} from several
 * threads: implementations must then be thread-safe). All methods default to doing nothing.
 */
public interface FitListener {

    /**
     * @param method          the method's name
     * @param totalIterations iterations the fit will run (epochs, or warm-up + samples per chain)
     */
    default void onStart(String method, int totalIterations) {
    }

    /** @param event the values of one iteration */
    default void onIteration(IterationEvent event) {
    }

    /**
     * Called every {@link FitOptions#validEvery()} iterations with the posterior as it stands, for live validation.
     *
     * @param iteration the iteration just finished
     * @param snapshot  a posterior built from the current state (independent of later iterations)
     */
    default void onValidation(int iteration, Posterior snapshot) {
    }

    /** Called once when the fit ends, normally or not. */
    default void onFinish() {
    }
}
