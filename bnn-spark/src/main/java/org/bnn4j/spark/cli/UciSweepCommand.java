package org.bnn4j.spark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bnn4j.data.UciDataset;
import org.bnn4j.examples.io.AtomicFiles;
import org.bnn4j.examples.uci.SplitStats;
import org.bnn4j.examples.uci.UciCommand;
import org.bnn4j.examples.uci.UciInference;
import org.bnn4j.examples.uci.UciResult;
import org.bnn4j.nn.Activation;
import org.bnn4j.spark.fits.IndependentFits;
import org.bnn4j.spark.fits.SplitScore;
import org.bnn4j.spark.fits.SplitTask;
import org.bnn4j.spark.fits.UciSplits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bnn-spark sweep uci}: {@code bnn uci} with one Spark task per split; the same per-split numbers and the same
 * metrics.json.
 */
@Command(name = "uci", mixinStandardHelpOptions = true,
        description = {"The UCI benchmark protocol of 'bnn uci' with one Spark task per split (the same seeds, so the "
                + "same per-split RMSE and log-likelihood).", "Writes metrics.json to --out."},
        footer = {"", "Example: bnn-spark sweep uci --master 'local[2]' --data-dir data/uci --dataset yacht "
                + "--inference map --out results/yacht"})
final class UciSweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else "
            + Sessions.DEFAULT_MASTER + ").")
    String master;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Folder of the dataset folders "
            + "(read on the driver).")
    Path dataDir;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "Dataset folder name.")
    String dataset;

    @Option(names = "--inference", converter = UciInference.Converter.class, paramLabel = "svi|nuts|map|mle",
            defaultValue = "svi", description = "Inference method (default: ${DEFAULT-VALUE}).")
    UciInference inference;

    @Option(names = "--splits", paramLabel = "K", description = "Run the first K splits (default: all).")
    Integer splits;

    @Option(names = "--heteroskedastic", description = "A second head predicts the noise scale per point.")
    boolean heteroskedastic;

    @Option(names = "--hidden", paramLabel = "WIDTH", defaultValue = "50", description = "Hidden width (default: "
            + "${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--activation", paramLabel = "relu|tanh", defaultValue = "relu",
            description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--epochs", paramLabel = "N", description = "Steps for svi/map/mle (default: bnn uci's).")
    Integer epochs;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100", description = "Weight samples per "
            + "prediction (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation", description = "Score the last 10%% of each training split instead of the test "
            + "split.")
    boolean validation;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory for metrics.json.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (epochs != null && inference == UciInference.NUTS) {
            throw new ParameterException(spec.commandLine(), "--epochs does not apply to --inference nuts; drop it");
        }
        UciDataset data = load(spec, dataDir, dataset);
        int k = splits != null ? splits : data.numSplits();
        Activation act = Activation.parse(activation);
        Files.createDirectories(out);
        List<SplitTask> tasks = UciSplits.tasks(data, k, UciCommand.model(data.featureColumns().length, hidden, act,
                heteroskedastic, inference), "", split(inference, epochs, seed), samples, seed, validation);
        List<SplitScore> scores;
        try (Sessions session = Sessions.open(master, "bnn-spark sweep uci")) {
            scores = IndependentFits.run(session.jsc(), tasks,
                    data.name() + ": " + k + " splits");
        }
        List<Double> rmse = new ArrayList<>();
        List<Double> ll = new ArrayList<>();
        double secs = 0;
        for (SplitScore s : scores) {
            rmse.add(s.rmse());
            ll.add(s.ll());
            secs += s.fitSeconds();
            System.out.printf(Locale.ROOT, "split %2d  rmse %.3f  ll %.3f  (%.1f s)%n", s.split() + 1, s.rmse(), s.ll(),
                    s.fitSeconds());
        }
        Map<String, Object> settings = new LinkedHashMap<>(inference.settings(epochs));
        settings.put("hidden", hidden);
        settings.put("activation", act.id());
        settings.put("samples", samples);
        settings.put("seed", seed);
        settings.put("validation", validation);
        UciResult result = new UciResult(data.name(), inference.cliName(), heteroskedastic ? "heteroskedastic"
                : "homoskedastic", k, SplitStats.of(rmse), SplitStats.of(ll), secs, settings);
        System.out.println(data.name() + " " + inference.cliName() + ": RMSE " + result.rmse().format(3) + ", LL "
                + result.ll().format(3));
        AtomicFiles.writeJson(out.resolve("metrics.json"), result.toJson());
        System.out.println("wrote " + out.resolve("metrics.json").toAbsolutePath());
        return 0;
    }

    /** The method of split i, seeded as {@code bnn uci} seeds it ({@code seed + i}). */
    static java.util.function.IntFunction<org.bnn4j.spark.fits.MethodSpec> split(UciInference inference,
                                                                                Integer epochs, long seed) {
        return i -> {
            long s = seed + i;
            return () -> inference.create(epochs, s);
        };
    }

    static UciDataset load(CommandSpec spec, Path dataDir, String dataset) {
        Path dir = dataDir.resolve(dataset);
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "no dataset folder " + dir
                    + "; pass --data-dir holding a folder named " + dataset);
        }
        try {
            return UciDataset.load(dir);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
