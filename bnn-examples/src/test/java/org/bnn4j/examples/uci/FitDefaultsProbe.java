package org.bnn4j.examples.uci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.UciDataset;
import org.bnn4j.datasets.UciSplit;
import org.bnn4j.examples.cli.CliRun;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.predictive.Metrics;
import org.bnn4j.predictive.PredictiveDistribution;

/**
 * Experiment driver for {@code bnn fit}'s defaults on UCI data (not a test): for each split it writes the training
 * rows to a CSV, runs {@code bnn fit --csv train.csv --target y --save m.bnn} (plus the given extra arguments) in
 * process exactly as a user would, loads the saved model and scores the held-out rows in the original units of y:
 * the predictive's NLL (its mixture density), RMSE of the mean and the share inside the central 90 % interval.
 * Splits are the standard 20 ({@code protocol=standard}) or the in-between splits of {@code bnn uci --protocol gap}
 * ({@code protocol=gap features=I,J}). Keys: data (../shared/data/uci), sets (yacht,boston,energy,concrete),
 * protocol, features, splits (20), extra (extra {@code bnn fit} arguments separated by spaces, e.g.
 * {@code "--holdout 0"}). Used for docs/choosing-a-method.md, "bnn fit with its defaults", e.g.
 * {@code java -cp <test classpath> org.bnn4j.examples.uci.FitDefaultsProbe sets=boston extra="--holdout 0"}.
 */
public final class FitDefaultsProbe {

    private static final double LEVEL = 0.9;

    private FitDefaultsProbe() {
    }

    /**
     * @param args the settings, {@code key=value}
     * @throws IOException if a temporary file cannot be written or a model read
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> o = new LinkedHashMap<>();
        for (String s : args) {
            String[] kv = s.split("=", 2);
            o.put(kv[0], kv[1]);
        }
        boolean gap = o.getOrDefault("protocol", "standard").equals("gap");
        List<String> extra = o.getOrDefault("extra", "").isBlank() ? List.of()
                : List.of(o.get("extra").trim().split("\\s+"));
        Path tmp = Files.createTempDirectory("fit-defaults");
        for (String set : o.getOrDefault("sets", "yacht,boston,energy,concrete").split(",")) {
            UciDataset data = UciDataset.load(Path.of(o.getOrDefault("data", "../shared/data/uci"), set));
            List<UciSplit> splits = new ArrayList<>();
            if (gap) {
                for (String f : o.getOrDefault("features", "0").split(",")) {
                    splits.add(GapSplits.of(data.all(), Integer.parseInt(f.trim())));
                }
            } else {
                int k = Integer.parseInt(o.getOrDefault("splits", "" + data.numSplits()));
                for (int i = 0; i < k; i++) {
                    splits.add(data.split(i));
                }
            }
            double[][] scores = new double[splits.size()][];
            for (int i = 0; i < splits.size(); i++) {
                UciSplit s = splits.get(i);
                Path csv = tmp.resolve(set + "-" + i + ".csv");
                Path model = tmp.resolve(set + "-" + i + ".bnn");
                Files.deleteIfExists(model);
                writeCsv(s.train(), csv);
                List<String> fit = new ArrayList<>(List.of("fit", "--csv", csv.toString(), "--target", "y", "--save",
                        model.toString(), "--quiet"));
                fit.addAll(extra);
                long t0 = System.nanoTime();
                CliRun r = CliRun.run(fit.toArray(String[]::new));
                double secs = (System.nanoTime() - t0) / 1e9;
                if (r.exit() != 0) {
                    throw new IllegalStateException("bnn fit failed: " + r.err());
                }
                Posterior post = PosteriorIO.load(model);
                PredictiveDistribution p = post.predict(s.test().x(), 100, new SplittableRandom(1));
                scores[i] = new double[] {Metrics.nll(p, s.test().y()), Metrics.rmse(p, s.test().y()),
                    Metrics.coverage(p, s.test().y(), LEVEL)};
                System.out.printf(Locale.ROOT, "%s %s %d  NLL %.3f  RMSE %.3f  cover90 %.2f  (%.1f s)%n", set,
                        gap ? "feature" : "split", gap ? s.index() : i, scores[i][0], scores[i][1], scores[i][2], secs);
            }
            System.out.printf(Locale.ROOT, "%s %s %s: NLL %s  RMSE %s  cover90 %s%n", set, gap ? "gap" : "standard",
                    extra.isEmpty() ? "(defaults)" : String.join(" ", extra), meanSe(scores, 0), meanSe(scores, 1),
                    meanSe(scores, 2));
        }
    }

    private static String meanSe(double[][] s, int c) {
        double[] v = Arrays.stream(s).mapToDouble(r -> r[c]).toArray();
        double m = Arrays.stream(v).average().orElse(Double.NaN);
        double var = Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / Math.max(1, v.length - 1);
        return String.format(Locale.ROOT, "%.3f ± %.3f", m, Math.sqrt(var / v.length));
    }

    /** Writes x0..x{d-1},y with every double in its shortest exact decimal form (the fit sees the same values). */
    private static void writeCsv(Dataset d, Path file) throws IOException {
        int n = d.size();
        int in = d.inDim();
        double[] x = d.xArray();
        double[] y = d.yArray();
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < in; j++) {
            sb.append('x').append(j).append(',');
        }
        sb.append("y\n");
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < in; j++) {
                sb.append(x[r * in + j]).append(',');
            }
            sb.append(y[r]).append('\n');
        }
        Files.writeString(file, sb.toString());
    }
}
