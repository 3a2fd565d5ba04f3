package org.bnn4j.examples.uci;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.bnn4j.datasets.UciDataset;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.ensemble.DeepEnsemble;
import org.bnn4j.inference.ensemble.EnsembleConfig;
import org.bnn4j.inference.laplace.Laplace;
import org.bnn4j.inference.laplace.LaplaceConfig;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.Activation;

/**
 * Experiment driver for the UCI settings of Laplace and deep ensembles (not a test): runs the validation carves
 * ({@code valid=true}, default: the last 10 % of each training split, never the test rows), the test splits, or the
 * in-between splits ({@code gap=I:J}, the features to sort by) of the given data sets with {@code key=value} settings, prints each split and the mean ± standard error, and appends
 * the per-split scores to {@code out} (a TSV, default {@code results/carves.tsv}) for paired comparisons. Keys:
 * sets (comma-separated, default yacht,boston), splits (20), method (laplace), epochs (the first MAP's steps), lr,
 * structure (auto|full|last_layer), alpha (a fixed prior precision multiplier), predictive (linearized|sampled), noise (evidence|map);
 * for ensembles members, holdout, every, patience, anchored, decay; tag (a label for the TSV), valid (true), verbose
 * (print each fit's diagnostics), data (../shared/data/uci).
 * Used for the tables in docs/uci-benchmark.md, e.g.
 * {@code java -cp <test classpath> org.bnn4j.examples.uci.UciCarveProbe method=ensemble holdout=0.1 epochs=8000 tag=h10}.
 */
public final class UciCarveProbe {

    private UciCarveProbe() {
    }

    /**
     * @param args the settings, {@code key=value}
     * @throws IOException if the TSV cannot be written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> o = new LinkedHashMap<>();
        for (String s : args) {
            String[] kv = s.split("=", 2);
            o.put(kv[0], kv[1]);
        }
        boolean valid = Boolean.parseBoolean(o.getOrDefault("valid", "true"));
        String tag = o.getOrDefault("tag", String.join(" ", args));
        Path out = Path.of(o.getOrDefault("out", "results/carves.tsv"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        PrintWriter console = new PrintWriter(System.out, true);
        for (String set : o.getOrDefault("sets", "yacht,boston").split(",")) {
            UciDataset data = UciDataset.load(Path.of(o.getOrDefault("data", "../shared/data/uci"), set));
            int k = Integer.parseInt(o.getOrDefault("splits", "" + data.numSplits()));
            UciInference kind = UciInference.valueOf(o.getOrDefault("method", "laplace").toUpperCase(Locale.ROOT));
            BayesianModel model = UciCommand.model(data.featureColumns().length, 50, Activation.RELU, false, kind);
            boolean verbose = Boolean.parseBoolean(o.getOrDefault("verbose", "false"));
            IntFunction<InferenceMethod> method = i -> verbose ? printing(method(o, kind, 1 + i), set, i)
                    : method(o, kind, 1 + i);
            if (o.containsKey("gap")) {
                int[] features = java.util.Arrays.stream(o.get("gap").split(":")).mapToInt(Integer::parseInt)
                        .toArray();
                List<GapProtocol.GapScore> gs = new GapProtocol(method, model, 100, 1).run(data.all(), features,
                        new PrintWriter(java.io.Writer.nullWriter()));
                for (GapProtocol.GapScore g : gs) {
                    console.printf(Locale.ROOT, "%-8s gap f%-2d %s  nll %.3f  train nll %.3f  rmse %.3f  cover90 %.2f"
                            + "  epi gap/train %.3f / %.3f = %.2f  (%.1f s)%n", set, g.feature(), tag, g.nll(),
                            g.trainNll(), g.rmse(), g.coverage90(), g.epistemicStdTest(), g.epistemicStdTrain(),
                            g.epistemicRatio(), g.fitSeconds());
                }
                continue;
            }
            long t0 = System.nanoTime();
            List<UciProtocol.SplitScore> scores = new UciProtocol(method, model, 100, 1, valid).run(data, k,
                    new PrintWriter(java.io.Writer.nullWriter()), new org.bnn4j.inference.FitListener[0]);
            double secs = (System.nanoTime() - t0) / 1e9;
            List<Double> rmse = new ArrayList<>();
            List<Double> ll = new ArrayList<>();
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < scores.size(); i++) {
                rmse.add(scores.get(i).rmse());
                ll.add(scores.get(i).ll());
                rows.append(String.format(Locale.ROOT, "%s\t%s\t%s\t%d\t%.6f\t%.6f%n", tag, valid ? "valid" : "test",
                        set, i, scores.get(i).rmse(), scores.get(i).ll()));
            }
            Files.writeString(out, rows.toString(), java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            SplitStats r = SplitStats.of(rmse);
            SplitStats l = SplitStats.of(ll);
            console.printf(Locale.ROOT, "%-8s %-5s %s  rmse %.3f ± %.3f  ll %.3f ± %.3f  (%d splits, %.0f s)%n", set,
                    valid ? "valid" : "test", tag, r.mean(), r.se(), l.mean(), l.se(), k, secs);
        }
    }

    /** Wraps a method so each fit prints its diagnostics summary. */
    private static InferenceMethod printing(InferenceMethod m, String set, int split) {
        return new InferenceMethod() {
            @Override
            public String name() {
                return m.name();
            }

            @Override
            public org.bnn4j.inference.Posterior fit(BayesianModel model, org.bnn4j.data.Dataset data,
                                                     org.bnn4j.inference.FitOptions options) {
                org.bnn4j.inference.Posterior p = m.fit(model, data, options);
                System.out.println(set + " " + split + " " + p.diagnostics().summary());
                return p;
            }
        };
    }

    private static InferenceMethod method(Map<String, String> o, UciInference kind, long seed) {
        if (kind == UciInference.ENSEMBLE) {
            OptimizerConfig opt = OptimizerConfig.builder()
                    .epochs(Integer.parseInt(o.getOrDefault("epochs", "" + UciInference.ENSEMBLE_EPOCHS)))
                    .learningRate(Double.parseDouble(o.getOrDefault("lr", "" + UciInference.ENSEMBLE_LEARNING_RATE)))
                    .finalLearningRateFraction(UciInference.SVI_FINAL_LR_FRACTION)
                    .decayFraction(Double.parseDouble(o.getOrDefault("decay", "" + UciInference.SVI_DECAY_FRACTION)))
                    .build();
            return new DeepEnsemble(EnsembleConfig.builder().optimizer(opt).unitSlope(0).seed(seed)
                    .members(Integer.parseInt(o.getOrDefault("members", "" + UciInference.ENSEMBLE_MEMBERS)))
                    .anchored(Boolean.parseBoolean(o.getOrDefault("anchored", "false")))
                    .holdout(Double.parseDouble(o.getOrDefault("holdout", "0")))
                    .checkEvery(Integer.parseInt(o.getOrDefault("every", "" + EnsembleConfig.DEFAULT_CHECK_EVERY)))
                    .patience(Integer.parseInt(o.getOrDefault("patience", "" + EnsembleConfig.DEFAULT_PATIENCE)))
                    .build());
        }
        if (kind != UciInference.LAPLACE) {
            return kind.create(o.containsKey("epochs") ? Integer.valueOf(o.get("epochs")) : null, seed);
        }
        OptimizerConfig map = LaplaceConfig.DEFAULT_MAP.toBuilder()
                .epochs(Integer.parseInt(o.getOrDefault("epochs", "" + UciInference.LAPLACE_EPOCHS)))
                .learningRate(Double.parseDouble(o.getOrDefault("lr", "" + LaplaceConfig.DEFAULT_MAP_LEARNING_RATE)))
                .seed(seed).build();
        return new Laplace(LaplaceConfig.builder().map(map)
                .structure(org.bnn4j.inference.laplace.CurvatureStructure.valueOf(
                        o.getOrDefault("structure", "AUTO").toUpperCase(Locale.ROOT)))
                .priorPrecision(o.containsKey("alpha")
                        ? org.bnn4j.inference.laplace.PriorPrecision.fixed(Double.parseDouble(o.get("alpha")))
                        : org.bnn4j.inference.laplace.PriorPrecision.marginalLikelihood())
                .predictive(org.bnn4j.inference.laplace.LaplacePredictive.valueOf(
                        o.getOrDefault("predictive", "LINEARIZED").toUpperCase(Locale.ROOT)))
                .noiseByEvidence(!"map".equals(o.get("noise"))).build());
    }
}
