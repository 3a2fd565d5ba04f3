package org.bnn4j.spark;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.bnn4j.examples.cli.BnnCommand;
import picocli.CommandLine;

/** Runs the single-JVM {@code bnn} command in-process: the reference the distributed results must equal. */
public final class BnnCli {

    private BnnCli() {
    }

    /**
     * @param args command-line arguments
     * @return what the command printed
     * @throws AssertionError if it exits with a non-zero code
     */
    public static String run(String... args) {
        CommandLine cl = BnnCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        if (exit != 0) {
            throw new AssertionError("bnn " + String.join(" ", args) + " exited with " + exit + ": " + err);
        }
        return out.toString();
    }
}
