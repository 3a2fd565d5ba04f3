package org.bnn4j.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bnn4j.examples.cli.CliRun;

/**
 * The files and runs the replays share: {@code train.csv} (x1, x2, y; 60 rows) and {@code test.csv} (20 rows) as in
 * the cases reported, a small model fitted from them, in-process runs of {@code bnn}, and runs in a child JVM for
 * what only a real process shows (its standard output descriptor, signals).
 */
final class Replay {

    private Replay() {
    }

    /** @return {@code x1,x2,y} with y = x1 + 0.5 x2 + noise: 60 rows */
    static Path trainCsv(Path dir) throws IOException {
        return csv(dir.resolve("train.csv"), 60, 1);
    }

    /** @return 20 rows like {@link #trainCsv} */
    static Path testCsv(Path dir) throws IOException {
        return csv(dir.resolve("test.csv"), 20, 2);
    }

    private static Path csv(Path f, int rows, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < rows; i++) {
            double a = 4 * r.nextDouble() - 2;
            double b = 4 * r.nextDouble() - 2;
            sb.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f%n", a, b, a + 0.5 * b + 0.1 * r.nextGaussian()));
        }
        Files.writeString(f, sb.toString());
        return f;
    }

    /** Fits a 2-8-1 net for 30 SVI epochs (a second) and saves it. */
    static Path model(Path train, Path save, long seed) {
        CliRun fit = run("fit", "--csv", train.toString(), "--target", "y", "--epochs", "30", "--hidden", "8",
                "--seed", Long.toString(seed), "--quiet", "--save", save.toString());
        assertEquals(0, fit.exit(), fit.err());
        return save;
    }

    /** @return an in-process run (stdout and stderr captured) */
    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    /** Asserts a one-line failure with exit code 2 that contains every fragment and no stack trace. */
    static void assertOneLineUsage(CliRun r, String... fragments) {
        assertEquals(2, r.exit(), "exit code; stderr: " + r.err());
        String err = r.err().strip();
        assertFalse(err.isEmpty() || err.contains("\n") || err.contains("\tat "), "one line: " + r.err());
        for (String f : fragments) {
            assertTrue(err.contains(f), "'" + f + "' in: " + err);
        }
    }

    /** @return the bytes of a file, to check it is unchanged */
    static byte[] bytes(Path f) throws IOException {
        return Files.readAllBytes(f);
    }

    /**
     * @param mainClass the class whose main runs
     * @param args      its arguments
     * @return {@code java -cp <this test JVM's class path> mainClass args...}, with a small heap
     */
    static List<String> javaCommand(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The outcome of a child process. */
    record Exited(int exit, String out, String err) {
    }

    /**
     * Runs a command with stdout going to {@code stdout} (null: captured) and stderr captured.
     *
     * @throws IllegalStateException if it runs longer than two minutes
     */
    static Exited exec(List<String> command, File stdout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Path err = Files.createTempFile("bnn-replay-", ".err");
        Path out = Files.createTempFile("bnn-replay-", ".out");
        pb.redirectError(err.toFile());
        pb.redirectOutput(stdout != null ? stdout : out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("child process did not finish: " + command);
            }
            return new Exited(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
            Files.deleteIfExists(out);
        }
    }
}
