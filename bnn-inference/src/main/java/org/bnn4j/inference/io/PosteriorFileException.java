package org.bnn4j.inference.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A posterior file could not be read: it is truncated, corrupted, of an unsupported format version, or not a bnn4j
 * posterior file at all. The message names the file, what is wrong, and what to do.
 */
public final class PosteriorFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file    the file
     * @param problem what is wrong and how to fix it
     * @param cause   the underlying error, or null
     */
    public PosteriorFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** @return the file that could not be read */
    public Path file() {
        return file;
    }
}
