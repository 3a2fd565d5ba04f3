package org.bnn4j.spark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.spark.train.DataParallelMap;
import org.bnn4j.spark.train.DataParallelSvi;
import org.bnn4j.spark.train.DistributedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bnn-spark fit}: MAP, MLE or mean-field SVI with the gradient summed over the partitions of a CSV table each
 * step; saves a model file that {@code bnn predict} and {@code bnn-spark predict} read.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fit a BNN data-parallel: the rows stay cached on the executors, each optimiser step sums the "
                + "gradient over them (treeAggregate), the optimiser runs on the driver.",
                "The CSV needs a header line; x and y are standardised with the statistics of all rows."},
        footer = {"", "Example: bnn-spark fit --master 'local[2]' --csv train.csv --target y --inference svi "
                + "--save model.bnn"})
final class FitCommand implements Callable<Integer> {

    /** Log noise scale's prior and start for --homoskedastic, as {@code bnn fit}: sigma ~ 0.1 (standardised). */
    static final double NOISE_LOG_LOC = Math.log(0.1);
    /** One e-fold of prior std on log sigma, as {@code bnn fit}. */
    static final double NOISE_LOG_SCALE = 1.0;
    /** Starting noise std, as {@code bnn fit}. */
    static final double NOISE_INIT_SCALE = 0.1;

    @Spec
    CommandSpec spec;

    @Mixin
    MasterOption master;

    @Option(names = "--csv", required = true, paramLabel = "PATH", description = "Training rows (CSV with header).")
    String csv;

    @Option(names = "--target", required = true, paramLabel = "COL[,COL...]", description = "Target column(s).")
    String target;

    @Option(names = "--features", paramLabel = "COLS", description = "Feature columns (default: all others).")
    String features;

    @Option(names = "--inference", paramLabel = "map|mle|svi", defaultValue = "svi",
            description = "Method (default: ${DEFAULT-VALUE}).")
    String inference;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (default: map/mle "
            + OptimizerConfig.DEFAULT_EPOCHS + ", svi " + SviConfig.DEFAULT_EPOCHS + ").")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate (default: the method's).")
    Double learningRate;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "0",
            description = "Rows per minibatch, 0 = full batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--particles", paramLabel = "K", defaultValue = "1",
            description = "SVI weight samples per step (default: ${DEFAULT-VALUE}).")
    int particles;

    @Mixin
    NetworkOptions network;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "906", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", paramLabel = "N", description = "Repartition the rows first (default: as read).")
    Integer partitions;

    @Option(names = "--save", required = true, paramLabel = "FILE", description = "Where to write the model file.")
    Path save;

    @Override
    public Integer call() throws Exception {
        if (!List.of("map", "mle", "svi").contains(inference)) {
            throw usage("--inference must be map, mle or svi but was '" + inference + "'");
        }
        if (Files.isDirectory(save)) {
            throw usage("--save " + save + " is a directory; pass a file name such as model.bnn");
        }
        FitCommand.widths(network.hidden); // reject bad widths before Spark starts
        try (Sessions session = master.open("bnn-spark fit")) {
            SparkSession spark = session.spark();
            Dataset<Row> rows = Tables.readCsv(spark, csv, true);
            if (partitions != null) {
                rows = rows.repartition(partitions);
            }
            List<String> targets = names(target);
            List<String> feats = new ArrayList<>();
            if (features != null) {
                feats.addAll(names(features));
            } else {
                for (String c : rows.columns()) {
                    if (!targets.contains(c)) {
                        feats.add(c);
                    }
                }
            }
            long t0 = System.nanoTime();
            Posterior posterior;
            try (DistributedData data = DistributedData.fromRows(rows, feats, targets, true)) {
                BayesianModel model = network.model(feats.size(), targets.size(), inference.equals("svi"));
                posterior = switch (inference) {
                    case "svi" -> new DataParallelSvi(sviConfig()).fit(model, data, List.of());
                    case "map" -> DataParallelMap.map(optimizerConfig()).fit(model, data, List.of());
                    default -> DataParallelMap.mle(optimizerConfig()).fit(model, data, List.of());
                };
                Map<String, Object> attrs = new LinkedHashMap<>();
                attrs.put("header", true);
                attrs.put("features", feats);
                List<Integer> pos = new ArrayList<>();
                for (String f : feats) {
                    pos.add(Arrays.asList(rows.columns()).indexOf(f));
                }
                attrs.put("featureColumns", pos);
                attrs.put("targets", targets);
                attrs.put("trainingFile", csv);
                attrs.put("trainingRows", data.size());
                attrs.put("seed", seed);
                attrs.put("partitions", data.numPartitions());
                PosteriorIO.save(posterior, save, attrs);
                System.out.printf(Locale.ROOT, "fitted %s data-parallel on %d rows in %d partitions in %.1f s%n",
                        inference, data.size(), data.numPartitions(), (System.nanoTime() - t0) / 1e9);
            }
            for (String w : posterior.diagnostics().warnings()) {
                System.out.println("warning: " + w);
            }
            System.out.println("saved " + save.toAbsolutePath());
            return 0;
        }
    }

    private SviConfig sviConfig() {
        SviConfig.Builder b = SviConfig.defaults().toBuilder().localReparameterization(false).particles(particles)
                .batchSize(batchSize).seed(seed);
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (learningRate != null) {
            b.learningRate(learningRate);
        }
        return b.build();
    }

    private OptimizerConfig optimizerConfig() {
        OptimizerConfig.Builder b = OptimizerConfig.builder().batchSize(batchSize).seed(seed);
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (learningRate != null) {
            b.learningRate(learningRate);
        }
        return b.build();
    }

    /**
     * The model {@code bnn fit} builds: a heteroskedastic net, or with {@code homoskedastic} one noise scale (a
     * log-normal prior for Bayesian methods, a point estimate for map/mle).
     */
    static BayesianModel model(int inDim, int outDim, int[] widths, Activation act, boolean homoskedastic,
                               boolean bayesian) {
        NetworkSpec.Builder nb = NetworkSpec.builder(inDim, outDim).hidden(widths).activation(act);
        if (!homoskedastic) {
            return BayesianModel.heteroskedastic(nb.build());
        }
        NoiseModel noise = bayesian ? new NoiseModel.LogNormalPrior(NOISE_LOG_LOC, NOISE_LOG_SCALE, NOISE_INIT_SCALE)
                : new NoiseModel.PointEstimate(NOISE_INIT_SCALE);
        return new BayesianModel(new FeedForwardNetwork(nb.heteroskedastic(false).build()),
                new NormalPrior(NormalPrior.DEFAULT_PRIOR_STD), new HomoskedasticGaussian(noise));
    }

    /** @return the widths of a --hidden value */
    static int[] widths(String hidden) {
        try {
            int[] w = Arrays.stream(hidden.split(",")).mapToInt(v -> Integer.parseInt(v.trim())).toArray();
            if (Arrays.stream(w).allMatch(v -> v >= 1)) {
                return w;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--hidden must be positive layer widths separated by commas (e.g. 50 or "
                + "64,64) but was '" + hidden + "'");
    }

    static List<String> names(String csvNames) {
        List<String> out = new ArrayList<>();
        for (String s : csvNames.split(",")) {
            out.add(s.trim());
        }
        return out;
    }

    private ParameterException usage(String msg) {
        return new ParameterException(spec.commandLine(), msg);
    }
}
