package org.bnn4j.spark.cli;

import java.nio.charset.StandardCharsets;
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
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.Activation;
import org.bnn4j.spark.fits.IndependentFits;
import org.bnn4j.spark.fits.SplitScore;
import org.bnn4j.spark.fits.SplitTask;
import org.bnn4j.spark.fits.UciSplits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bnn-spark sweep grid}: a grid over hidden width and prior scale, each cell fitted on the first K splits of a
 * UCI dataset as {@code bnn uci} fits them (one Spark task per cell and split), scored on the validation carve by
 * default so the test rows stay untouched.
 */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = {"Hyperparameter grid (hidden width x prior std) over UCI splits, one Spark task per cell and "
                + "split. Scores the validation carve (last 10% of each training split) unless --test.",
                "Writes grid.csv (one row per cell and split) and prints each cell's mean +- standard error."},
        footer = {"", "Example: bnn-spark sweep grid --data-dir data/uci --dataset yacht --inference map "
                + "--hidden-grid 25,50,100 --prior-std-grid 0.5,1,2 --splits 5 --out results/yacht-grid"})
final class GridSweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MasterOption master;

    @Mixin
    UciOptions uci;

    @Option(names = "--hidden-grid", paramLabel = "W[,W...]", defaultValue = "50",
            description = "Hidden widths to try (default: ${DEFAULT-VALUE}).")
    String hiddenGrid;

    @Option(names = "--prior-std-grid", paramLabel = "S[,S...]", defaultValue = "1",
            description = "Prior standard deviations of the weights to try (default: ${DEFAULT-VALUE}).")
    String priorGrid;

    @Option(names = "--splits", paramLabel = "K", defaultValue = "5", description = "Splits per cell (default: "
            + "${DEFAULT-VALUE}).")
    int splits;

    @Option(names = "--test", description = "Score the test splits instead of the validation carve.")
    boolean test;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory for grid.csv.")
    Path out;

    @Override
    public Integer call() throws Exception {
        UciDataset data = uci.load(spec);
        Activation act = uci.act();
        List<Integer> widths = new ArrayList<>();
        for (int w : FitCommand.widths(hiddenGrid)) {
            widths.add(w);
        }
        List<Double> stds = new ArrayList<>();
        for (String s : FitCommand.names(priorGrid)) {
            double v = Double.parseDouble(s);
            if (!(v > 0 && Double.isFinite(v))) {
                throw new ParameterException(spec.commandLine(), "--prior-std-grid values must be > 0 but had " + s);
            }
            stds.add(v);
        }
        Files.createDirectories(out);
        List<SplitTask> tasks = new ArrayList<>();
        for (int w : widths) {
            for (double s : stds) {
                BayesianModel base = UciCommand.model(data.featureColumns().length, w, act, false, uci.inference);
                BayesianModel model = new BayesianModel(base.network(), new NormalPrior(s), base.likelihood());
                tasks.addAll(UciSplits.tasks(data, splits, model, label(w, s),
                        uci.methodForSplit(), uci.samples, uci.seed, !test));
            }
        }
        List<SplitScore> scores;
        try (Sessions session = master.open("bnn-spark sweep grid")) {
            scores = IndependentFits.run(session.jsc(), tasks,
                    data.name() + ": " + tasks.size() + " fits");
        }
        StringBuilder csv = new StringBuilder("hidden,priorStd,split,rmse,ll,fitSeconds\n");
        Map<String, List<Double>> ll = new LinkedHashMap<>();
        Map<String, List<Double>> rmse = new LinkedHashMap<>();
        for (SplitScore s : scores) {
            String[] hs = s.label().split(",");
            csv.append(hs[0]).append(',').append(hs[1]).append(',').append(s.split()).append(',').append(s.rmse())
                    .append(',').append(s.ll()).append(',').append(s.fitSeconds()).append('\n');
            ll.computeIfAbsent(s.label(), k -> new ArrayList<>()).add(s.ll());
            rmse.computeIfAbsent(s.label(), k -> new ArrayList<>()).add(s.rmse());
        }
        System.out.printf(Locale.ROOT, "%s %s, %d splits, %s:%n", data.name(), uci.inference.cliName(), splits,
                test ? "test splits" : "validation carves");
        for (String cell : ll.keySet()) {
            String[] hs = cell.split(",");
            System.out.printf(Locale.ROOT, "  hidden %4s  prior std %-6s  RMSE %s  LL %s%n", hs[0], hs[1],
                    SplitStats.of(rmse.get(cell)).format(3), SplitStats.of(ll.get(cell)).format(3));
        }
        AtomicFiles.write(out.resolve("grid.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        System.out.println("wrote " + out.resolve("grid.csv").toAbsolutePath());
        return 0;
    }

    private static String label(int width, double std) {
        return width + "," + std;
    }
}
