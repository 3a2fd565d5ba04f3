package org.bnn4j.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.bnn4j.data.ClusterConfig;
import org.bnn4j.data.ClusterData;
import org.bnn4j.data.TargetFunction;
import org.bnn4j.examples.clusters.ClusterPlots;
import org.bnn4j.examples.clusters.ClusterReport;
import org.bnn4j.examples.clusters.ClusterResults;
import org.bnn4j.examples.io.AtomicFiles;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.listen.ProgressBar;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.predictive.PredictiveDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bnn clusters}: the seed notebook's experiment. Fits a 1-hidden-layer tanh network to 1-d data in four
 * clusters with different noise levels, then reports how the predictive uncertainty splits into aleatoric and
 * epistemic parts inside the clusters, in the gaps between them and outside them.
 */
@Command(name = "clusters", mixinStandardHelpOptions = true,
        description = {"Fit a BNN to the 4-cluster 1-d data of the seed notebook and report aleatoric vs epistemic "
                + "uncertainty per cluster and per region (cluster / gap / outside).",
                "Writes metrics.json and (unless --no-plots) data.png, functions.png, predictive.png, "
                        + "uncertainty.png to --out."},
        footer = {"", "Recommended: export OMP_NUM_THREADS=1."})
public final class ClustersCommand implements Callable<Integer> {

    /** Prior mean of log sigma for a learned homoskedastic noise in standardised units: sigma ~ 0.1. */
    static final double NOISE_LOG_LOC = Math.log(0.1);
    /** Prior std of log sigma: one e-fold, so sigma in about [0.014, 0.74] at ±2 prior std (weakly informative). */
    static final double NOISE_LOG_SCALE = 1.0;
    /** Starting noise std in standardised units (the prior median). */
    static final double NOISE_INIT_SCALE = 0.1;
    /** Sampled mean functions drawn in functions.png. */
    static final int PLOTTED_FUNCTIONS = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--inference", converter = InferenceChoice.Converter.class, paramLabel = "svi|map|mle",
            description = "Inference method: svi, map or mle (default: ${DEFAULT-VALUE}).", defaultValue = "svi")
    InferenceChoice inference;

    @Option(names = "--function", paramLabel = "cos|cubic", defaultValue = "cos",
            description = "Target function: cos or cubic (x^3/350) (default: ${DEFAULT-VALUE}).")
    String function;

    @Option(names = "--homoskedastic",
            description = "Use a homoskedastic net with a learned noise scale (log-normal prior for svi, point "
                    + "estimate for map/mle) instead of the default heteroskedastic net.")
    boolean homoskedastic;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (default: the method's).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate (default: the method's).")
    Double learningRate;

    @Option(names = "--particles", paramLabel = "K",
            description = "SVI Monte Carlo particles per step (svi only; default: the method's).")
    Integer particles;

    @Option(names = "--hidden", paramLabel = "WIDTH", defaultValue = "50",
            description = "Hidden-layer width (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "906", description = "Seed of the data and the fit (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100",
            description = "Weight samples per prediction (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: results/clusters-<inference>).")
    Path out;

    @Option(names = "--no-plots", description = "Do not write the PNG plots.")
    boolean noPlots;

    @Override
    public Integer call() throws IOException {
        TargetFunction f = parseFunction();
        requirePositive("--hidden", hidden);
        requirePositive("--samples", samples);
        if (epochs != null) {
            requirePositive("--epochs", epochs);
        }
        if (particles != null) {
            requirePositive("--particles", particles);
        }
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw usage("--lr must be a finite number > 0 but was " + learningRate);
        }
        InferenceMethod method;
        try {
            method = inference.create(new InferenceChoice.Settings(epochs, learningRate, particles, seed));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Path dir = out != null ? out : Path.of("results", "clusters-" + inference.cliName());
        Files.createDirectories(dir); // fail before a long fit, not after it

        ClusterData data = ClusterData.generate(ClusterConfig.builder().targetFunction(f).seed(seed).build());
        BayesianModel model = model();
        long t0 = System.nanoTime();
        Posterior posterior = method.fit(model, data.train(),
                FitOptions.defaults().withListeners(new ProgressBar()));
        double fitSeconds = (System.nanoTime() - t0) / 1e9;

        SplittableRandom rng = new SplittableRandom(seed).split();
        PredictiveDistribution grid = posterior.predict(data.grid().x(), samples, rng.split());
        PredictiveDistribution test = posterior.predict(data.test().x(), samples, rng.split());
        ClusterResults results = new ClusterResults(inference.cliName(), f.name().toLowerCase(java.util.Locale.ROOT),
                seed, fitSeconds, ClusterReport.testMetrics(test, data.test()),
                ClusterReport.clusterStats(grid, data.grid(), data.clusters()),
                ClusterReport.regionStats(grid, data.grid(), data.gridRegions()),
                posterior.diagnostics().summary(), posterior.diagnostics().warnings());

        spec.commandLine().getOut().println(results.table());
        AtomicFiles.writeJson(dir.resolve("metrics.json"), results.toJson());
        if (!noPlots) {
            ClusterPlots.write(dir, "clusters, " + inference.cliName(), data, grid, PLOTTED_FUNCTIONS);
        }
        spec.commandLine().getOut().println("wrote " + dir.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private BayesianModel model() {
        NetworkSpec.Builder nb = NetworkSpec.builder(1, 1).hidden(hidden).activation(Activation.TANH);
        if (!homoskedastic) {
            return BayesianModel.heteroskedastic(nb.build());
        }
        NoiseModel noise = inference.bayesian()
                ? new NoiseModel.LogNormalPrior(NOISE_LOG_LOC, NOISE_LOG_SCALE, NOISE_INIT_SCALE)
                : new NoiseModel.PointEstimate(NOISE_INIT_SCALE);
        return new BayesianModel(new FeedForwardNetwork(nb.heteroskedastic(false).build()),
                new NormalPrior(NormalPrior.DEFAULT_PRIOR_STD), new HomoskedasticGaussian(noise));
    }

    private TargetFunction parseFunction() {
        for (TargetFunction t : TargetFunction.values()) {
            if (t.name().equalsIgnoreCase(function)) {
                return t;
            }
        }
        throw usage("--function must be cos or cubic but was '" + function + "'");
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
