package org.bnn4j.examples.reliability;

import org.bnn4j.inference.internal.Terminal;

/** Child-process main for {@link ProgressTest}: prints whether its stderr is a terminal. */
public final class PrintStderrTerminal {

    private PrintStderrTerminal() {
    }

    /** @param args none */
    public static void main(String[] args) {
        System.out.println("stderr is a terminal: " + Terminal.stderrIsTerminal());
    }
}
