package org.bnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Distributed prediction equals {@code bnn predict} exactly: the same model file, CSV rows and seed give the same
 * bits in every output column, for 1, 2 and 8 partitions and batch sizes that cut the rows differently (the
 * million-row version of this check is {@link MillionRowPredictionTest}).
 */
class SparkPredictorTest {

    /** Rows: enough for several batches per partition at the batch sizes below, a few seconds of interval solving. */
    private static final int ROWS = 3000;

    @TempDir
    static Path dir;
    private static Path model;
    private static Path csv;
    private static PredictionCheck.Table expected;

    @BeforeAll
    static void bnnPredict() throws IOException {
        model = dir.resolve("model.bnn");
        csv = dir.resolve("rows.csv");
        Synthetic.saveModel(Synthetic.meanField(5), model);
        Synthetic.writeCsv(Synthetic.data(ROWS, 9), csv);
        Path out = dir.resolve("bnn-predict.csv");
        BnnCli.run("predict", "--model", model.toString(), "--csv", csv.toString(), "--seed", "3", "--out",
                out.toString());
        expected = PredictionCheck.readBnnPredict(out);
    }

    @ParameterizedTest(name = "{0} partitions, batches of {1}")
    @CsvSource({"1, 4096", "2, 1000", "8, 77"})
    void equalsBnnPredictBitForBit(int partitions, int batchSize) throws IOException {
        SparkSession spark = SparkTests.session();
        Dataset<Row> rows = spark.read().option("header", true).option("inferSchema", true).csv(csv.toString())
                .repartition(partitions);
        assertEquals(partitions, rows.rdd().getNumPartitions());
        PosteriorBytes bytes = PosteriorBytes.read(model);
        PredictConfig config = PredictConfig.fromAttributes(bytes.saved().attributes()).seed(3).batchSize(batchSize)
                .build();
        Dataset<Row> scored = new SparkPredictor(bytes, config).predict(rows);
        assertEquals(ROWS, PredictionCheck.assertSame(expected, scored));
    }

    @Test
    void theEpistemicColumnIsNotTrivial() {
        // the comparison above would be weak if every draw gave the same prediction
        int epi = expected.header().indexOf("y_epistemic_std");
        assertTrue(epi >= 0, "bnn predict writes y_epistemic_std");
        double min = Double.POSITIVE_INFINITY;
        for (double[] r : expected.values()) {
            min = Math.min(min, r[epi]);
        }
        assertTrue(min > 1e-3, "epistemic std " + min + " at some row");
    }

    @Test
    void aDifferentSeedGivesDifferentNumbers() throws IOException {
        Dataset<Row> rows = SparkTests.session().read().option("header", true).option("inferSchema", true)
                .csv(csv.toString());
        PosteriorBytes bytes = PosteriorBytes.read(model);
        PredictConfig config = PredictConfig.fromAttributes(bytes.saved().attributes()).seed(4).build();
        Dataset<Row> scored = new SparkPredictor(bytes, config).predict(rows);
        assertThrows(AssertionError.class, () -> PredictionCheck.assertSame(expected, scored));
    }

    @Test
    void passesOtherColumnsThroughAndNamesOutputsLikeBnnPredict() throws IOException {
        Dataset<Row> rows = SparkTests.session().read().option("header", true).option("inferSchema", true)
                .csv(csv.toString()).limit(10);
        PosteriorBytes bytes = PosteriorBytes.read(model);
        PredictConfig config = PredictConfig.fromAttributes(bytes.saved().attributes()).level(0.9).build();
        Dataset<Row> scored = new SparkPredictor(bytes, config).predict(rows);
        List<String> cols = List.of(scored.columns());
        assertEquals(List.of("id", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "y", "y_mean", "y_aleatoric_std",
                "y_epistemic_std", "y_total_std", "y_lower_90", "y_upper_90"), cols);
        assertEquals(10, scored.count());
    }

    @Test
    void rejectsMissingOrNonNumericFeatures() throws IOException {
        SparkSession spark = SparkTests.session();
        Dataset<Row> rows = spark.read().option("header", true).option("inferSchema", true).csv(csv.toString());
        SparkPredictor predictor = SparkPredictor.of(PosteriorBytes.read(model));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(rows.drop("x3")));
        assertTrue(missing.getMessage().contains("'x3'"), missing.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(rows.withColumn("x3", functions.col("x3").cast("string"))));
        assertTrue(text.getMessage().contains("cast it to double"), text.getMessage());
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(rows.withColumn("y_mean", functions.lit(1.0))));
        assertTrue(taken.getMessage().contains("y_mean"), taken.getMessage());
    }
}
