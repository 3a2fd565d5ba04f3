package org.bnn4j.examples.reliability;

import static org.bnn4j.examples.reliability.Replay.assertOneLineUsage;
import static org.bnn4j.examples.reliability.Replay.bytes;
import static org.bnn4j.examples.reliability.Replay.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * An output that is one of the command's inputs is refused with exit code 2 and the input is left as it was; paths
 * are compared as files, so another spelling or a symbolic link of an input counts.
 */
class OutputEqualToInputTest extends FittedModel {

    @Test
    void predictOutputEqualToItsCsvIsRefused() throws IOException {
        byte[] before = bytes(test);
        String sameByAnotherName = dir.resolve("sub/../test.csv").toString();
        assertOneLineUsage(run("predict", "--model", model.toString(), "--csv", test.toString(), "--out",
                sameByAnotherName), "--out", "is the same file as --csv");
        assertArrayEquals(before, bytes(test));
    }

    @Test
    void predictOutputEqualToItsModelIsRefused() throws IOException {
        byte[] before = bytes(model);
        Path alias = Files.createSymbolicLink(dir.resolve("alias.bnn"), model);
        assertOneLineUsage(run("predict", "--model", model.toString(), "--csv", test.toString(), "--out",
                alias.toString()), "is the same file as --model");
        assertArrayEquals(before, bytes(model));
    }

    @Test
    void fitSavingOverItsCsvIsRefused() throws IOException {
        byte[] before = bytes(train);
        assertOneLineUsage(run("fit", "--csv", train.toString(), "--target", "y", "--save", train.toString()),
                "--save", "is the same file as --csv");
        assertArrayEquals(before, bytes(train));
    }

    @Test
    void metricsLogOverAnInputIsRefused() throws IOException {
        byte[] before = bytes(train);
        assertOneLineUsage(run("fit", "--csv", train.toString(), "--target", "y", "--save",
                dir.resolve("x.bnn").toString(), "--metrics-log", train.toString()), "--metrics-log",
                "is the same file as --csv");
        assertArrayEquals(before, bytes(train));
    }
}
