package org.bnn4j.examples.reliability;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import org.bnn4j.inference.internal.AtomicWrite;

/**
 * Child-process main for {@link InterruptedSaveTest}: starts a save of its argument through {@link AtomicWrite} (the
 * writer of {@code bnn fit --save}, {@code predict --out} and every other output), writes 1 MB, prints
 * {@code writing} and waits, as a large save in progress does, until it is signalled.
 */
public final class SlowSave {

    private SlowSave() {
    }

    /**
     * @param args the target file
     * @throws IOException if the save fails
     */
    public static void main(String[] args) throws IOException {
        AtomicWrite.write(Path.of(args[0]), out -> {
            out.write(new byte[1 << 20]);
            out.flush();
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
        });
    }
}
