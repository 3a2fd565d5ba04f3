package org.bnn4j.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.bnn4j.examples.csv.BadInputException;
import org.bnn4j.examples.io.FileProblems;
import org.bnn4j.inference.FitFailedException;
import picocli.CommandLine;

/**
 * What the {@code bnn} command prints, and the exit code it returns, for an exception that ends a run.
 *
 * @param message  one line, without the command name
 * @param exitCode {@link BnnCommand#EXIT_USAGE} for what the user can fix, else {@link BnnCommand#EXIT_FAILURE}
 */
record Failure(String message, int exitCode) {

    /**
     * @param ex the exception a command threw
     * @param cl the command that threw it (for the options it was given)
     * @return the message and exit code
     */
    static Failure of(Exception ex, CommandLine cl) {
        if (ex instanceof BadInputException || ex instanceof IllegalArgumentException) {
            return new Failure(text(ex), BnnCommand.EXIT_USAGE);
        }
        if (ex instanceof FitFailedException f) {
            return diverged(f, cl);
        }
        if (ex instanceof UncheckedIOException u) {
            return new Failure(FileProblems.describe(u.getCause()), BnnCommand.EXIT_FAILURE);
        }
        if (ex instanceof IOException io) {
            return new Failure(FileProblems.describe(io), BnnCommand.EXIT_FAILURE);
        }
        return new Failure("internal error: " + ex.getClass().getSimpleName() + ": " + text(ex)
                + " (rerun with --verbose for the stack trace)", BnnCommand.EXIT_FAILURE);
    }

    /** @return the failure for a request larger than the Java heap */
    static Failure outOfMemory() {
        return new Failure(String.format(Locale.ROOT, "ran out of memory (Java may use %s); ask for less (fewer "
                + "--samples, fewer rows per file) or give Java more memory, e.g. java -Xmx16g -jar bnn.jar ...",
                Memory.human(Runtime.getRuntime().maxMemory())), BnnCommand.EXIT_USAGE);
    }

    /**
     * A fit whose loss became non-finite: the library's message names the epoch and the values; its remedies name
     * library settings, so the command names its own option instead.
     */
    private static Failure diverged(FitFailedException f, CommandLine cl) {
        String what = text(f);
        int cut = what.indexOf("; ");
        String first = cut > 0 ? what.substring(0, cut) : what;
        String lr = cl.getParseResult() != null && cl.getParseResult().hasMatchedOption("--lr")
                ? cl.getParseResult().matchedOptionValue("--lr", (Double) null).toString() : null;
        return new Failure(first + "; the fit diverged: pass a smaller --lr"
                + (lr != null ? " than " + lr : " than the method's default") + " (e.g. a tenth)",
                BnnCommand.EXIT_USAGE);
    }

    private static String text(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
