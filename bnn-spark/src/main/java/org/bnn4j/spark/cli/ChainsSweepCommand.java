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
import org.bnn4j.data.Dataset;
import org.bnn4j.examples.cli.InferenceChoice;
import org.bnn4j.examples.csv.CsvTable;
import org.bnn4j.inference.McmcInference;
import org.bnn4j.inference.SamplePosterior;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.spark.fits.McmcChains;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bnn-spark sweep chains}: {@code bnn fit --inference nuts} with one Spark task per chain; the saved model holds
 * the same draws as {@code bnn fit}'s with the same options and seed.
 */
@Command(name = "chains", mixinStandardHelpOptions = true,
        description = {"NUTS with one Spark task per chain, as 'bnn fit --inference nuts' (same model, starts and "
                + "seeds, so the same draws). The CSV is read on the driver; every task gets all rows."},
        footer = {"", "Example: bnn-spark sweep chains --csv train.csv --target y --chains 8 --save model.bnn"})
final class ChainsSweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MasterOption master;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "Training data (CSV with header).")
    Path csv;

    @Option(names = "--target", required = true, paramLabel = "COL[,COL...]", description = "Target column(s).")
    String target;

    @Option(names = "--features", paramLabel = "COLS", description = "Feature columns (default: all others).")
    String features;

    @Option(names = "--chains", paramLabel = "C", description = "Chains (default: bnn fit's).")
    Integer chains;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up iterations per chain (default: bnn fit's).")
    Integer warmup;

    @Option(names = "--samples", paramLabel = "N", description = "Kept iterations per chain (default: bnn fit's).")
    Integer samples;

    @Option(names = "--max-tree-depth", paramLabel = "D", description = "NUTS maximum tree depth (default: bnn fit's).")
    Integer maxTreeDepth;

    @Mixin
    NetworkOptions network;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "906", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--save", required = true, paramLabel = "FILE", description = "Where to write the model file.")
    Path save;

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(save)) {
            throw new ParameterException(spec.commandLine(), "--save " + save + " is a directory; pass a file name");
        }
        McmcInference method = (McmcInference) InferenceChoice.NUTS.create(
                new InferenceChoice.Settings(null, null, null, seed),
                new InferenceChoice.McmcSettings(warmup, samples, chains, maxTreeDepth, null, null, null, false));
        CsvTable table = CsvTable.read(csv, true);
        int[] targetCols = table.select(target, "--target");
        int[] featureCols;
        if (features != null) {
            featureCols = table.select(features, "--features");
        } else {
            featureCols = java.util.stream.IntStream.range(0, table.columns().size())
                    .filter(j -> Arrays.stream(targetCols).noneMatch(t -> t == j)).toArray();
        }
        Dataset data = Dataset.of(table.numeric(featureCols), table.numeric(targetCols), table.numRows(),
                featureCols.length, targetCols.length);
        BayesianModel model = network.model(featureCols.length, targetCols.length, true);
        SamplePosterior posterior;
        long t0 = System.nanoTime();
        try (Sessions session = master.open("bnn-spark sweep chains")) {
            posterior = McmcChains.fit(session.jsc(), method, model, data, true);
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("header", true);
        attrs.put("features", names(table, featureCols));
        attrs.put("featureColumns", Arrays.stream(featureCols).boxed().toList());
        attrs.put("targets", names(table, targetCols));
        attrs.put("trainingFile", table.name());
        attrs.put("trainingRows", table.numRows());
        attrs.put("seed", seed);
        PosteriorIO.save(posterior, save, attrs);
        System.out.printf(Locale.ROOT, "fitted nuts, %d chains as Spark tasks, on %d rows in %.1f s%n",
                posterior.numChains(), table.numRows(), (System.nanoTime() - t0) / 1e9);
        for (String w : posterior.diagnostics().warnings()) {
            System.out.println("warning: " + w);
        }
        System.out.println("saved " + save.toAbsolutePath());
        return 0;
    }

    private static List<String> names(CsvTable table, int[] cols) {
        List<String> out = new ArrayList<>();
        for (int c : cols) {
            out.add(table.columns().get(c));
        }
        return out;
    }
}
