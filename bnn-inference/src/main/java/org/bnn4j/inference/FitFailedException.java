package org.bnn4j.inference;

/** Thrown when a fit cannot produce a usable posterior, e.g. the loss became NaN or infinite. */
public class FitFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, where, the last finite values, and a remedy */
    public FitFailedException(String message) {
        super(message);
    }
}
