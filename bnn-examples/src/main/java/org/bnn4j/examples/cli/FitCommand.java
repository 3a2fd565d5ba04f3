package org.bnn4j.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;
import org.bnn4j.examples.csv.BadInputException;
import org.bnn4j.examples.csv.CsvTable;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.ensemble.EnsembleConfig;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.laplace.CurvatureStructure;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.optim.StoppingRule;
import org.bnn4j.inference.svi.Guide;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.model.Prior;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bnn fit}: fits a BNN to the columns of a CSV file and saves the posterior, with its model, standardiser and
 * the feature and target column names, to one file for {@code bnn predict}.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fit a Bayesian neural network to a CSV file and save the posterior.",
                "Columns are chosen by header name or by 1-based column number; inputs and targets are standardised "
                        + "with the training statistics (stored in the model file)."},
        footer = {"", "Example: bnn fit --csv train.csv --target price --inference svi --save model.bnn",
                "Bad input (missing or non-numeric cells, unknown columns, constant features, ...) prints one line "
                        + "and exits with code 2; no model file is written."})
public final class FitCommand implements Callable<Integer> {

    /** Default hidden layer width (that of the four-cluster experiment, {@code bnn clusters}). */
    static final String DEFAULT_HIDDEN = "50";
    /**
     * Fraction of its rows each ensemble member holds out by default, to stop early on them. Members that fit every
     * row let their noise heads shrink onto the training residuals, and the mixture is then confidently wrong on new
     * rows: with this command's defaults, boston's 20 standard splits give a mean test NLL of 8.72 fitted on every row
     * against 2.56 with 10 % held out, and its in-between splits (middle third by feature 0 / 12) 11.6 / 12.0
     * against 2.59 / 2.56; holding out is better on three of the four UCI sets and costs yacht 0.49 nats
     * (docs/choosing-a-method.md, "bnn fit with its defaults").
     */
    static final double DEFAULT_HOLDOUT = 0.1;

    @Spec
    CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "Training data (CSV, UTF-8).")
    Path csv;

    @Option(names = "--target", required = true, paramLabel = "COL[,COL...]",
            description = "Target column(s): header names or 1-based column numbers.")
    String target;

    @Option(names = "--features", paramLabel = "COLS",
            description = "Feature columns (names or 1-based numbers; default: every column that is not a target).")
    String features;

    @Option(names = "--no-header", description = "The file has no header line: select columns by number.")
    boolean noHeader;

    @Option(names = "--inference", converter = InferenceChoice.Converter.class,
            paramLabel = "svi|map|mle|nuts|hmc|laplace|ensemble", defaultValue = "ensemble",
            description = "Inference method (default: ${DEFAULT-VALUE}).")
    InferenceChoice inference;

    @Option(names = "--laplace-structure", paramLabel = "auto|full|lastlayer",
            description = "laplace: which weights the Gaussian covers (default: auto = full up to "
                    + CurvatureStructure.AUTO_FULL_MAX_PARAMS + " parameters, else the heads' last layer).")
    String laplaceStructure;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (default: the method's); svi on more than "
            + "4096 rows: Adam steps on 512-row minibatches.")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate (default: the method's).")
    Double learningRate;

    @Option(names = "--particles", paramLabel = "K", description = "SVI particles per step (svi only).")
    Integer particles;

    @Option(names = "--stop", paramLabel = "none|plateau[:WINDOW[,TOL[,MIN]]]",
            description = "svi, map and mle: end the fit at a plateau of its smoothed objective, then decay the "
                    + "learning rate over a final third (default: none, every epoch runs).")
    String stop;

    @Option(names = "--guide", paramLabel = "meanfield|lowrank:R|fullrank",
            description = "SVI variational family (svi only): meanfield (default), lowrank:R or fullrank.")
    String guide;

    @Option(names = "--warmup", paramLabel = "N", description = "MCMC warm-up iterations per chain (nuts/hmc only).")
    Integer warmup;

    @Option(names = "--samples", paramLabel = "N", description = "MCMC kept iterations per chain (nuts/hmc only).")
    Integer samples;

    @Option(names = "--chains", paramLabel = "C", description = "MCMC chains (nuts/hmc only).")
    Integer chains;

    @Option(names = "--leapfrog-steps", paramLabel = "L", description = "HMC leapfrog steps per iteration (hmc only).")
    Integer leapfrogSteps;

    @Option(names = "--metric", paramLabel = "diagonal|dense|lowrank",
            description = "Mass matrix adapted during warm-up (nuts/hmc only; default: diagonal).")
    String metric;

    @Option(names = "--parameterization", paramLabel = "full|marginal-mean-head",
            description = "Parameters the chains move (nuts/hmc only; default: full; marginal-mean-head integrates "
                    + "the mean head of a one-hidden-layer net out).")
    String parameterization;

    @Option(names = "--members", paramLabel = "M", description = "Ensemble members (ensemble; default: "
            + EnsembleConfig.DEFAULT_MEMBERS + "); with laplace, a mixture of Laplace approximations around M "
            + "ensemble members.")
    Integer members;

    @Option(names = "--anchored", description = "Anchor each ensemble member at its own prior draw (ensemble only).")
    boolean anchored;

    @Option(names = "--holdout", paramLabel = "FRACTION",
            description = "Fraction of each ensemble member's rows held out: it stops early on them (and a shared "
                    + "noise scale is estimated on them) so it is not over-confident on new rows (ensemble only; "
                    + "default: 0.1; 0 fits every row).")
    Double holdout;

    @Option(names = "--hidden", paramLabel = "W[,W...]", defaultValue = DEFAULT_HIDDEN,
            description = "Hidden layer widths (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(names = "--activation", paramLabel = "tanh|relu", defaultValue = "tanh",
            description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--homoskedastic",
            description = "One learned noise scale for all rows instead of a noise head (heteroskedastic default).")
    boolean homoskedastic;

    @Option(names = "--likelihood", paramLabel = "gaussian|student-t[:NU]", defaultValue = "gaussian",
            converter = LikelihoodChoice.Converter.class,
            description = "Noise family (default: ${DEFAULT-VALUE}); student-t learns its degrees of freedom, "
                    + "student-t:NU fixes them: heavy tails that gross outliers pull much less.")
    LikelihoodChoice likelihood = LikelihoodChoice.GAUSSIAN;

    @Option(names = "--prior", paramLabel = "normal:S|layerwise:S",
            description = "Prior over the weights: IID Normal(0, S^2), or Normal(0, (S / sqrt(fanIn))^2) per layer "
                    + "(default: normal:1; not for mle, which has no prior).")
    String prior;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "906", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--save", required = true, paramLabel = "FILE", description = "Where to write the model file.")
    Path save;

    @Mixin
    ProgressOptions progress;

    /**
     * Smallest and largest standard deviation of a target column: predictive variances are stored in the target's
     * units squared, so std^2 times the model's standardised variances (from about 1e-6 to 1e6) must stay inside the
     * double range (about 1e-308 to 1e308).
     */
    static final double MIN_TARGET_STD = 1e-140;
    /** See {@link #MIN_TARGET_STD}. */
    static final double MAX_TARGET_STD = 1e140;

    @Override
    public Integer call() throws IOException {
        try {
            return run();
        } catch (BadInputException e) {
            return InputErrors.report(spec, e);
        }
    }

    private int run() throws IOException {
        int[] widths = parseHidden();
        Activation act;
        try {
            act = Activation.parse(activation);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--activation must be tanh or relu but was '" + activation + "'");
        }
        positive("--epochs", epochs);
        if (warmup != null && warmup < 0) {
            throw new BadInputException("--warmup must be >= 0 but was " + warmup + "; pass a non-negative count");
        }
        positive("--samples", samples);
        positive("--chains", chains);
        positive("--leapfrog-steps", leapfrogSteps);
        positive("--particles", particles);
        positive("--members", members);
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new BadInputException("--lr must be a finite number > 0 but was " + learningRate);
        }
        Prior weightPrior = parsePrior();
        InferenceMethod method;
        try {
            Guide family = guide == null ? null : Guide.parse(guide);
            method = inference.create(new InferenceChoice.Settings(epochs, learningRate, particles, seed, family,
                    stop == null ? null : StoppingRule.parse(stop)),
                    new InferenceChoice.McmcSettings(warmup, samples, chains, null, null, leapfrogSteps,
                            InferenceChoice.McmcSettings.parseMetric(metric), false,
                            InferenceChoice.McmcSettings.parseParameterization(parameterization)),
                    new InferenceChoice.EnsembleSettings(members, anchored,
                            holdout == null && inference == InferenceChoice.ENSEMBLE ? Double.valueOf(DEFAULT_HOLDOUT)
                                    : holdout), laplaceStructure);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        Map<String, Path> inputs = Map.of("--csv", csv);
        Outputs.requireFile(save, "--save", inputs);
        progress.check(Map.of("--csv", csv, "--save", save));

        Training training = Training.of(readColumns()); // the file's cells are garbage from here on
        Dataset data = training.data();
        int n = data.size();

        BayesianModel model = model(data.inDim(), data.outDim(), widths, act, weightPrior);
        if (inference.mcmc()) {
            long draws = (long) (chains != null ? chains : McmcConfig.DEFAULT_NUM_CHAINS)
                    * (samples != null ? samples : McmcConfig.DEFAULT_NUM_SAMPLES);
            int p = model.numParams();
            // kept draws are held per chain, then copied into the posterior and into the saved file's array
            Memory.require("--samples x --chains", draws, p, 3L * 8 * p, "draw of " + p + " parameters");
        }
        long t0 = System.nanoTime();
        Posterior posterior = method.fit(model, data, FitOptions.defaults().withListeners(
                progress.listeners(spec.commandLine().getErr())));
        double seconds = (System.nanoTime() - t0) / 1e9;

        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("header", training.header());
        attrs.put("features", training.features());
        attrs.put("featureColumns", Arrays.stream(training.featureCols()).boxed().toList());
        attrs.put("targets", training.targets());
        attrs.put("trainingFile", training.fileName());
        attrs.put("trainingRows", n);
        attrs.put("seed", seed);
        PosteriorIO.save(posterior, save, attrs);

        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "fitted %s on %d rows: %s -> %s in %.1f s%n", inference.cliName(), n,
                String.join(",", training.features()), String.join(",", training.targets()), seconds);
        for (String w : posterior.diagnostics().warnings()) {
            out.println("warning: " + w);
        }
        out.println("saved " + save.toAbsolutePath());
        out.flush();
        return 0;
    }

    /**
     * What a fit needs from the training file: the selected columns' values and names, without the file's other
     * cells.
     */
    private record Columns(double[] x, double[] y, int n, int[] featureCols, List<String> features,
                           List<String> targets, boolean header, String fileName) {
    }

    /**
     * The training data and what the model file records about them.
     *
     * @param data        the selected columns
     * @param featureCols the feature columns' 0-based indices in the file
     * @param features    their names
     * @param targets     the target columns' names
     * @param header      whether the file has a header line
     * @param fileName    the file's name
     */
    private record Training(Dataset data, int[] featureCols, List<String> features, List<String> targets,
                            boolean header, String fileName) {

        /** The dataset of the columns, checked; the columns' own arrays are garbage once it returns. */
        static Training of(Columns c) {
            Dataset data = Dataset.of(c.x(), c.y(), c.n(), c.features().size(), c.targets().size());
            requireTargetScale(c.targets(), c.fileName(), data);
            return new Training(data, c.featureCols(), c.features(), c.targets(), c.header(), c.fileName());
        }
    }

    /** Reads the file and selects and checks its columns; the table is garbage once it returns. */
    private Columns readColumns() {
        CsvTable table = CsvTable.read(csv, !noHeader);
        int[] targetCols = table.select(target, "--target");
        int[] featureCols = features != null ? table.select(features, "--features") : others(table, targetCols);
        for (int f : featureCols) {
            if (Arrays.stream(targetCols).anyMatch(t -> t == f)) {
                throw new BadInputException("column '" + CsvTable.shorten(table.columns().get(f)) + "' is both a "
                        + "feature and a target; drop it from --features");
            }
        }
        if (featureCols.length == 0) {
            throw new BadInputException(table.name() + " has no feature columns besides the target(s); pass a file "
                    + "with at least one input column");
        }
        int n = table.numRows();
        if (n < 2) {
            throw new BadInputException(table.name() + " has only one data row; a fit needs at least two rows (and "
                    + "many more to learn anything)");
        }
        double[] x = table.numeric(featureCols);
        double[] y = table.numeric(targetCols);
        requireNonConstant(table, featureCols, x, n);
        return new Columns(x, y, n, featureCols, names(table, featureCols), names(table, targetCols), table.header(),
                table.name());
    }

    private Prior parsePrior() {
        if (prior == null) {
            return new NormalPrior(NormalPrior.DEFAULT_PRIOR_STD);
        }
        if (inference == InferenceChoice.MLE) {
            throw new BadInputException("--prior does not apply to --inference mle (maximum likelihood has no prior); "
                    + "drop it or use --inference map");
        }
        try {
            return PriorChoice.parse(prior).prior();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /**
     * Refuses a target whose spread is too large or too small for its predictive variances to be represented in
     * double precision (a fit would succeed, but predictions would show infinite or zero uncertainty).
     */
    private static void requireTargetScale(List<String> targets, String fileName, Dataset data) {
        double[] std = Standardizer.fit(data).yStd();
        for (int k = 0; k < std.length; k++) {
            if (std[k] < MIN_TARGET_STD || std[k] > MAX_TARGET_STD) {
                throw new BadInputException(String.format(Locale.ROOT, "target column '%s' of %s has standard "
                        + "deviation %.3g, outside [%.0e, %.0e] where predictive variances (std^2) stay within double "
                        + "precision; rescale the column (e.g. multiply it by %.0e) and scale predictions back",
                        CsvTable.shorten(targets.get(k)), fileName, std[k], MIN_TARGET_STD,
                        MAX_TARGET_STD, Math.pow(10, -Math.round(Math.log10(std[k])))));
            }
        }
    }

    private BayesianModel model(int inDim, int outDim, int[] widths, Activation act, Prior weightPrior) {
        NetworkSpec.Builder nb = NetworkSpec.builder(inDim, outDim).hidden(widths).activation(act);
        if (!homoskedastic) {
            return new BayesianModel(new FeedForwardNetwork(nb.build()), weightPrior,
                    likelihood.likelihood(true, null));
        }
        NoiseModel noise = inference.bayesian()
                ? new NoiseModel.LogNormalPrior(ClustersCommand.NOISE_LOG_LOC, ClustersCommand.NOISE_LOG_SCALE,
                ClustersCommand.NOISE_INIT_SCALE)
                : new NoiseModel.PointEstimate(ClustersCommand.NOISE_INIT_SCALE);
        return new BayesianModel(new FeedForwardNetwork(nb.heteroskedastic(false).build()), weightPrior,
                likelihood.likelihood(false, noise));
    }

    private static void requireNonConstant(CsvTable table, int[] cols, double[] x, int n) {
        for (int k = 0; k < cols.length; k++) {
            boolean constant = true;
            for (int i = 1; i < n && constant; i++) {
                constant = x[i * cols.length + k] == x[k];
            }
            if (constant) {
                throw new BadInputException("feature column '" + CsvTable.shorten(table.columns().get(cols[k])) + "' of "
                        + table.name()
                        + " is constant (every value is " + x[k] + "), so nothing can be learnt from it; leave it "
                        + "out with --features");
            }
        }
    }

    private static int[] others(CsvTable table, int[] targets) {
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < table.columns().size(); j++) {
            int jj = j;
            if (Arrays.stream(targets).noneMatch(t -> t == jj)) {
                out.add(j);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<String> names(CsvTable table, int[] cols) {
        return Arrays.stream(cols).mapToObj(table.columns()::get).toList();
    }

    private int[] parseHidden() {
        String[] parts = hidden.split(",");
        int[] w = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                w[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                w[i] = -1;
            }
            if (w[i] < 1) {
                throw new BadInputException("--hidden must be positive layer widths separated by commas (e.g. 50 or "
                        + "64,64) but was '" + hidden + "'");
            }
        }
        return w;
    }

    private static void positive(String name, Integer v) {
        if (v != null && v < 1) {
            throw new BadInputException(name + " must be >= 1 but was " + v + "; pass a positive count");
        }
    }
}
