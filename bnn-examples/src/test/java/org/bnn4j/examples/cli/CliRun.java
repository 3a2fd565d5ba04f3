package org.bnn4j.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the {@code bnn} command with its error handlers, capturing stdout and stderr.
 *
 * @param exit the exit code
 * @param out  what the command printed on stdout
 * @param err  what the command printed on stderr
 */
public record CliRun(int exit, String out, String err) {

    /**
     * @param args command-line arguments
     * @return the captured run
     */
    public static CliRun run(String... args) {
        CommandLine cl = BnnCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
