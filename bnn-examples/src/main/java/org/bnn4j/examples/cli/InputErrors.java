package org.bnn4j.examples.cli;

import java.io.PrintWriter;
import org.bnn4j.examples.csv.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Reports bad input of {@code bnn fit} and {@code bnn predict}: one line on stderr, exit code 2. */
final class InputErrors {

    private InputErrors() {
    }

    /**
     * @param spec the running subcommand
     * @param e    the error
     * @return {@link BnnCommand#EXIT_USAGE}
     */
    static int report(CommandSpec spec, BadInputException e) {
        CommandLine cl = spec.commandLine();
        PrintWriter err = cl.getErr();
        err.println("bnn " + spec.name() + ": " + e.getMessage().replace('\n', ' ').strip());
        if (spec.root().userObject() instanceof BnnCommand b && b.verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return BnnCommand.EXIT_USAGE;
    }
}
