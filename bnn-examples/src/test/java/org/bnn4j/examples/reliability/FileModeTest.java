package org.bnn4j.examples.reliability;

import static org.bnn4j.examples.reliability.Replay.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.bnn4j.examples.cli.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New output files get the mode the umask gives (as the shell's {@code >} does), not 0600; an overwritten file keeps
 * its mode.
 */
class FileModeTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posix() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "needs POSIX file modes");
    }

    private String mode(Path f) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
    }

    @Test
    void newFilesFollowTheUmaskAndOverwrittenFilesKeepTheirMode() throws IOException {
        // Files.createFile applies this JVM's umask to 0666 (e.g. rw-r--r-- for umask 022): the mode to expect
        String umaskMode = mode(Files.createFile(dir.resolve("reference")));
        Path train = Replay.trainCsv(dir);
        Path model = Replay.model(train, dir.resolve("m.bnn"), 1);
        assertEquals(umaskMode, mode(model), "new model file");
        Path pred = dir.resolve("pred.csv");
        CliRun p = run("predict", "--model", model.toString(), "--csv", train.toString(), "--out", pred.toString());
        assertEquals(0, p.exit(), p.err());
        assertEquals(umaskMode, mode(pred), "new predictions file");

        Files.setPosixFilePermissions(pred, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(0, run("predict", "--model", model.toString(), "--csv", train.toString(), "--out",
                pred.toString()).exit());
        assertEquals("rw-r-----", mode(pred), "overwritten predictions file");
        Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("rw-rw-r--"));
        Replay.model(train, model, 2);
        assertEquals("rw-rw-r--", mode(model), "overwritten model file");
        Path out = dir.resolve("clusters");
        assertEquals(0, run("clusters", "--inference", "map", "--epochs", "20", "--no-plots", "--quiet", "--out",
                out.toString()).exit());
        assertEquals(umaskMode, mode(out.resolve("metrics.json")), "new metrics.json");
    }
}
