package org.bnn4j.examples.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * Standard output for the {@code bnn} command: a {@link PrintWriter} on file descriptor 1 that, like every
 * PrintWriter, never throws, but remembers the first write error ({@code No space left on device} for
 * {@code > /dev/full}, {@code Bad file descriptor} for a closed stdout, {@code Broken pipe}) so that the command can
 * report it and fail instead of exiting 0 with a truncated output.
 */
final class StandardOutput extends PrintWriter {

    private final Recorder recorder;

    private StandardOutput(Recorder recorder, Charset charset) {
        super(new OutputStreamWriter(recorder, charset), true);
        this.recorder = recorder;
    }

    /** @return a writer on file descriptor 1 in the console's (or default) charset */
    static StandardOutput open() {
        return open(new FileOutputStream(FileDescriptor.out));
    }

    /**
     * @param stream where the bytes go
     * @return a writer on it that records the first write error
     */
    static StandardOutput open(OutputStream stream) {
        Charset cs = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        return new StandardOutput(new Recorder(stream), cs);
    }

    /** @return the first write error, or null */
    IOException failure() {
        return recorder.failure;
    }

    /** Passes bytes through and keeps the first exception. */
    private static final class Recorder extends FilterOutputStream {
        private volatile IOException failure;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                keep(e);
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                keep(e);
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                keep(e);
                throw e;
            }
        }

        private void keep(IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }
}
