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
import org.bnn4j.examples.csv.BadInputException;
import org.bnn4j.examples.csv.CsvTable;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.listen.ProgressBar;
import org.bnn4j.inference.svi.Guide;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import picocli.CommandLine.Command;
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

    /** Default hidden layer: the seed notebook's width. */
    static final String DEFAULT_HIDDEN = "50";

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

    @Option(names = "--inference", converter = InferenceChoice.Converter.class, paramLabel = "svi|map|mle|nuts|hmc",
            defaultValue = "svi", description = "Inference method (default: ${DEFAULT-VALUE}).")
    InferenceChoice inference;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (default: the method's).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate (default: the method's).")
    Double learningRate;

    @Option(names = "--particles", paramLabel = "K", description = "SVI particles per step (svi only).")
    Integer particles;

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

    @Option(names = "--hidden", paramLabel = "W[,W...]", defaultValue = DEFAULT_HIDDEN,
            description = "Hidden layer widths (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(names = "--activation", paramLabel = "tanh|relu", defaultValue = "tanh",
            description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--homoskedastic",
            description = "One learned noise scale for all rows instead of a noise head (heteroskedastic default).")
    boolean homoskedastic;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "906", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--save", required = true, paramLabel = "FILE", description = "Where to write the model file.")
    Path save;

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
            throw new BadInputException("--activation " + e.getMessage());
        }
        positive("--epochs", epochs);
        if (warmup != null && warmup < 0) {
            throw new BadInputException("--warmup must be >= 0 but was " + warmup + "; pass a non-negative count");
        }
        positive("--samples", samples);
        positive("--chains", chains);
        positive("--leapfrog-steps", leapfrogSteps);
        positive("--particles", particles);
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new BadInputException("--lr must be a finite number > 0 but was " + learningRate);
        }
        InferenceMethod method;
        try {
            Guide family = guide == null ? null : Guide.parse(guide);
            method = inference.create(new InferenceChoice.Settings(epochs, learningRate, particles, seed, family),
                    new InferenceChoice.McmcSettings(warmup, samples, chains, null, null, leapfrogSteps, null, false));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }

        if (java.nio.file.Files.isDirectory(save)) {
            throw new BadInputException("--save " + save + " is a directory; pass a file name such as model.bnn");
        }
        CsvTable table = CsvTable.read(csv, !noHeader);
        int[] targetCols = table.select(target, "--target");
        int[] featureCols = features != null ? table.select(features, "--features") : others(table, targetCols);
        for (int f : featureCols) {
            if (Arrays.stream(targetCols).anyMatch(t -> t == f)) {
                throw new BadInputException("column '" + table.columns().get(f) + "' is both a feature and a target; "
                        + "drop it from --features");
            }
        }
        if (featureCols.length == 0) {
            throw new BadInputException(table.name() + " has no feature columns besides the target(s); pass a file "
                    + "with at least one input column");
        }
        double[] x = table.numeric(featureCols);
        double[] y = table.numeric(targetCols);
        int n = table.numRows();
        requireNonConstant(table, featureCols, x, n);
        Dataset data = Dataset.of(x, y, n, featureCols.length, targetCols.length);

        BayesianModel model = model(featureCols.length, targetCols.length, widths, act);
        long t0 = System.nanoTime();
        Posterior posterior = method.fit(model, data, FitOptions.defaults().withListeners(new ProgressBar()));
        double seconds = (System.nanoTime() - t0) / 1e9;

        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("header", table.header());
        attrs.put("features", names(table, featureCols));
        attrs.put("featureColumns", Arrays.stream(featureCols).boxed().toList());
        attrs.put("targets", names(table, targetCols));
        attrs.put("trainingFile", table.name());
        attrs.put("trainingRows", n);
        attrs.put("seed", seed);
        PosteriorIO.save(posterior, save, attrs);

        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "fitted %s on %d rows: %s -> %s in %.1f s%n", inference.cliName(), n,
                String.join(",", names(table, featureCols)), String.join(",", names(table, targetCols)), seconds);
        for (String w : posterior.diagnostics().warnings()) {
            out.println("warning: " + w);
        }
        out.println("saved " + save.toAbsolutePath());
        out.flush();
        return 0;
    }

    private BayesianModel model(int inDim, int outDim, int[] widths, Activation act) {
        NetworkSpec.Builder nb = NetworkSpec.builder(inDim, outDim).hidden(widths).activation(act);
        if (!homoskedastic) {
            return BayesianModel.heteroskedastic(nb.build());
        }
        NoiseModel noise = inference.bayesian()
                ? new NoiseModel.LogNormalPrior(ClustersCommand.NOISE_LOG_LOC, ClustersCommand.NOISE_LOG_SCALE,
                ClustersCommand.NOISE_INIT_SCALE)
                : new NoiseModel.PointEstimate(ClustersCommand.NOISE_INIT_SCALE);
        return new BayesianModel(new FeedForwardNetwork(nb.heteroskedastic(false).build()),
                new NormalPrior(NormalPrior.DEFAULT_PRIOR_STD), new HomoskedasticGaussian(noise));
    }

    private static void requireNonConstant(CsvTable table, int[] cols, double[] x, int n) {
        for (int k = 0; k < cols.length; k++) {
            boolean constant = true;
            for (int i = 1; i < n && constant; i++) {
                constant = x[i * cols.length + k] == x[k];
            }
            if (constant) {
                throw new BadInputException("feature column '" + table.columns().get(cols[k]) + "' of " + table.name()
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
