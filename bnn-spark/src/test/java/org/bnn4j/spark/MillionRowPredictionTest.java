package org.bnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bnn4j.examples.cli.BnnCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acceptance check of distributed prediction: 1,000,000 synthetic rows predicted by {@code bnn predict} in one JVM
 * (a child process with a heap for 100 samples x 1M rows) and by Spark with 1, 2 and 8 partitions give the same bits
 * in every column. Slow (minutes: each run solves two million interval quantiles):
 * {@code mvn -Pslow verify -pl bnn-spark -am -Dtest=MillionRowPredictionTest}.
 */
@Tag("slow")
class MillionRowPredictionTest {

    private static final int ROWS = 1_000_000;

    @TempDir
    static Path dir;
    private static PredictionCheck.Table expected;
    private static Path csv;

    private static synchronized void bnnPredict() throws IOException, InterruptedException {
        if (expected != null) {
            return;
        }
        Path model = dir.resolve("model.bnn");
        csv = dir.resolve("rows.csv");
        Synthetic.saveModel(Synthetic.meanField(5), model);
        Synthetic.writeCsv(Synthetic.data(ROWS, 9), csv);
        Path out = dir.resolve("bnn-predict.csv");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx12g", "-cp", System.getProperty("java.class.path"), BnnCommand.class.getName(), "predict",
                "--model", model.toString(), "--csv", csv.toString(), "--seed", "3", "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("OMP_NUM_THREADS", "1");
        assertEquals(0, pb.start().waitFor(), "bnn predict failed");
        expected = PredictionCheck.readBnnPredict(out);
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 2, 8})
    void equalsBnnPredict(int partitions) throws IOException, InterruptedException {
        bnnPredict();
        Dataset<Row> rows = SparkTests.session().read().option("header", true).option("inferSchema", true)
                .csv(csv.toString()).repartition(partitions);
        PosteriorBytes bytes = PosteriorBytes.read(dir.resolve("model.bnn"));
        Dataset<Row> scored = new SparkPredictor(bytes, PredictConfig.fromAttributes(bytes.saved().attributes())
                .seed(3).build()).predict(rows);
        assertEquals(ROWS, PredictionCheck.assertSame(expected, scored));
    }
}
