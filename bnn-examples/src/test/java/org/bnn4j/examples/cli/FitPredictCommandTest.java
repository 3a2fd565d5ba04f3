package org.bnn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bnn fit} and {@code bnn predict} on CSV files: round trip, output columns, and every bad input. */
class FitPredictCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    /** {@code x1, x2, label, y} with y = sin(x1) + 0.5 x2 + noise, 80 rows. */
    private Path trainCsv() throws IOException {
        SplittableRandom r = new SplittableRandom(2);
        StringBuilder sb = new StringBuilder("x1,x2,label,y\n");
        for (int i = 0; i < 80; i++) {
            double a = 4 * r.nextDouble() - 2;
            double b = 4 * r.nextDouble() - 2;
            sb.append(String.format(Locale.ROOT, "%.6f,%.6f,row%d,%.6f%n", a, b, i,
                    Math.sin(a) + 0.5 * b + 0.1 * r.nextGaussian()));
        }
        return write("train.csv", sb.toString());
    }

    private Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private List<CSVRecord> readCsv(Path f) throws IOException {
        try (var p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(f))) {
            return p.getRecords();
        }
    }

    @Test
    void fitThenPredictWritesEveryColumnPerRow() throws IOException {
        Path train = trainCsv();
        Path model = dir.resolve("model.bnn");
        CliRun fit = run("fit", "--csv", train.toString(), "--target", "y", "--features", "x1,x2", "--epochs", "40",
                "--hidden", "8", "--save", model.toString());
        assertEquals(0, fit.exit(), fit.err());
        assertTrue(fit.out().contains("x1,x2 -> y"), fit.out());
        // the prediction file may hold other columns in another order: features are found by name
        Path newCsv = write("new.csv", "y,x2,x1\n0,0.5,-1\n0,1.0,0\n0,-1.5,2\n0,0,30\n");
        Path pred = dir.resolve("pred.csv");
        CliRun p = run("predict", "--model", model.toString(), "--csv", newCsv.toString(), "--samples", "50",
                "--level", "0.9", "--out", pred.toString());
        assertEquals(0, p.exit(), p.err());
        List<CSVRecord> rows = readCsv(pred);
        assertEquals(4, rows.size());
        assertEquals(List.of("y_mean", "y_aleatoric_std", "y_epistemic_std", "y_total_std", "y_lower_90", "y_upper_90"),
                rows.get(0).getParser().getHeaderNames());
        for (CSVRecord r : rows) {
            double mean = Double.parseDouble(r.get("y_mean"));
            double ale = Double.parseDouble(r.get("y_aleatoric_std"));
            double epi = Double.parseDouble(r.get("y_epistemic_std"));
            double tot = Double.parseDouble(r.get("y_total_std"));
            assertTrue(ale > 0 && epi > 0, r.toString()); // svi: weight samples differ
            // law of total variance; the CSV holds Java's shortest round-trip decimals, so only rounding of the sum
            assertEquals(ale * ale + epi * epi, tot * tot, 1e-12 * tot * tot);
            assertTrue(Double.parseDouble(r.get("y_lower_90")) < mean && mean < Double.parseDouble(r.get("y_upper_90")));
        }
        // same seed, same bytes; the default output is stdout
        CliRun again = run("predict", "--model", model.toString(), "--csv", newCsv.toString(), "--samples", "50",
                "--level", "0.9");
        assertEquals(Files.readString(pred), again.out());
    }

    @Test
    void noHeaderSelectsByPositionAndPointEstimateHasZeroEpistemicStd() throws IOException {
        Path train = write("t.csv", "1,2,3\n2,1,5\n3,5,8\n4,2,7\n5,0,9\n");
        Path model = dir.resolve("m.bnn");
        CliRun fit = run("fit", "--csv", train.toString(), "--no-header", "--target", "3", "--inference", "map",
                "--epochs", "20", "--hidden", "4", "--homoskedastic", "--save", model.toString());
        assertEquals(0, fit.exit(), fit.err());
        CliRun p = run("predict", "--model", model.toString(), "--csv", write("n.csv", "1.5,2,99\n").toString());
        assertEquals(0, p.exit(), p.err());
        String[] lines = p.out().split("\n");
        assertEquals("3_mean,3_aleatoric_std,3_epistemic_std,3_total_std,3_lower_95,3_upper_95", lines[0]);
        assertEquals("0.0", lines[1].split(",")[2]);
    }

    @Test
    void nutsFitSavesDrawsThatPredictWithPositiveEpistemicStd() throws IOException {
        Path train = write("tn.csv", "x,y\n0,0.1\n0.5,0.4\n1,0.9\n1.5,1.4\n2,2.1\n2.5,2.4\n");
        Path model = dir.resolve("nuts.bnn");
        CliRun fit = run("fit", "--csv", train.toString(), "--target", "y", "--inference", "nuts", "--warmup", "30",
                "--samples", "20", "--chains", "2", "--hidden", "4", "--save", model.toString());
        assertEquals(0, fit.exit(), fit.err());
        CliRun p = run("predict", "--model", model.toString(), "--csv", write("tn2.csv", "x\n5.0\n").toString());
        assertEquals(0, p.exit(), p.err());
        double epistemic = Double.parseDouble(p.out().split("\n")[1].split(",")[2]);
        assertTrue(epistemic > 0, "draws of 2 chains must disagree away from the data: " + p.out());
        CliRun bad = run("fit", "--csv", train.toString(), "--target", "y", "--inference", "nuts", "--warmup", "-1",
                "--save", dir.resolve("x.bnn").toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--warmup must be >= 0 but was -1"), bad.err());
    }

    @Test
    void lowRankAndFullRankFitsSaveAndPredict() throws IOException {
        Path train = write("tg.csv", "x,y\n0,0.1\n0.5,0.4\n1,0.9\n1.5,1.4\n2,2.1\n2.5,2.4\n");
        for (String guide : new String[] {"lowrank:2", "fullrank"}) {
            Path model = dir.resolve(guide.replace(':', '-') + ".bnn");
            CliRun fit = run("fit", "--csv", train.toString(), "--target", "y", "--inference", "svi", "--guide", guide,
                    "--particles", "2", "--epochs", "40", "--hidden", "4", "--save", model.toString());
            assertEquals(0, fit.exit(), fit.err());
            CliRun p = run("predict", "--model", model.toString(), "--csv", write("tg2.csv", "x\n5.0\n").toString());
            assertEquals(0, p.exit(), p.err());
            double epistemic = Double.parseDouble(p.out().split("\n")[1].split(",")[2]);
            assertTrue(epistemic > 0, guide + ": weight samples of a Gaussian guide differ: " + p.out());
        }
        CliRun bad = run("fit", "--csv", train.toString(), "--target", "y", "--inference", "mle", "--guide", "fullrank",
                "--save", dir.resolve("x.bnn").toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--guide applies to svi only"), bad.err());
    }

    /** One bad input: the arguments, and a fragment the one-line message must contain. */
    private record Case(String what, String fragment, String... args) {
    }

    @Test
    void badInputsFailWithOneLineExitCode2AndNoOutputFile() throws IOException {
        Path train = trainCsv();
        Path model = dir.resolve("model.bnn");
        assertEquals(0, run("fit", "--csv", train.toString(), "--target", "y", "--features", "x1,x2", "--inference",
                "map", "--epochs", "10", "--hidden", "4", "--save", model.toString()).exit());
        Path truncated = write("truncated.bnn", "");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(model), 300));
        String newModel = dir.resolve("new.bnn").toString();
        String out = dir.resolve("out.csv").toString();
        String good = "x1,x2\n1,2\n";
        List<Case> cases = List.of(
                fit("missing cell", "line 3, column 'x2': missing value", "x1,x2,y\n1,2,3\n4,,6\n"),
                fit("non-numeric cell", "line 2, column 'x1': 'abc' is not a number", "x1,x2,y\nabc,2,3\n4,5,6\n"),
                fit("NaN cell", "line 3, column 'y': NaN is not a finite number", "x1,x2,y\n1,2,3\n4,5,NaN\n"),
                fit("Inf cell", "column 'x2': -Infinity is not a finite number", "x1,x2,y\n1,-Infinity,3\n4,5,6\n"),
                fit("ragged row", "line 3: 2 cells but the header has 3", "x1,x2,y\n1,2,3\n4,5\n"),
                fit("empty file", "is empty", ""),
                fit("header only", "has a header but no data rows", "x1,x2,y\n"),
                fit("constant feature", "feature column 'x2' of bad8.csv is constant (every value is 7.0)",
                        "x1,x2,y\n1,7,3\n2,7,4\n3,7,5\n"),
                fit("duplicate header", "names column 'x1' twice", "x1,x1,y\n1,2,3\n"),
                fit("unclosed quote", "cannot be read as CSV", "x1,x2,y\n1,\"2,3\n4,5,6\n"),
                new Case("target column does not exist", "--target 'price' is not a column of train.csv",
                        "fit", "--csv", train.toString(), "--target", "price", "--save", newModel),
                new Case("feature number out of range", "--features '9' is not a column of train.csv",
                        "fit", "--csv", train.toString(), "--target", "y", "--features", "1,9", "--save", newModel),
                new Case("target also a feature", "is both a feature and a target",
                        "fit", "--csv", train.toString(), "--target", "y", "--features", "x1,y", "--save", newModel),
                new Case("label column used as feature", "line 2, column 'label': 'row0' is not a number",
                        "fit", "--csv", train.toString(), "--target", "y", "--save", newModel),
                new Case("missing training file", "no such file",
                        "fit", "--csv", dir.resolve("nope.csv").toString(), "--target", "y", "--save", newModel),
                new Case("bad --hidden", "--hidden must be positive layer widths",
                        "fit", "--csv", train.toString(), "--target", "y", "--hidden", "8,x", "--save", newModel),
                new Case("--particles with map", "--particles applies to svi only",
                        "fit", "--csv", train.toString(), "--target", "y", "--inference", "map", "--particles", "2",
                        "--save", newModel),
                new Case("prediction columns do not match", "lacks the model's feature column(s) x2",
                        "predict", "--model", model.toString(), "--csv", write("p1.csv", "x1,z\n1,2\n").toString(),
                        "--out", out),
                new Case("prediction cell not numeric", "line 3, column 'x1': '1,5' is not a number",
                        "predict", "--model", model.toString(),
                        "--csv", write("p2.csv", "x1,x2\n1,2\n\"1,5\",2\n").toString(), "--out", out),
                new Case("empty prediction file", "is empty", "predict", "--model", model.toString(),
                        "--csv", write("p3.csv", "\n\n").toString(), "--out", out),
                new Case("truncated model file", "truncated.bnn: truncated or corrupted",
                        "predict", "--model", truncated.toString(), "--csv", write("p4.csv", good).toString(),
                        "--out", out),
                new Case("foreign model file", "not a bnn4j posterior file (not a zip archive)",
                        "predict", "--model", train.toString(), "--csv", write("p5.csv", good).toString(), "--out", out),
                new Case("missing model file", "no such model file",
                        "predict", "--model", dir.resolve("none.bnn").toString(), "--csv", write("p6.csv", good).toString(),
                        "--out", out),
                new Case("--level out of range", "--level must be in (0, 1) but was 1.5",
                        "predict", "--model", model.toString(), "--csv", write("p7.csv", good).toString(), "--level", "1.5",
                        "--out", out),
                new Case("--samples 0", "--samples must be >= 1 but was 0",
                        "predict", "--model", model.toString(), "--csv", write("p8.csv", good).toString(), "--samples", "0",
                        "--out", out));
        Files.writeString(Path.of(out), "previous output\n");
        byte[] modelBytes = Files.readAllBytes(model);
        StringBuilder table = new StringBuilder("| bad input | message (stderr, exit 2) |\n|---|---|\n");
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            CliRun r = run(c.args());
            String err = r.err().strip();
            table.append("| ").append(c.what()).append(" | `").append(err).append("` |\n");
            if (r.exit() != 2 || err.contains("\n") || !err.contains(c.fragment()) || err.contains("\tat ")) {
                failures.add(c.what() + " -> exit " + r.exit() + ": " + r.err());
            }
        }
        System.out.println(table);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertFalse(Files.exists(Path.of(newModel)), "a failed fit must not write a model file");
        assertEquals("previous output\n", Files.readString(Path.of(out)), "a failed predict must not touch --out");
        assertArrayEquals(modelBytes, Files.readAllBytes(model));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temporary files left");
        }
    }

    @Test
    void verbosePrintsTheStackTrace() {
        CliRun r = run("--verbose", "fit", "--csv", dir.resolve("nope.csv").toString(), "--target", "y", "--save",
                dir.resolve("m.bnn").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("\tat org.bnn4j.examples.csv.CsvTable.read"), r.err());
    }

    private int badFiles;

    private Case fit(String what, String fragment, String content) {
        try {
            Path f = write("bad" + (++badFiles) + ".csv", content);
            return new Case(what, fragment, "fit", "--csv", f.toString(), "--target", "y", "--save",
                    dir.resolve("new.bnn").toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
