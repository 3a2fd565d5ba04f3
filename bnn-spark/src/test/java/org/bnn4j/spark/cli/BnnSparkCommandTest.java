package org.bnn4j.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bnn4j.datasets.UciFixtures;
import org.bnn4j.inference.SamplePosterior;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.spark.BnnCli;
import org.bnn4j.spark.SparkTests;
import org.bnn4j.spark.Synthetic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code bnn-spark} command end to end in the tests' local[2] session: its outputs equal those of the single-JVM
 * {@code bnn} commands ({@code predict}, {@code fit --inference nuts}, {@code uci}) run on the same inputs, and a model
 * fitted data-parallel is read by {@code bnn predict}.
 */
class BnnSparkCommandTest {

    @TempDir
    static Path dir;
    private static Path train;

    @BeforeAll
    static void data() throws IOException {
        SparkTests.session(); // the commands use the running session and leave it running
        train = dir.resolve("train.csv");
        Synthetic.writeCsv(Synthetic.data(300, 17), train);
    }

    private static int run(String... args) {
        CommandLine cl = BnnSpark.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        assertEquals(0, exit, "bnn-spark " + String.join(" ", args) + ": " + err);
        return exit;
    }

    @Test
    void predictWritesBnnPredictsNumbers() throws IOException {
        Path model = dir.resolve("p.bnn");
        Synthetic.saveModel(Synthetic.meanField(8), model);
        Path rows = dir.resolve("rows.csv");
        Synthetic.writeCsv(Synthetic.data(1500, 2), rows);
        Path ref = dir.resolve("ref.csv");
        BnnCli.run("predict", "--model", model.toString(), "--csv", rows.toString(), "--level", "0.9", "--out",
                ref.toString());
        Path out = dir.resolve("scored");
        run("predict", "--model", model.toString(), "--csv", rows.toString(), "--level", "0.9", "--partitions", "3",
                "--out", out.toString());
        // what the command wrote, read back as text: Spark's CSV writer must print the doubles exactly
        Dataset<Row> written = SparkTests.session().read().option("header", true).option("inferSchema", true)
                .csv(out.toString());
        List<String> refHeader = List.of(Files.readAllLines(ref).get(0).split(","));
        assertTrue(List.of(written.columns()).containsAll(refHeader), "columns " + List.of(written.columns()));
        assertEquals(1500, org.bnn4j.spark.PredictionCheck.assertSame(ref, written));
    }

    @Test
    void chainsEqualBnnFitNuts() throws IOException {
        Path a = dir.resolve("nuts-bnn.bnn");
        Path b = dir.resolve("nuts-spark.bnn");
        String[] common = {"--csv", train.toString(), "--target", "y", "--features", "x1,x2,x3,x4,x5,x6,x7,x8",
                "--hidden", "8", "--chains", "3", "--warmup", "40", "--samples", "10", "--seed", "5"};
        BnnCli.run(concat(new String[] {"fit", "--inference", "nuts", "--save", a.toString()}, common));
        run(concat(new String[] {"sweep", "chains", "--save", b.toString()}, common));
        SamplePosterior pa = (SamplePosterior) PosteriorIO.load(a);
        SamplePosterior pb = (SamplePosterior) PosteriorIO.load(b);
        double[][][] ca = pa.chains();
        double[][][] cb = pb.chains();
        assertEquals(3, cb.length);
        for (int c = 0; c < 3; c++) {
            for (int t = 0; t < ca[c].length; t++) {
                assertArrayEquals(ca[c][t], cb[c][t], "chain " + c + ", draw " + t);
            }
        }
        assertEquals(PosteriorIO.read(a).attributes().get("features"), PosteriorIO.read(b).attributes().get("features"));
    }

    @Test
    void aDataParallelFitIsReadByBnnPredict() throws IOException {
        Path model = dir.resolve("dp.bnn");
        run("fit", "--csv", train.toString(), "--target", "y", "--features", "x1,x2,x3,x4,x5,x6,x7,x8",
                "--inference", "map", "--epochs", "30", "--partitions", "2", "--save", model.toString());
        Path out = dir.resolve("dp-pred.csv");
        BnnCli.run("predict", "--model", model.toString(), "--csv", train.toString(), "--out", out.toString());
        assertEquals(301, Files.readAllLines(out).size());
    }

    @Test
    void uciSweepAndGridCellEqualBnnUci() throws IOException {
        Path uci = UciFixtures.sharedDir();
        assumeTrue(uci != null && Files.isDirectory(uci.resolve("yacht")), "shared/data/uci not found");
        Path ref = dir.resolve("uci-ref");
        BnnCli.run("uci", "--data-dir", uci.toString(), "--dataset", "yacht", "--inference", "map", "--epochs", "40",
                "--splits", "3", "--seed", "2", "--out", ref.toString());
        Path sweep = dir.resolve("uci-sweep");
        run("sweep", "uci", "--data-dir", uci.toString(), "--dataset", "yacht", "--inference", "map", "--epochs", "40",
                "--splits", "3", "--seed", "2", "--out", sweep.toString());
        JsonNode a = new ObjectMapper().readTree(ref.resolve("metrics.json").toFile());
        JsonNode b = new ObjectMapper().readTree(sweep.resolve("metrics.json").toFile());
        assertEquals(a.get("rmse").get("perSplit"), b.get("rmse").get("perSplit"));
        assertEquals(a.get("ll").get("perSplit"), b.get("ll").get("perSplit"));
        assertEquals(a.get("settings"), b.get("settings"));

        Path grid = dir.resolve("grid");
        run("sweep", "grid", "--data-dir", uci.toString(), "--dataset", "yacht", "--inference", "map", "--epochs", "40",
                "--hidden-grid", "20,50", "--prior-std-grid", "1", "--splits", "3", "--seed", "2", "--test", "--out",
                grid.toString());
        List<String> lines = Files.readAllLines(grid.resolve("grid.csv"));
        assertEquals(1 + 6, lines.size());
        // the cell with bnn uci's settings (50 units, prior std 1) reproduces its test scores
        for (int i = 0; i < 3; i++) {
            String[] cells = lines.get(4 + i).split(",");
            assertEquals("50", cells[0]);
            assertEquals(a.get("ll").get("perSplit").get(i).doubleValue(), Double.parseDouble(cells[4]), 0.0);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
