package org.bnn4j.spark.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.bnn4j.datasets.UciDataset;
import org.bnn4j.datasets.UciFixtures;
import org.bnn4j.examples.uci.UciCommand;
import org.bnn4j.examples.uci.UciInference;
import org.bnn4j.nn.Activation;
import org.bnn4j.spark.SparkTests;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The 20 yacht splits as Spark tasks give exactly the per-split RMSE and log-likelihood of {@code bnn uci} with the
 * same seed (short budgets: the check is on equality, not on the benchmark's figures).
 */
class UciSplitsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, {1} epochs")
    @CsvSource({"map, 150", "svi, 150"})
    void twentySplitsEqualBnnUci(String inference, int epochs) throws IOException {
        Path uci = UciFixtures.sharedDir();
        assumeTrue(uci != null && Files.isDirectory(uci.resolve("yacht")), "shared/data/uci not found");
        long seed = 5;
        org.bnn4j.spark.BnnCli.run("uci", "--data-dir", uci.toString(), "--dataset", "yacht", "--inference",
                inference, "--epochs", Integer.toString(epochs), "--seed", Long.toString(seed), "--out",
                dir.toString());
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());

        UciDataset yacht = UciDataset.load(uci.resolve("yacht"));
        UciInference method = new UciInference.Converter().convert(inference);
        List<SplitTask> tasks = UciSplits.tasks(yacht, yacht.numSplits(),
                UciCommand.model(yacht.featureColumns().length, 50, Activation.RELU, false, method), "",
                i -> () -> method.create(epochs, seed + i), 100, seed, false);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTests.session().sparkContext());
        List<SplitScore> scores = IndependentFits.run(jsc, tasks, "yacht");

        assertEquals(20, scores.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(i, scores.get(i).split());
            assertEquals(metrics.at("/rmse/perSplit/" + i).doubleValue(), scores.get(i).rmse(), 0.0, "rmse " + i);
            assertEquals(metrics.at("/ll/perSplit/" + i).doubleValue(), scores.get(i).ll(), 0.0, "ll " + i);
        }
    }
}
