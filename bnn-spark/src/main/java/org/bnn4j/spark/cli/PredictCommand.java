package org.bnn4j.spark.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnn4j.spark.PosteriorBytes;
import org.bnn4j.spark.PredictConfig;
import org.bnn4j.spark.SparkPredictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bnn-spark predict}: {@code bnn predict} on Spark. Reads a CSV table (any path Spark reads: local, HDFS, S3),
 * predicts every row with the same weight draws, and writes a CSV directory with the input columns followed by the
 * prediction columns; the numbers equal {@code bnn predict}'s for the same model, rows and seed.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict the rows of a CSV table with a model saved by 'bnn fit --save' (or 'bnn-spark fit').",
                "Output: the input columns, then per target T: T_mean, T_aleatoric_std, T_epistemic_std, T_total_std,"
                        + " T_lower_<L>, T_upper_<L> (as 'bnn predict')."},
        footer = {"", "Example: bnn-spark predict --master 'local[2]' --model m.bnn --csv in.csv --out scored"})
final class PredictCommand implements Callable<Integer> {

    @Mixin
    MasterOption master;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (read on the driver).")
    Path model;

    @Option(names = "--csv", required = true, paramLabel = "PATH", description = "Rows to predict: a CSV file or "
            + "directory, with a header line when the model was fitted with one.")
    String csv;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (must not exist).")
    String out;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "" + PredictConfig.DEFAULT_SAMPLES,
            description = "Weight samples per prediction (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--level", paramLabel = "L", defaultValue = "" + PredictConfig.DEFAULT_LEVEL,
            description = "Central interval level in (0, 1) (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + PredictConfig.DEFAULT_SEED,
            description = "Seed of the weight samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", paramLabel = "N", description = "Repartition the rows into N partitions first "
            + "(default: as read).")
    Integer partitions;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + PredictConfig.DEFAULT_BATCH_SIZE,
            description = "Rows evaluated together in a partition (default: ${DEFAULT-VALUE}; never changes values).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        PosteriorBytes bytes = PosteriorBytes.read(model);
        PredictConfig config = PredictConfig.fromAttributes(bytes.saved().attributes()).numSamples(samples).level(level)
                .seed(seed).batchSize(batchSize).build();
        boolean header = Boolean.TRUE.equals(bytes.saved().attributes().get("header"));
        try (Sessions session = master.open("bnn-spark predict")) {
            SparkSession spark = session.spark();
            long t0 = System.nanoTime();
            Dataset<Row> rows = Tables.readCsv(spark, csv, header);
            if (partitions != null) {
                rows = rows.repartition(partitions);
            }
            Dataset<Row> scored = new SparkPredictor(bytes, config).predict(rows);
            scored.write().option("header", header).csv(out);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "wrote predictions to %s in %.1f s%n", out, secs);
            return 0;
        }
    }
}
