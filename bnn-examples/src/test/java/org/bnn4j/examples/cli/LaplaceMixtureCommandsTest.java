package org.bnn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --inference laplace --members M} (a mixture of Laplace approximations) in {@code bnn fit} and predict. */
class LaplaceMixtureCommandsTest {

    @TempDir
    Path dir;

    @Test
    void fitSavesAMixtureThatPredictLoads() throws IOException {
        SplittableRandom rng = new SplittableRandom(2);
        StringBuilder sb = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 60; i++) {
            double a = 4 * rng.nextDouble() - 2;
            double b = 4 * rng.nextDouble() - 2;
            sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f%n", a, b, Math.sin(a) + 0.5 * b
                    + 0.1 * rng.nextGaussian()));
        }
        Path train = dir.resolve("train.csv");
        Files.writeString(train, sb.toString());
        Path model = dir.resolve("mix.bnn");
        CliRun fit = CliRun.run("fit", "--csv", train.toString(), "--target", "y", "--inference", "laplace",
                "--members", "2", "--epochs", "60", "--hidden", "8", "--save", model.toString());
        assertEquals(0, fit.exit(), fit.err());
        assertTrue(fit.out().contains("fitted laplace on 60 rows"), fit.out());
        assertEquals("laplace-mixture", org.bnn4j.inference.io.PosteriorIO.load(model).method());
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "x1,x2\n0,0\n1,-1\n");
        Path pred = dir.resolve("pred.csv");
        CliRun p = CliRun.run("predict", "--model", model.toString(), "--csv", x.toString(), "--out", pred.toString());
        assertEquals(0, p.exit(), p.err());
        List<String> lines = Files.readAllLines(pred);
        assertEquals(3, lines.size(), lines.toString());
        int epi = List.of(lines.get(0).split(",")).indexOf("y_epistemic_std");
        assertTrue(epi >= 0, lines.get(0));
        for (String line : lines.subList(1, 3)) {
            assertTrue(Double.parseDouble(line.split(",")[epi]) > 0, line);
        }
    }
}
