package org.bnn4j.examples.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import org.bnn4j.inference.internal.AtomicWrite;

/**
 * Writes output files of the {@code bnn} command through {@link AtomicWrite}: a regular file is replaced atomically
 * (a reader never sees a half-written file, an interrupted run leaves the old one), a symbolic link's target is
 * updated, a FIFO or device is written through, and modes follow the umask or the replaced file.
 */
public final class AtomicFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AtomicFiles() {
    }

    /**
     * @param target the file to (re)place; its parent directories are created
     * @param bytes  the content
     * @throws IOException if the target is a directory or writing fails (the target is then untouched)
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        AtomicWrite.write(target, out -> out.write(bytes));
    }

    /**
     * @param target the JSON file
     * @param value  maps, lists, strings, numbers and booleans (serialised with Jackson, indented)
     * @throws IOException if writing fails
     */
    public static void writeJson(Path target, Object value) throws IOException {
        write(target, JSON.writeValueAsBytes(value));
    }
}
