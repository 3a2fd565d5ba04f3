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
import java.util.concurrent.Callable;
import org.bnn4j.datasets.UciDataset;
import org.bnn4j.examples.cli.Memory;
import org.bnn4j.examples.cli.Outputs;
import org.bnn4j.examples.cli.ProgressOptions;
import org.bnn4j.examples.io.AtomicFiles;
import org.bnn4j.inference.optim.StoppingRule;
import org.bnn4j.inference.svi.Guide;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bnn uci}: the UCI regression benchmark protocol ({@link UciProtocol}) on any folder in the PBP /
 * MC-dropout layout, with the published results printed beside bnn4j's and metrics.json written to --out.
 */
@Command(name = "uci", mixinStandardHelpOptions = true,
        description = {"Run the UCI regression benchmark protocol (Hernandez-Lobato & Adams 2015): per split, "
                + "standardise with the training statistics, fit, and score test RMSE and mean test log-likelihood "
                + "in the original units of y; report mean ± standard error over the splits.",
                "Writes metrics.json to --out."},
        footer = {"", "Recommended: export OMP_NUM_THREADS=1. See docs/uci-benchmark.md."})
public final class UciCommand implements Callable<Integer> {

    /** Prior mean of log sigma (standardised units): sigma ~ 0.1, as in {@code bnn clusters}. */
    static final double NOISE_LOG_LOC = Math.log(0.1);
    /**
     * Prior std of log sigma: one e-fold, so sigma in about [0.014, 0.74] at ±2 prior std; this covers the
     * standardised noise of all four shipped sets (about 0.05 for yacht and energy to 0.35 for boston and concrete,
     * from the published RMSEs over the y standard deviations).
     */
    static final double NOISE_LOG_SCALE = 1.0;
    /** Starting noise std in standardised units (the prior median). */
    static final double NOISE_INIT_SCALE = 0.1;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "Folder holding one folder per dataset (e.g. DIR/boston) in the UCI benchmark layout of "
                    + "Hernandez-Lobato & Adams 2015: data.txt, index_features.txt, index_target.txt, n_splits.txt "
                    + "and the 20 splits index_train_<i>.txt / index_test_<i>.txt.")
    Path dataDir;

    @Option(names = "--dataset", required = true, paramLabel = "NAME",
            description = "Dataset folder name under --data-dir (boston, concrete, energy, yacht, or any folder in "
                    + "that layout).")
    String dataset;

    @Option(names = "--inference", converter = UciInference.Converter.class,
            paramLabel = "svi|nuts|map|mle|laplace|laplace-single|ensemble",
            defaultValue = "svi", description = "Inference method (default: ${DEFAULT-VALUE}).")
    UciInference inference;

    @Option(names = "--members", paramLabel = "M", description = "ensemble: number of members (default: "
            + UciInference.ENSEMBLE_MEMBERS + "); laplace: the members of the mixture of Laplace "
            + "approximations (default: " + UciInference.ENSEMBLE_MEMBERS + ").")
    Integer members;

    @Option(names = "--anchored", description = "ensemble: anchor each member at its own prior draw.")
    boolean anchored;

    @Option(names = "--guide", paramLabel = "meanfield|lowrank:R|fullrank",
            description = "svi only: the variational family (default: meanfield).")
    String guide;

    @Option(names = "--stop", paramLabel = "none|plateau[:WINDOW[,TOL[,MIN]]]",
            description = "svi, map and mle: end each fit at a plateau of its smoothed objective, then decay the "
                    + "learning rate over a final third (default: none, every epoch runs).")
    String stop;

    @Option(names = "--splits", paramLabel = "K", description = "Run the first K splits (default: all).")
    Integer splits;

    @Option(names = "--homoskedastic", description = "One learned noise scale for all points (the default of every "
            + "method but ensemble and laplace, as in the published rows): log-normal prior for svi/nuts/laplace, point estimate "
            + "for map/mle.")
    boolean homoskedastic;

    @Option(names = "--heteroskedastic", description = "A second output head predicts the noise scale per point.")
    boolean heteroskedastic;

    @Option(names = "--auto-noise", description = "Choose the noise model (one scale or a head) per split on a "
            + "random 10%% of its training rows, then fit the chosen one on all of them: three fits per split. The "
            + "default of ensemble and laplace unless --homoskedastic or --heteroskedastic is given; any other method "
            + "on request.")
    boolean autoNoise;

    @Option(names = "--likelihood", paramLabel = "gaussian|student-t[:NU]", defaultValue = "gaussian",
            converter = org.bnn4j.examples.cli.LikelihoodChoice.Converter.class,
            description = "Noise family (default: ${DEFAULT-VALUE}); student-t learns its degrees of freedom, "
                    + "student-t:NU fixes them: heavy tails that gross outliers pull much less.")
    org.bnn4j.examples.cli.LikelihoodChoice likelihood = org.bnn4j.examples.cli.LikelihoodChoice.GAUSSIAN;

    @Option(names = "--hidden", paramLabel = "WIDTH", defaultValue = "50",
            description = "Hidden-layer width (default: ${DEFAULT-VALUE}, the protocol's).")
    int hidden;

    @Option(names = "--activation", paramLabel = "relu|tanh", defaultValue = "relu",
            description = "Hidden activation (default: ${DEFAULT-VALUE}, the protocol's).")
    String activation;

    @Option(names = "--epochs", paramLabel = "N", description = "Adam steps for svi/map/mle/laplace/ensemble, full "
            + "batch (svi on more than 4096 rows: 512-row minibatches) (default: "
            + "svi " + UciInference.SVI_EPOCHS + ", map/mle " + UciInference.POINT_EPOCHS + ", laplace-single's MAP "
            + UciInference.LAPLACE_EPOCHS + ", at most " + UciInference.ENSEMBLE_EPOCHS + " for each member of "
            + "ensemble and laplace).")
    Integer epochs;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100",
            description = "Weight samples per prediction (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation", description = "Score the last 10%% of each training split instead of the test "
            + "split, for choosing settings without touching the test data.")
    boolean validation;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (default: results/uci-<dataset>-<inference>-<noise>[-gap]).")
    Path out;

    @Option(names = "--protocol", paramLabel = "standard|gap", defaultValue = "standard",
            description = "standard: the published 90/10 splits; gap: the in-between protocol (Foong et al. 2019): "
                    + "sort the rows by one input, hold out the middle third, and compare the epistemic std there "
                    + "with the one on the training rows (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--gap-features", paramLabel = "I[,I...]",
            description = "gap: the 0-based features to sort by, one split each (default: every feature).")
    String gapFeatures;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws IOException {
        if (autoNoise && (homoskedastic || heteroskedastic)) {
            throw usage("--auto-noise chooses the noise model itself; drop --homoskedastic and --heteroskedastic, "
                    + "or drop --auto-noise to fix the model");
        }
        // the ensemble chooses its noise model per split unless one is asked for (docs/uci-benchmark.md)
        autoNoise = autoNoise || (choosesNoiseByDefault(inference) && !homoskedastic && !heteroskedastic);
        if (homoskedastic && heteroskedastic) {
            throw usage("--homoskedastic and --heteroskedastic are mutually exclusive; pass one");
        }
        requirePositive("--hidden", hidden);
        requirePositive("--samples", samples);
        Activation act = parseActivation();
        if (epochs != null) {
            requirePositive("--epochs", epochs);
            if (inference == UciInference.NUTS) {
                throw usage("--epochs does not apply to --inference nuts; drop it");
            }
        }
        if (members != null) {
            requirePositive("--members", members);
        }
        UciInference.Options options;
        try {
            options = new UciInference.Options(guide == null ? null : Guide.parse(guide), members, anchored,
                    stop == null ? null : StoppingRule.parse(stop));
            inference.create(epochs, seed, options); // reject options that do not apply, before loading data
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        String label = inference.cliName()
                + (options.guide() == null ? "" : "-" + options.guide().name().replace(":", ""));
        Path dir = dataDir.resolve(dataset);
        if (!Files.isDirectory(dir)) {
            throw usage("no dataset folder " + dir + "; pass --data-dir holding a folder named " + dataset);
        }
        UciDataset data;
        try {
            data = UciDataset.load(dir);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        int k = splits != null ? splits : data.numSplits();
        if (k < 1 || k > data.numSplits()) {
            throw usage("--splits must be in [1, " + data.numSplits() + "] for " + dataset + " but was " + k);
        }
        String noise = (autoNoise ? "auto" : heteroskedastic ? "heteroskedastic" : "homoskedastic")
                + (likelihood.studentT() ? " " + likelihood : "");
        boolean gap = parseProtocol();
        Path outDir = out != null ? out
                : Path.of("results", "uci-" + dataset + "-" + label + "-" + noise + (gap ? "-gap" : ""));
        if (!gap && gapFeatures != null) {
            throw usage("--gap-features applies to --protocol gap only; add --protocol gap or drop it");
        }
        if (gap && (splits != null || validation)) {
            throw usage("--splits and --validation apply to --protocol standard only; the gap protocol makes "
                    + "one split per --gap-features entry");
        }
        int[] features = gap ? parseGapFeatures(data.featureColumns().length) : null;
        Outputs.requireFolder(outDir, "--out"); // fail before a long run, not after it
        progress.check(Map.of("--out", outDir.resolve("metrics.json")));
        Files.createDirectories(outDir);
        if (gap) {
            return runGap(data, features, act, noise, outDir, options);
        }

        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s: %d rows, %d features, %d of %d splits; %s %s, 1x%d %s%s%n", data.name(),
                data.numRows(), data.featureColumns().length, k, data.numSplits(), inference.cliName(), noise, hidden,
                act.id(), validation ? " (VALIDATION: scoring held-out training rows)" : "");
        o.flush();
        // under --auto-noise the choice fits its own two models; the larger (noise heads) sizes the memory check
        BayesianModel model = model(data.featureColumns().length, hidden, act, heteroskedastic || autoNoise, inference,
                likelihood);
        int p = model.numParams();
        long points = validation ? data.split(0).train().size() : data.split(0).test().size();
        Memory.require("--samples", samples, Math.max(p, points), 8L * (p + 4 * points),
                "weight sample of " + p + " parameters at " + points + " points");
        Map<Integer, NoiseChoice> choices = new java.util.TreeMap<>();
        UciProtocol protocol = new UciProtocol(i -> method(i, options, act, data.featureColumns().length, choices), model, samples, seed,
                validation);
        List<UciProtocol.SplitScore> scores = protocol.run(data, k, o, progress.listeners(spec.commandLine().getErr()));

        List<Double> rmse = new ArrayList<>();
        List<Double> ll = new ArrayList<>();
        double secs = 0;
        for (UciProtocol.SplitScore s : scores) {
            rmse.add(s.rmse());
            ll.add(s.ll());
            secs += s.fitSeconds();
        }
        Map<String, Object> settings = new LinkedHashMap<>(inference.settings(epochs, options));
        settings.put("hidden", hidden);
        settings.put("activation", act.id());
        settings.put("samples", samples);
        settings.put("seed", seed);
        settings.put("validation", validation);
        putChoices(settings, choices);
        UciResult result = new UciResult(data.name(), inference.cliName(), noise, k, SplitStats.of(rmse),
                SplitStats.of(ll), secs, settings);
        o.println(UciTable.render(result, validation ? List.of() : PublishedResults.rows(data.name(), dir, k)));
        AtomicFiles.writeJson(outDir.resolve("metrics.json"), result.toJson());
        o.println("wrote " + outDir.resolve("metrics.json").toAbsolutePath());
        o.flush();
        return 0;
    }

    private int runGap(UciDataset data, int[] features, Activation act, String noise, Path outDir,
                       UciInference.Options options) throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s: %d rows, %d features; in-between protocol on features %s; %s %s, 1x%d %s%n",
                data.name(), data.numRows(), data.featureColumns().length, java.util.Arrays.toString(features),
                inference.cliName(), noise, hidden, act.id());
        o.flush();
        // under --auto-noise the choice fits its own two models; the larger (noise heads) sizes the memory check
        BayesianModel model = model(data.featureColumns().length, hidden, act, heteroskedastic || autoNoise, inference,
                likelihood);
        Map<Integer, NoiseChoice> choices = new java.util.TreeMap<>();
        GapProtocol protocol = new GapProtocol(i -> method(i, options, act, data.featureColumns().length, choices), model, samples, seed);
        List<GapProtocol.GapScore> scores = protocol.run(data.all(), features, o,
                progress.listeners(spec.commandLine().getErr()));
        Map<String, Object> settings = new LinkedHashMap<>(inference.settings(epochs, options));
        settings.put("hidden", hidden);
        settings.put("activation", act.id());
        settings.put("samples", samples);
        settings.put("seed", seed);
        putChoices(settings, choices);
        o.println(GapProtocol.table(data.name(), inference.cliName(), noise, scores));
        AtomicFiles.writeJson(outDir.resolve("metrics.json"),
                GapProtocol.toJson(data.name(), inference.cliName(), noise, scores, settings));
        o.println("wrote " + outDir.resolve("metrics.json").toAbsolutePath());
        o.flush();
        return 0;
    }

    /**
     * The method of split (or gap feature) {@code i}: the inference seeded with {@code seed + i}, wrapped in a
     * {@link NoiseChoice} (recorded in {@code choices}) under {@code --auto-noise}.
     */
    private InferenceMethod method(int i, UciInference.Options options, Activation act, int in,
                                   Map<Integer, NoiseChoice> choices) {
        InferenceMethod m = inference.create(epochs, seed + i, options);
        if (!autoNoise) {
            return m;
        }
        NoiseChoice c = new NoiseChoice(m, model(in, hidden, act, false, inference, likelihood),
                model(in, hidden, act, true, inference, likelihood), seed + i);
        choices.put(i, c);
        return c;
    }

    /**
     * The methods whose noise model is chosen per split unless one is asked for: the deep ensemble and the mixture of
     * Laplace approximations around it. On the 20 standard splits the choice is better summed over the four sets
     * than either fixed model for both, and on the in-between splits it is what brings both within 0.1 nats of NUTS
     * on boston by feature 12 (docs/uci-benchmark.md, "The noise model chosen per split").
     */
    static boolean choosesNoiseByDefault(UciInference inference) {
        return inference == UciInference.ENSEMBLE || inference == UciInference.LAPLACE;
    }

    /** Under {@code --auto-noise}: each split's (or feature's) chosen noise model and carve log-likelihoods. */
    private static void putChoices(Map<String, Object> settings, Map<Integer, NoiseChoice> choices) {
        if (choices.isEmpty()) {
            return;
        }
        List<Map<String, Object>> per = new ArrayList<>();
        for (Map.Entry<Integer, NoiseChoice> e : choices.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", e.getKey()); // the split, or the feature of a gap split
            m.put("noise", e.getValue().lastChoice());
            double[] sc = e.getValue().lastScores();
            m.put("carveLlHomoskedastic", sc[0]);
            m.put("carveLlHeteroskedastic", sc[1]);
            per.add(m);
        }
        settings.put("noiseChoices", per);
    }

    private boolean parseProtocol() {
        return switch (protocol.toLowerCase(Locale.ROOT)) {
            case "standard" -> false;
            case "gap" -> true;
            default -> throw usage("--protocol must be standard or gap but was '" + protocol + "'");
        };
    }

    private int[] parseGapFeatures(int numFeatures) {
        if (gapFeatures == null) {
            return java.util.stream.IntStream.range(0, numFeatures).toArray();
        }
        String[] parts = gapFeatures.split(",");
        int[] f = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                f[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                f[i] = -1;
            }
            if (f[i] < 0 || f[i] >= numFeatures) {
                throw usage("--gap-features must be 0-based feature indices in [0, " + numFeatures + ") separated by "
                        + "commas but was '" + gapFeatures + "'");
            }
        }
        return f;
    }

    /**
     * The protocol's model: one hidden layer, a heteroskedastic scale head or one homoskedastic noise scale (with a
     * log-normal prior for svi/nuts, a point estimate for map/mle).
     *
     * @param inDim           number of features
     * @param hidden          hidden-layer width
     * @param act             hidden activation
     * @param heteroskedastic whether a second head predicts the noise scale
     * @param inference       the inference method (decides the noise model of a homoskedastic net)
     * @return the model {@code bnn uci} fits
     */
    public static BayesianModel model(int inDim, int hidden, Activation act, boolean heteroskedastic,
                                      UciInference inference) {
        return model(inDim, hidden, act, heteroskedastic, inference, org.bnn4j.examples.cli.LikelihoodChoice.GAUSSIAN);
    }

    /**
     * As {@link #model(int, int, Activation, boolean, UciInference)} with the given noise family.
     *
     * @param inDim           input columns
     * @param hidden          hidden units
     * @param act             hidden activation
     * @param heteroskedastic whether a second head predicts the noise scale
     * @param inference       the inference method (decides the noise model of a homoskedastic net)
     * @param family          Gaussian or Student-t
     * @return the model
     */
    public static BayesianModel model(int inDim, int hidden, Activation act, boolean heteroskedastic,
                                      UciInference inference, org.bnn4j.examples.cli.LikelihoodChoice family) {
        NetworkSpec.Builder nb = NetworkSpec.builder(inDim, 1).hidden(hidden).activation(act);
        if (heteroskedastic) {
            return new BayesianModel(new FeedForwardNetwork(nb.build()), new NormalPrior(NormalPrior.DEFAULT_PRIOR_STD),
                    family.likelihood(true, null));
        }
        NoiseModel noise = inference.bayesian()
                ? new NoiseModel.LogNormalPrior(NOISE_LOG_LOC, NOISE_LOG_SCALE, NOISE_INIT_SCALE)
                : new NoiseModel.PointEstimate(NOISE_INIT_SCALE);
        return new BayesianModel(new FeedForwardNetwork(nb.heteroskedastic(false).build()),
                new NormalPrior(NormalPrior.DEFAULT_PRIOR_STD), family.likelihood(false, noise));
    }

    private Activation parseActivation() {
        return switch (activation.toLowerCase(Locale.ROOT)) {
            case "relu" -> Activation.RELU;
            case "tanh" -> Activation.TANH;
            default -> throw usage("--activation must be relu or tanh but was '" + activation + "'");
        };
    }

    private void requirePositive(String name, int v) {
        if (v < 1) {
            throw usage(name + " must be >= 1 but was " + v);
        }
    }

    private ParameterException usage(String msg) {
        return new ParameterException(spec.commandLine(), msg);
    }
}
