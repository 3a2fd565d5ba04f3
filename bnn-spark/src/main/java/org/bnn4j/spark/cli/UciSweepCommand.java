package org.bnn4j.spark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bnn4j.datasets.UciDataset;
import org.bnn4j.examples.io.AtomicFiles;
import org.bnn4j.examples.uci.SplitStats;
import org.bnn4j.examples.uci.UciCommand;
import org.bnn4j.examples.uci.UciResult;
import org.bnn4j.nn.Activation;
import org.bnn4j.spark.fits.IndependentFits;
import org.bnn4j.spark.fits.SplitScore;
import org.bnn4j.spark.fits.SplitTask;
import org.bnn4j.spark.fits.UciSplits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Mixin
    MasterOption master;

    @Mixin
    UciOptions uci;

    @Option(names = "--splits", paramLabel = "K", description = "Run the first K splits (default: all).")
    Integer splits;

    @Option(names = "--heteroskedastic", description = "A second head predicts the noise scale per point.")
    boolean heteroskedastic;

    @Option(names = "--hidden", paramLabel = "WIDTH", defaultValue = "50", description = "Hidden width (default: "
            + "${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--validation", description = "Score the last 10%% of each training split instead of the test "
            + "split.")
    boolean validation;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory for metrics.json.")
    Path out;

    @Override
    public Integer call() throws Exception {
        UciDataset data = uci.load(spec);
        int k = splits != null ? splits : data.numSplits();
        Activation act = uci.act();
        Files.createDirectories(out);
        List<SplitTask> tasks = UciSplits.tasks(data, k, UciCommand.model(data.featureColumns().length, hidden, act,
                heteroskedastic, uci.inference), "", uci.methodForSplit(), uci.samples, uci.seed, validation);
        List<SplitScore> scores;
        try (Sessions session = master.open("bnn-spark sweep uci")) {
            scores = IndependentFits.run(session.jsc(), tasks, data.name() + ": " + k + " splits");
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
        Map<String, Object> settings = new LinkedHashMap<>(uci.inference.settings(uci.epochs));
        settings.put("hidden", hidden);
        settings.put("activation", act.id());
        settings.put("samples", uci.samples);
        settings.put("seed", uci.seed);
        settings.put("validation", validation);
        UciResult result = new UciResult(data.name(), uci.inference.cliName(), heteroskedastic ? "heteroskedastic"
                : "homoskedastic", k, SplitStats.of(rmse), SplitStats.of(ll), secs, settings);
        System.out.println(data.name() + " " + uci.inference.cliName() + ": RMSE " + result.rmse().format(3) + ", LL "
                + result.ll().format(3));
        AtomicFiles.writeJson(out.resolve("metrics.json"), result.toJson());
        System.out.println("wrote " + out.resolve("metrics.json").toAbsolutePath());
        return 0;
    }
}
