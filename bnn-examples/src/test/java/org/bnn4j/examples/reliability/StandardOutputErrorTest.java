package org.bnn4j.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bnn4j.examples.cli.BnnCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Write errors on standard output (a full disk, a closed descriptor) end the command with a non-zero exit code and a
 * message on stderr instead of exit 0 with a truncated output.
 */
class StandardOutputErrorTest extends FittedModel {

    @Test
    void aFailingStandardOutputFailsTheCommandInProcess() {
        CommandLine cl = BnnCommand.commandLine();
        cl.setOut(new PrintWriter(new Writer() {
            @Override
            public void write(char[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        }));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("predict", "--model", model.toString(), "--csv", test.toString());
        assertEquals(BnnCommand.EXIT_FAILURE, exit, err.toString());
        assertTrue(err.toString().strip().equals("bnn predict: cannot write to standard output; the output is "
                + "incomplete"), err.toString());
    }

    @Test
    void predictToDevFullFailsWithTheReason() throws Exception {
        File full = new File("/dev/full");
        assumeTrue(full.exists(), "no /dev/full on this system");
        Replay.Exited r = Replay.exec(Replay.javaCommand(BnnCommand.class.getName(), "predict", "--model",
                model.toString(), "--csv", test.toString()), full);
        assertEquals(BnnCommand.EXIT_FAILURE, r.exit(), r.err());
        assertTrue(r.err().contains("bnn predict: cannot write to standard output (No space left on device)"),
                r.err());
    }

    @Test
    void aClosedStandardOutputFailsTheCommand() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh to close a descriptor");
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" >&-", "sh"));
        cmd.addAll(Replay.javaCommand(BnnCommand.class.getName(), "--version"));
        Replay.Exited r = Replay.exec(cmd, null);
        assertEquals(BnnCommand.EXIT_FAILURE, r.exit(), r.err());
        assertTrue(r.err().contains("bnn: cannot write to standard output"), r.err());
    }
}
