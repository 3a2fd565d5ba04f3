package org.bnn4j.examples.reliability;

import static org.bnn4j.examples.reliability.Replay.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bnn4j.examples.cli.CliRun;
import org.bnn4j.inference.io.PosteriorIO;
import org.junit.jupiter.api.Test;

/**
 * Outputs never replace what is at the destination: a FIFO is written through and stays a FIFO, a device node stays a
 * device, a symbolic link stays a link and the file it points to is updated.
 */
class OutputDestinationTest extends FittedModel {

    /** File type bits of st_mode (POSIX {@code S_IFMT}) of a path, links not followed. */
    private static int type(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS) & 0170000;
    }

    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;

    @Test
    void predictionsToAFifoAreWrittenThroughAndTheFifoStays() throws Exception {
        Path ff = dir.resolve("ff");
        assumeTrue(new ProcessBuilder("mkfifo", ff.toString()).start().waitFor() == 0, "mkfifo is not available");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(ff);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        CliRun r = run("predict", "--model", model.toString(), "--csv", test.toString(), "--out", ff.toString());
        assertEquals(0, r.exit(), r.err());
        String csv = reader.get(30, TimeUnit.SECONDS);
        assertTrue(csv.startsWith("y_mean,") && csv.lines().count() == 21, csv);
        assertEquals(S_IFIFO, type(ff), "still a FIFO");
    }

    @Test
    void predictionsToADeviceNodeLeaveTheDevice() throws Exception {
        // a private copy of /dev/null (character device 1,3): the test never risks the system's own
        Path dev = dir.resolve("null-device");
        assumeTrue(new ProcessBuilder("mknod", dev.toString(), "c", "1", "3").start().waitFor() == 0,
                "creating a device node needs root with CAP_MKNOD");
        CliRun r = run("predict", "--model", model.toString(), "--csv", test.toString(), "--out", dev.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(S_IFCHR, type(dev), "still a character device");
        assertEquals(0, Files.size(dev));
    }

    @Test
    void savingThroughASymlinkUpdatesItsTargetAndKeepsTheLink() throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path v1 = Replay.model(train, models.resolve("v1.bnn"), 1);
        byte[] before = Files.readAllBytes(v1);
        Path current = Files.createSymbolicLink(dir.resolve("current.bnn"), Path.of("models", "v1.bnn"));
        Replay.model(train, current, 2); // another seed: other weights
        assertTrue(Files.isSymbolicLink(current), "the link stays a link");
        assertEquals(Path.of("models", "v1.bnn"), Files.readSymbolicLink(current));
        assertFalse(Arrays.equals(before, Files.readAllBytes(v1)), "its target holds the new model");
        assertEquals(2L, ((Number) PosteriorIO.read(v1).attributes().get("seed")).longValue());
    }

    @Test
    void predictionsThroughASymlinkUpdateItsTarget() throws IOException {
        Path real = dir.resolve("real-pred.csv");
        Files.writeString(real, "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("pred.csv"), real.getFileName());
        CliRun r = run("predict", "--model", model.toString(), "--csv", test.toString(), "--out", link.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(real).startsWith("y_mean,"));
    }
}
