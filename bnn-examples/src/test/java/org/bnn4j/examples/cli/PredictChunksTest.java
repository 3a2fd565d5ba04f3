package org.bnn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bnn4j.examples.csv.BadInputException;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.CentralInterval;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code bnn predict} predicts in chunks of rows and must print exactly what one prediction of all rows prints: for
 * every kind of saved posterior, a chunk of rows predicted with a fresh generator of the same seed gives the same bits
 * as those rows in a prediction of all rows, and the command's output with tiny chunks is the same bytes as with one.
 */
class PredictChunksTest {

    @TempDir
    static Path dir;

    /** Rows of the prediction file: more than two chunks of the wide net's kernel floor (371 rows, see below). */
    private static final int ROWS = 1500;
    private static final String SAMPLES = "20";
    private static final Map<String, Path> MODELS = new LinkedHashMap<>();
    private static double[] x;
    private static Path newCsv;

    /** One model per kind of saved posterior and per predictive path (noise family, noise model, Laplace's forms). */
    @BeforeAll
    static void fitEveryKind() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        StringBuilder train = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 40; i++) {
            double a = 4 * r.nextDouble() - 2;
            double b = 4 * r.nextDouble() - 2;
            train.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f%n", a, b, Math.sin(a) + 0.5 * b
                    + 0.1 * r.nextGaussian()));
        }
        Path trainCsv = Files.writeString(dir.resolve("train.csv"), train.toString());
        x = new double[ROWS * 2];
        StringBuilder pred = new StringBuilder("x1,x2\n");
        for (int i = 0; i < ROWS; i++) {
            x[2 * i] = 8 * r.nextDouble() - 4; // beyond the training inputs too, where the samples disagree most
            x[2 * i + 1] = 8 * r.nextDouble() - 4;
            pred.append(x[2 * i]).append(',').append(x[2 * i + 1]).append('\n');
        }
        newCsv = Files.writeString(dir.resolve("new.csv"), pred.toString());
        String epochs = "20";
        fit(trainCsv, "ensemble", "--inference", "ensemble", "--members", "3", "--epochs", epochs);
        fit(trainCsv, "svi", "--inference", "svi", "--epochs", epochs);
        fit(trainCsv, "svi-lowrank", "--inference", "svi", "--guide", "lowrank:2", "--epochs", epochs);
        fit(trainCsv, "svi-fullrank", "--inference", "svi", "--guide", "fullrank", "--epochs", epochs);
        fit(trainCsv, "svi-student-t", "--inference", "svi", "--likelihood", "student-t", "--epochs", epochs);
        fit(trainCsv, "svi-homoskedastic", "--inference", "svi", "--homoskedastic", "--epochs", epochs);
        fit(trainCsv, "map", "--inference", "map", "--epochs", epochs);
        fit(trainCsv, "mle", "--inference", "mle", "--epochs", epochs);
        fit(trainCsv, "laplace", "--inference", "laplace", "--epochs", epochs);
        fit(trainCsv, "laplace-lastlayer", "--inference", "laplace", "--laplace-structure", "lastlayer", "--epochs",
                epochs);
        fit(trainCsv, "laplace-mixture", "--inference", "laplace", "--members", "2", "--epochs", epochs);
        fit(trainCsv, "nuts", "--inference", "nuts", "--warmup", "20", "--samples", "10", "--chains", "1");
        fit(trainCsv, "hmc", "--inference", "hmc", "--warmup", "20", "--samples", "10", "--chains", "1",
                "--leapfrog-steps", "4");
    }

    private static void fit(Path train, String name, String... method) {
        Path model = dir.resolve(name + ".bnn");
        List<String> args = new ArrayList<>(List.of("fit", "--csv", train.toString(), "--target", "y", "--quiet",
                "--save", model.toString()));
        args.addAll(List.of(method));
        if (!args.contains("--hidden")) {
            args.addAll(List.of("--hidden", "10"));
        }
        CliRun run = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), name + ": " + run.err());
        MODELS.put(name, model);
    }

    @Test
    void aChunkOfRowsPredictsTheBitsOfThoseRowsInAllRows() throws IOException {
        int[][] chunks = {{0, 1}, {1, 130}, {130, 387}, {387, 1000}, {1499, 1500}}; // across 128- and 256-point tiles
        for (Map.Entry<String, Path> e : MODELS.entrySet()) {
            Posterior post = PosteriorIO.load(e.getValue());
            PredictiveDistribution all = post.predict(rows(0, ROWS), 20, new SplittableRandom(11));
            CentralInterval allCi = all.interval(0.9);
            for (int[] c : chunks) {
                String what = e.getKey() + ", rows [" + c[0] + ", " + c[1] + ")";
                PredictiveDistribution part = post.predict(rows(c[0], c[1]), 20, new SplittableRandom(11));
                PredictiveDistribution same = all.select(IntStream.range(c[0], c[1]).toArray());
                assertBitsEqual(same.sampleMeans(), part.sampleMeans(), what + ": sample means");
                assertBitsEqual(same.sampleScales(), part.sampleScales(), what + ": sample scales");
                assertBitsEqual(same.mean(), part.mean(), what + ": mean");
                assertBitsEqual(same.aleatoricStd(), part.aleatoricStd(), what + ": aleatoric std");
                assertBitsEqual(same.epistemicStd(), part.epistemicStd(), what + ": epistemic std");
                assertBitsEqual(same.totalStd(), part.totalStd(), what + ": total std");
                CentralInterval ci = part.interval(0.9);
                for (int i = c[0]; i < c[1]; i++) {
                    assertEquals(allCi.lower(i, 0), ci.lower(i - c[0], 0), what + ": lower bound of row " + i);
                    assertEquals(allCi.upper(i, 0), ci.upper(i - c[0], 0), what + ": upper bound of row " + i);
                }
            }
        }
    }

    @Test
    void predictInTinyChunksPrintsTheBytesOfOneChunk() {
        for (Map.Entry<String, Path> e : MODELS.entrySet()) {
            assertSameBytes(e.getKey(), e.getValue(), "7");
        }
    }

    /**
     * A 2-50-50 net has enough multiply-adds per hidden unit that large batches run on the ND4J kernel and small
     * ones on the fused kernel, whose results differ in the last bits: 1500 rows run on ND4J, and chunks of one row
     * would run on the fused kernel and print other digits. The command keeps every chunk at or above the 371 rows
     * from which the choice is ND4J, and prints the same bytes.
     */
    @Test
    void chunksOfAWideNetRunOnTheKernelOfAllRows() {
        Path train = dir.resolve("train.csv");
        for (String method : new String[] {"map", "svi"}) {
            String name = "wide-" + method;
            fit(train, name, "--inference", method, "--epochs", "5", "--hidden", "50,50");
            assertSameBytes(name, MODELS.remove(name), "1");
        }
    }

    @Test
    void chunksAreSizedToTheHeapAndRefusedOnlyWhenOneDoesNotFit() {
        int rows = PredictCommand.rowsThatFit(1000, 50, 1);
        PredictCommand.requireMemory(1000, 50, rows, 10 * rows, 1); // does not throw
        // twice the rows need about twice the memory the heap share allows
        BadInputException e = assertThrows(BadInputException.class,
                () -> PredictCommand.requireMemory(1000, 50, 2 * rows + 50, 10 * rows, 1));
        assertTrue(e.getMessage().contains("rows are predicted " + (2 * rows + 50) + " at a time"), e.getMessage());
        assertTrue(e.getMessage().contains("pass --samples"), e.getMessage());
        assertEquals(1, PredictCommand.rowsThatFit(Integer.MAX_VALUE, 1_000_000, 1), "never less than one row");
    }

    @Test
    void aChunkSizeBelowOneIsRefused() {
        CliRun r = CliRun.run("predict", "--model", MODELS.get("map").toString(), "--csv", newCsv.toString(),
                "--chunk-rows", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--chunk-rows must be >= 1 but was 0"), r.err());
    }

    /** {@code --chunk-rows chunk} to a file and to stdout against one chunk of all rows, byte for byte. */
    private static void assertSameBytes(String name, Path model, String chunk) {
        try {
            Path one = dir.resolve(name + "-one.csv");
            Path small = dir.resolve(name + "-chunked.csv");
            CliRun a = CliRun.run("predict", "--model", model.toString(), "--csv", newCsv.toString(), "--samples",
                    SAMPLES, "--out", one.toString(), "--chunk-rows", Integer.toString(ROWS));
            assertEquals(0, a.exit(), name + ": " + a.err());
            CliRun b = CliRun.run("predict", "--model", model.toString(), "--csv", newCsv.toString(), "--samples",
                    SAMPLES, "--out", small.toString(), "--chunk-rows", chunk);
            assertEquals(0, b.exit(), name + ": " + b.err());
            byte[] expected = Files.readAllBytes(one);
            assertEquals(ROWS + 1, Files.readAllLines(one).size(), name);
            assertArrayEquals(expected, Files.readAllBytes(small), name + ": chunks of " + chunk + " rows");
            CliRun c = CliRun.run("predict", "--model", model.toString(), "--csv", newCsv.toString(), "--samples",
                    SAMPLES, "--chunk-rows", chunk);
            assertEquals(0, c.exit(), name + ": " + c.err());
            assertEquals(Files.readString(one), c.out(), name + ": standard output");
        } catch (IOException e) {
            throw new AssertionError(name, e);
        }
    }

    private static INDArray rows(int from, int to) {
        return Nd4j.create(Arrays.copyOfRange(x, 2 * from, 2 * to), new long[] {to - from, 2}, DataType.DOUBLE);
    }

    private static void assertBitsEqual(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(Arrays2.toDoubles(expected), Arrays2.toDoubles(actual), what);
    }
}
