package org.bnn4j.examples.reliability;

import static org.bnn4j.examples.reliability.Replay.assertOneLineUsage;
import static org.bnn4j.examples.reliability.Replay.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.bnn4j.examples.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What used to leak as a stack trace or a raw exception name (exit 1), often after minutes of work, is one line with
 * exit code 2, checked before any long work: sample counts larger than memory or than an array, a directory as a
 * model or an output file, an existing file as an output folder, an output in a folder that cannot be written, and a
 * fit that diverges (whose advice names the command's options).
 */
class EarlyFailureTest extends FittedModel {

    /** Far longer than any of these commands takes when it fails early; a fit run first would exceed it. */
    private static final Duration EARLY = Duration.ofSeconds(60);
    /** Epochs that would take hours: a command that trained before checking its output could not finish in time. */
    private static final String HOURS_OF_EPOCHS = "100000000";

    static Path aFile;

    @BeforeAll
    static void aFile() throws IOException {
        aFile = Files.writeString(dir.resolve("a-file"), "not a folder\n");
    }

    @Test
    void sampleCountsBeyondMemoryOrAnArrayAreRefusedUpFront() {
        // the test JVM has a 4 GB heap (test.argLine); 2e9 samples need terabytes, 1e7 about 10 GB
        for (String n : new String[] {"2000000000", "10000000"}) {
            CliRun r = run("predict", "--model", model.toString(), "--csv", test.toString(), "--samples", n);
            assertOneLineUsage(r, "--samples " + n + " needs", "pass --samples");
            assertFalse(r.err().contains("Error") || r.err().contains("Exception"), r.err());
        }
        Path wide = dir.resolve("wide.bnn"); // 202 parameters: 1.1e7 samples overflowed n * numParams
        assertEquals(0, run("fit", "--csv", train.toString(), "--target", "y", "--features", "x1", "--epochs", "5",
                "--quiet", "--save", wide.toString()).exit());
        assertOneLineUsage(run("predict", "--model", wide.toString(), "--csv", test.toString(), "--samples",
                "11000000"), "--samples 11000000 needs");
    }

    @Test
    void directoriesAsFilesAndFilesAsFoldersAreRefused() {
        assertOneLineUsage(run("predict", "--model", dir.toString(), "--csv", test.toString()), "is a directory");
        assertOneLineUsage(run("predict", "--model", model.toString(), "--csv", test.toString(), "--out",
                dir.toString()), "--out", "is a directory");
        assertOneLineUsage(run("fit", "--csv", dir.toString(), "--target", "y", "--save",
                dir.resolve("n.bnn").toString()), "is a directory; pass a CSV file");
        assertTimeoutPreemptively(EARLY, () -> {
            CliRun c = run("clusters", "--inference", "map", "--epochs", HOURS_OF_EPOCHS, "--out", aFile.toString());
            assertOneLineUsage(c, "--out", "is a file, not a folder");
            assertEquals("", c.out(), "nothing fitted");
        });
        assertTimeoutPreemptively(EARLY, () -> assertOneLineUsage(run("bench", "--quick", "--in-process", "--out",
                aFile.toString()), "--out", "is a file, not a folder"));
    }

    @Test
    void anUnwritableSaveFolderIsFoundBeforeTraining() {
        // as root every folder is writable, so the folder is made impossible: its parent is a regular file
        Path save = aFile.resolve("m.bnn");
        assertTimeoutPreemptively(EARLY, () -> assertOneLineUsage(run("fit", "--csv", train.toString(), "--target",
                "y", "--epochs", HOURS_OF_EPOCHS, "--quiet", "--save", save.toString()), "--save",
                "is a file, not a folder"));
        assertTimeoutPreemptively(EARLY, () -> assertOneLineUsage(run("fit", "--csv", train.toString(), "--target",
                "y", "--epochs", HOURS_OF_EPOCHS, "--quiet", "--save", dir.resolve("ok.bnn").toString(),
                "--metrics-log", aFile.resolve("log.jsonl").toString()), "--metrics-log", "is a file"));
    }

    @Test
    void aFolderWithoutWritePermissionIsFoundBeforeTraining() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")),
                "root may write into any folder, so a read-only folder cannot fail for root (CI runs as root); "
                        + "anUnwritableSaveFolderIsFoundBeforeTraining covers the same check");
        Path ro = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertTimeoutPreemptively(EARLY, () -> assertOneLineUsage(run("fit", "--csv", train.toString(),
                    "--target", "y", "--epochs", HOURS_OF_EPOCHS, "--quiet", "--save", ro.resolve("m.bnn").toString()),
                    "--save", "permission denied"));
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aDivergingFitNamesTheLearningRateOption() {
        CliRun r = run("fit", "--csv", train.toString(), "--target", "y", "--inference", "svi", "--lr", "1e6",
                "--epochs", "50", "--quiet", "--save", dir.resolve("diverged.bnn").toString());
        assertOneLineUsage(r, "the fit diverged: pass a smaller --lr than 1000000.0");
        assertFalse(r.err().contains("maxScale") || r.err().contains("minScale") || r.err().contains("Exception"),
                "advice names only options the command has: " + r.err());
        assertFalse(Files.exists(dir.resolve("diverged.bnn")));
    }
}
