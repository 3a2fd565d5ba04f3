package org.bnn4j.examples.csv;

/**
 * Input the user can fix (a missing column, a non-numeric cell, an empty file, ...): the message is one line that
 * says what is wrong, where, and how to fix it. The {@code bnn} command prints it and exits with code 2.
 */
public final class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line: what, where, and the fix */
    public BadInputException(String message) {
        super(message);
    }

    /**
     * @param message one line: what, where, and the fix
     * @param cause   the underlying error
     */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
