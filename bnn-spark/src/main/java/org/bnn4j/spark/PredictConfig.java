package org.bnn4j.spark;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a distributed prediction ({@link SparkPredictor}), the same as those of {@code bnn predict}.
 *
 * <pre>{@code
 * PredictConfig c = PredictConfig.builder(List.of("x1", "x2"), List.of("y")).numSamples(200).level(0.9).build();
 * }</pre>
 *
 * @param features   input column names, in the model's input order (one per input)
 * @param targets    names of the model's outputs, used to name the output columns (one per output)
 * @param numSamples weight samples per prediction, {@code >= 1} (default {@value #DEFAULT_SAMPLES}; a point estimate
 *                   uses 1)
 * @param level      central interval level in {@code (0, 1)} (default {@value #DEFAULT_LEVEL})
 * @param seed       seed of the weight samples (default {@value #DEFAULT_SEED}, as {@code bnn predict})
 * @param batchSize  rows evaluated together inside a partition, {@code >= 1} (default {@value #DEFAULT_BATCH_SIZE});
 *                   it changes memory and speed, never the values
 */
public record PredictConfig(List<String> features, List<String> targets, int numSamples, double level, long seed,
                            int batchSize) implements Serializable {

    /** Weight samples per prediction: {@code bnn predict}'s default. */
    public static final int DEFAULT_SAMPLES = 100;
    /** Interval level: {@code bnn predict}'s default. */
    public static final double DEFAULT_LEVEL = 0.95;
    /** Seed of the weight samples: {@code bnn predict}'s default. */
    public static final long DEFAULT_SEED = 1L;
    /**
     * Rows per batch: 100 samples x 4096 rows x 2 arrays of doubles is 6.5 MB per batch, small beside an executor's
     * heap, and large enough that the per-batch cost (the interval solver's set-up, array copies) is negligible.
     */
    public static final int DEFAULT_BATCH_SIZE = 4096;

    /** @throws IllegalArgumentException on empty, blank or repeated names or values out of range */
    public PredictConfig {
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
        requireNames("features", features);
        requireNames("targets", targets);
        if (numSamples < 1) {
            throw new IllegalArgumentException("numSamples must be >= 1 but was " + numSamples + "; pass e.g. 100");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1) but was " + level + "; pass e.g. 0.95");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1 but was " + batchSize + "; pass e.g. "
                    + DEFAULT_BATCH_SIZE);
        }
    }

    private static void requireNames(String what, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException(what + " must name at least one column; pass the model's " + what);
        }
        if (new HashSet<>(names).size() != names.size() || names.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(what + " must be distinct non-blank names but were " + names);
        }
    }

    /**
     * @param features input column names in the model's input order
     * @param targets  output names
     * @return a builder with the defaults
     */
    public static Builder builder(List<String> features, List<String> targets) {
        return new Builder(features, targets);
    }

    /**
     * The column names a model file written by {@code bnn fit --save} records: the feature names when it was fitted
     * on a CSV file with a header, else the positions {@code _c<k>} that Spark's CSV reader gives a file without one.
     *
     * @param attributes the file's attributes ({@link org.bnn4j.inference.io.SavedPosterior#attributes()})
     * @return a builder with those features and targets and the defaults
     * @throws IllegalArgumentException if the attributes do not record the columns
     */
    public static Builder fromAttributes(Map<String, Object> attributes) {
        List<String> features = strings(attributes.get("features"));
        List<String> targets = strings(attributes.get("targets"));
        if (!Boolean.TRUE.equals(attributes.get("header")) && attributes.get("featureColumns") instanceof List<?> pos) {
            features = new ArrayList<>();
            for (Object p : pos) {
                features.add("_c" + ((Number) p).intValue());
            }
        }
        if (features.isEmpty() || targets.isEmpty()) {
            throw new IllegalArgumentException("the model file does not record its columns (it was not written by "
                    + "'bnn fit --save'); pass the feature and target names with PredictConfig.builder");
        }
        return builder(features, targets);
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    /**
     * The output column names of one target, exactly as {@code bnn predict} writes them.
     *
     * @param target target name T
     * @return {@code T_mean, T_aleatoric_std, T_epistemic_std, T_total_std, T_lower_<L>, T_upper_<L>}
     */
    public List<String> outputColumns(String target) {
        String pct = percent(level);
        return List.of(target + "_mean", target + "_aleatoric_std", target + "_epistemic_std", target + "_total_std",
                target + "_lower_" + pct, target + "_upper_" + pct);
    }

    /** @return e.g. "95" for 0.95, "99.9" for 0.999 (as {@code bnn predict}) */
    static String percent(double level) {
        return BigDecimal.valueOf(level).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    /** Builder of {@link PredictConfig}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final List<String> features;
        private final List<String> targets;
        private int numSamples = DEFAULT_SAMPLES;
        private double level = DEFAULT_LEVEL;
        private long seed = DEFAULT_SEED;
        private int batchSize = DEFAULT_BATCH_SIZE;

        private Builder(List<String> features, List<String> targets) {
            this.features = features;
            this.targets = targets;
        }

        /** @param v weight samples, {@code >= 1} @return this */
        public Builder numSamples(int v) {
            numSamples = v;
            return this;
        }

        /** @param v interval level in (0, 1) @return this */
        public Builder level(double v) {
            level = v;
            return this;
        }

        /** @param v seed of the weight samples @return this */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @param v rows per batch, {@code >= 1} @return this */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** @return the validated config */
        public PredictConfig build() {
            return new PredictConfig(features, targets, numSamples, level, seed, batchSize);
        }
    }
}
