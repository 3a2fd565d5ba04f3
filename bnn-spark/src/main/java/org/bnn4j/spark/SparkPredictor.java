package org.bnn4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.bnn4j.inference.Posterior;
import org.bnn4j.nn.internal.Arrays2;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scores a Spark table with a posterior: per row and target the predictive mean, the aleatoric, epistemic and total
 * standard deviations and the bounds of a central interval, as {@code bnn predict} computes them.
 *
 * <p>The weight draws are made once on the driver ({@link Posterior#predictionDraws} from the seed) and broadcast
 * with the posterior's file bytes; each partition decodes the posterior once and evaluates its rows in batches of
 * {@link PredictConfig#batchSize()} with {@link Posterior#predict(INDArray, INDArray)}. Every row so meets the same
 * draws, and the values of a row depend only on that row (the fused CPU kernel evaluates each point on its own), so
 * for the same model, seed and rows the numbers equal {@code bnn predict}'s bit for bit however the table is
 * partitioned. (A net large enough that the ND4J kernel is chosen computes with BLAS, whose blocking may depend on
 * the batch size: its values may then differ in the last bits.)
 *
 * <p>The output has the input's columns followed by {@code T_mean, T_aleatoric_std, T_epistemic_std, T_total_std,
 * T_lower_<L>, T_upper_<L>} for each target T; rows keep their partition and order.
 *
 * <pre>{@code
 * Dataset<Row> rows = spark.read().option("header", true).option("inferSchema", true).csv("new.csv");
 * SparkPredictor predictor = SparkPredictor.of(PosteriorBytes.read(Path.of("model.bnn")));
 * Dataset<Row> scored = predictor.predict(rows);
 * }</pre>
 */
public final class SparkPredictor {

    private final PosteriorBytes posterior;
    private final PredictConfig config;

    /**
     * @param posterior the posterior's bytes
     * @param config    columns, samples, level, seed and batch size
     * @throws IllegalArgumentException if the config's column counts do not match the model
     */
    public SparkPredictor(PosteriorBytes posterior, PredictConfig config) {
        this.posterior = Objects.requireNonNull(posterior, "posterior");
        this.config = Objects.requireNonNull(config, "config");
        int in = posterior.model().network().spec().inDim();
        int out = posterior.model().network().spec().outDim();
        if (config.features().size() != in || config.targets().size() != out) {
            throw new IllegalArgumentException("the model has " + in + " inputs and " + out + " outputs but the config "
                    + "names " + config.features().size() + " features and " + config.targets().size()
                    + " targets; name one column per model input and one per output");
        }
    }

    /**
     * @param modelFile bytes of a file written by {@code bnn fit --save}, which records its column names
     * @return a predictor with {@code bnn predict}'s defaults (100 samples, 95% intervals, seed 1)
     * @throws IllegalArgumentException if the file does not record its columns
     */
    public static SparkPredictor of(PosteriorBytes modelFile) {
        return new SparkPredictor(modelFile, PredictConfig.fromAttributes(modelFile.saved().attributes()).build());
    }

    /** @return the settings */
    public PredictConfig config() {
        return config;
    }

    /**
     * @param rows a table holding the feature columns (any numeric type; other columns are passed through)
     * @return a lazily evaluated table: the input columns followed by the prediction columns
     * @throws IllegalArgumentException if a feature column is missing or not numeric, or an output column name is
     *                                  already taken
     */
    public Dataset<Row> predict(Dataset<Row> rows) {
        StructType in = rows.schema();
        int[] featureIndex = new int[config.features().size()];
        for (int k = 0; k < featureIndex.length; k++) {
            String f = config.features().get(k);
            if (!Arrays.asList(in.fieldNames()).contains(f)) {
                throw new IllegalArgumentException("the table lacks the model's feature column '" + f + "' (columns: "
                        + String.join(", ", in.fieldNames()) + "); pass a table with the training feature columns");
            }
            featureIndex[k] = in.fieldIndex(f);
            if (!(in.fields()[featureIndex[k]].dataType() instanceof NumericType)) {
                throw new IllegalArgumentException("feature column '" + f + "' has type "
                        + in.fields()[featureIndex[k]].dataType().simpleString() + "; cast it to double (e.g. read the "
                        + "CSV with inferSchema, or col(\"" + f + "\").cast(\"double\"))");
            }
        }
        List<StructField> fields = new ArrayList<>(Arrays.asList(in.fields()));
        for (String t : config.targets()) {
            for (String c : config.outputColumns(t)) {
                if (Arrays.asList(in.fieldNames()).contains(c)) {
                    throw new IllegalArgumentException("the table already has a column '" + c + "'; drop or rename it"
                            + " before predicting");
                }
                fields.add(DataTypes.createStructField(c, DataTypes.DoubleType, false));
            }
        }
        StructType out = DataTypes.createStructType(fields);
        INDArray draws = posterior.posterior().predictionDraws(config.numSamples(), new SplittableRandom(config.seed()));
        PredictionPayload payload = new PredictionPayload(posterior, Arrays2.toDoubles(draws), draws.rows(),
                config, featureIndex);
        Broadcast<PredictionPayload> b = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext())
                .broadcast(payload);
        return rows.mapPartitions(new PartitionPredictor(b), Encoders.row(out));
    }
}
