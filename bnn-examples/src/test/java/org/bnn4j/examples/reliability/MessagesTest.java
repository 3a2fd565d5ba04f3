package org.bnn4j.examples.reliability;

import static org.bnn4j.examples.reliability.Replay.assertOneLineUsage;
import static org.bnn4j.examples.reliability.Replay.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bnn4j.examples.cli.CliRun;
import org.bnn4j.examples.io.FileProblems;
import org.bnn4j.inference.io.PosteriorFileException;
import org.bnn4j.inference.io.PosteriorIO;
import org.junit.jupiter.api.Test;

/** Messages say what is actually wrong, and only name options the command has. */
class MessagesTest extends FittedModel {

    private static CliRun fitOn(Path csv) {
        return run("fit", "--csv", csv.toString(), "--target", "y", "--epochs", "5", "--quiet", "--save",
                dir.resolve("never.bnn").toString());
    }

    private static Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void aOneRowCsvIsCalledTooShortNotConstant() throws IOException {
        CliRun r = fitOn(write("one.csv", "x1,x2,y\n1,2,3\n".getBytes()));
        assertOneLineUsage(r, "has only one data row");
        assertFalse(r.err().contains("constant"), r.err());
    }

    @Test
    void directoryBinaryAndNonUtf8FilesSayWhichNotCheckQuoting() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        byte[] latin1 = "x1,x2,y\ncaf\u00e9,1,2\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Object[][] cases = {
            {Files.createDirectories(dir.resolve("a-folder.csv")), "is a directory; pass a CSV file"},
            {write("image.csv", png), "not a text file (it contains NUL bytes"},
            {write("latin1.csv", latin1), "not UTF-8 text; save the file as UTF-8 CSV"},
        };
        for (Object[] c : cases) {
            CliRun r = fitOn((Path) c[0]);
            assertOneLineUsage(r, (String) c[1]);
            assertFalse(r.err().contains("check quoting"), r.err());
        }
    }

    @Test
    void anUnreadableFileIsCalledPermissionDenied() throws IOException {
        assertEquals("permission denied", FileProblems.reason(new AccessDeniedException("/x")));
        assumeFalse("root".equals(System.getProperty("user.name")),
                "root reads any file, so an unreadable file cannot be made for root (CI runs as root); the reason "
                        + "text is checked above");
        Path f = Files.copy(train, dir.resolve("secret.csv"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        assertOneLineUsage(fitOn(f), "permission denied");
    }

    @Test
    void aHugeBadCellIsQuotedShort() throws IOException {
        String cell = "z".repeat(1_000_000);
        CliRun r = fitOn(write("huge.csv", ("x1,x2,y\n" + cell + ",1,2\n3,4,5\n").getBytes()));
        assertOneLineUsage(r, "'zzzz", "... (1000000 characters)' is not a number");
        assertTrue(r.err().length() < 400, "message of " + r.err().length() + " characters");
    }

    @Test
    void javaLiteralsAreNotData() throws IOException {
        for (String literal : new String[] {"0x1p3", "1.5d", "2f", "1_000", "0x10", "1e", "."}) {
            CliRun r = fitOn(write("lit.csv", ("x1,x2,y\n" + literal + ",1,2\n3,4,5\n").getBytes()));
            assertOneLineUsage(r, "'" + literal + "' is not a number");
        }
        for (String number : new String[] {"-1.5", "+2", ".5", "5.", "1e-3", "2E+10"}) {
            CliRun r = fitOn(write("num.csv", ("x1,x2,y\n" + number + ",1,2\n3,4,5\n4,3,1\n").getBytes()));
            assertEquals(0, r.exit(), number + ": " + r.err());
        }
    }

    @Test
    void predictHelpPrintsThePercentSignWithoutAWarning() {
        CliRun r = run("predict", "--help");
        assertEquals(0, r.exit());
        assertFalse(r.err().contains("WARN") || r.out().contains("WARN"), r.err() + r.out());
        assertTrue(r.out().replaceAll("\\s+", " ").contains("holding L% of the predictive mass"), r.out());
    }

    @Test
    void optionMessagesNameTheOptionOnceAndOnlyOptionsTheCommandHas() {
        CliRun act = run("fit", "--csv", train.toString(), "--target", "y", "--activation", "sigmoid", "--save",
                dir.resolve("n.bnn").toString());
        assertOneLineUsage(act, "--activation must be tanh or relu but was 'sigmoid'");
        assertFalse(act.err().contains("--activation activation"), act.err());

        CliRun mcmc = run("fit", "--csv", train.toString(), "--target", "y", "--warmup", "3", "--chains", "2",
                "--save", dir.resolve("n.bnn").toString());
        assertOneLineUsage(mcmc, "--warmup, --chains apply to --inference nuts and hmc only");
        for (String missing : new String[] {"--max-tree-depth", "--step-size", "--metric", "--map-init"}) {
            assertFalse(mcmc.err().contains(missing), "fit has no " + missing + ": " + mcmc.err());
        }

        CliRun depth = run("clusters", "--inference", "nuts", "--max-tree-depth", "50", "--out",
                dir.resolve("c").toString());
        assertOneLineUsage(depth, "--max-tree-depth must be in [1, ");
        assertFalse(depth.err().contains("maxTreeDepth"), depth.err());
    }

    @Test
    void corruptedModelMessagesNeverEndInNull() throws IOException {
        byte[] good = Files.readAllBytes(model);
        Path f = dir.resolve("cut.bnn");
        List<String> bad = new ArrayList<>();
        // every truncation, and the metadata without its formatVersion: each must give a message with a reason
        for (int len = 0; len < good.length; len += 7) {
            Files.write(f, Arrays.copyOf(good, len));
            try {
                PosteriorIO.read(f);
                bad.add(len + ": read a truncated file");
            } catch (PosteriorFileException e) {
                if (e.getMessage().contains("null")) {
                    bad.add(len + ": " + e.getMessage());
                }
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
        CliRun r = run("predict", "--model", write("cut2.bnn", Arrays.copyOf(good, good.length - 30)).toString(),
                "--csv", train.toString());
        assertOneLineUsage(r, "truncated or corrupted");
        assertFalse(r.err().contains("(null)"), r.err());
    }
}
