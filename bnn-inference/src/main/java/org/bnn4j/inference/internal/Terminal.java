package org.bnn4j.inference.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal, which decides between a redrawn progress bar and plain progress lines.
 *
 * <p>Java has no {@code isatty}; {@code System.console()} needs both standard input and standard output to be a
 * terminal, so {@code bnn clusters > out.txt} would hide the bar although stderr is still the terminal. On Linux the
 * descriptor's link {@code /proc/self/fd/2} names the device ({@code /dev/pts/N}, {@code /dev/ttyN}); elsewhere
 * {@code System.console()} is the fallback. {@code TERM=dumb} (Emacs shells, some CI runners) counts as no terminal.
 */
public final class Terminal {

    private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");

    private Terminal() {
    }

    /** @return whether standard error is a terminal that understands carriage returns */
    public static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        if (Files.isSymbolicLink(STDERR_LINK)) {
            try {
                return isTerminalDevice(Files.readSymbolicLink(STDERR_LINK).toString());
            } catch (IOException | UnsupportedOperationException e) {
                return System.console() != null;
            }
        }
        return System.console() != null;
    }

    /**
     * @param device what a descriptor link points to, e.g. {@code /dev/pts/3}, {@code pipe:[1234]} or a file
     * @return whether it is a terminal device (pseudo-terminal, virtual console or serial line)
     */
    static boolean isTerminalDevice(String device) {
        return device.startsWith("/dev/pts/") || device.matches("/dev/tty[A-Za-z]*[0-9]*")
                || device.equals("/dev/console");
    }
}
