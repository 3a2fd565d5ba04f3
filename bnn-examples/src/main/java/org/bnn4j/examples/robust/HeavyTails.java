package org.bnn4j.examples.robust;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.UciDataset;
import org.bnn4j.datasets.UciSplit;
import org.bnn4j.examples.cli.LikelihoodChoice;
import org.bnn4j.examples.uci.UciCommand;
import org.bnn4j.examples.uci.UciInference;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.Posterior;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.Metrics;
import org.bnn4j.predictive.PredictiveDistribution;
import org.bnn4j.predictive.StudentTNoise;

/**
 * The heavy-tail experiment of the user guide: Gaussian against Student-t likelihoods, with every inference method,
 * on data whose training targets hold gross outliers. Two data sets: a synthetic 1-d regression
 * {@code y = sin(2x) + 0.3x + 0.2 T}, T a Student-t with 2.5 degrees of freedom, x uniform on [-3, 3], 300 training
 * points of which 5% get a gross outlier added, 1000 test points without; and a UCI set whose first splits get 5% of
 * their training targets shifted by a gross outlier (test targets untouched). A gross outlier adds
 * {@code +-U(5, 10)} standard deviations of the training targets. Models are the UCI protocol's homoskedastic
 * 50-unit nets ({@link UciCommand#model}) with each method's UCI budget ({@link UciInference}); the Student-t learns
 * its degrees of freedom unless given. Prints mean test NLL and RMSE (original units) per method and likelihood.
 *
 * <pre>
 * java -cp bnn-examples/target/bnn.jar org.bnn4j.examples.robust.HeavyTails synthetic 3
 * java -cp bnn-examples/target/bnn.jar org.bnn4j.examples.robust.HeavyTails ../shared/data/uci/boston 3
 * </pre>
 * Arguments: {@code synthetic} or a UCI data folder; the number of seeds (synthetic) or splits (UCI); optionally the
 * methods (comma-separated, default {@code map,svi,nuts,laplace,ensemble}), the Student-t choice (default
 * {@code student-t}) and the share of training targets given a gross outlier (default 0.05; 0 for clean data).
 */
public final class HeavyTails {

    /** Share of training targets given a gross outlier, by default. */
    static final double OUTLIER_FRACTION = 0.05;
    /** Synthetic noise degrees of freedom. */
    static final double SYNTHETIC_NU = 2.5;
    /** Synthetic noise scale. */
    static final double SYNTHETIC_SCALE = 0.2;
    private static final int SAMPLES = 100;

    private HeavyTails() {
    }

    /**
     * @param args {@code synthetic|UCI-FOLDER [REPEATS] [METHODS] [student-t[:NU]] [OUTLIER-FRACTION]}
     */
    public static void main(String[] args) {
        String source = args.length > 0 ? args[0] : "synthetic";
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] methods = (args.length > 2 ? args[2] : "map,svi,nuts,laplace,ensemble").split(",");
        LikelihoodChoice robust = LikelihoodChoice.parse(args.length > 3 ? args[3] : "student-t");
        double fraction = args.length > 4 ? Double.parseDouble(args[4]) : OUTLIER_FRACTION;
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("the outlier fraction must be in [0, 1) but was " + args[4]);
        }
        List<UciSplit> splits = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            splits.add(source.equals("synthetic") ? synthetic(r, fraction)
                    : contaminated(UciDataset.load(Path.of(source)), r, fraction));
        }
        System.out.printf(Locale.ROOT, "%s, %d %s, %.0f%% gross outliers in the training targets%n", source, repeats,
                source.equals("synthetic") ? "seeds" : "splits", 100 * fraction);
        System.out.println("| method | NLL gaussian | NLL " + robust + " | RMSE gaussian | RMSE " + robust + " |");
        System.out.println("|---|---|---|---|---|");
        for (String name : methods) {
            UciInference inference = new UciInference.Converter().convert(name);
            double[][] nll = new double[2][splits.size()];
            double[][] rmse = new double[2][splits.size()];
            for (int f = 0; f < 2; f++) {
                LikelihoodChoice family = f == 0 ? LikelihoodChoice.GAUSSIAN : robust;
                for (int i = 0; i < splits.size(); i++) {
                    UciSplit s = splits.get(i);
                    BayesianModel model = UciCommand.model(s.train().inDim(), 50, Activation.RELU, false, inference,
                            family);
                    Posterior post = inference.create(null, 1000 + i).fit(model, s.train(),
                            FitOptions.defaults().withStandardize(true));
                    PredictiveDistribution pred = post.predict(s.test().x(), SAMPLES, new SplittableRandom(7 + i));
                    nll[f][i] = -Metrics.meanLogPredictiveDensity(pred, s.test().y());
                    rmse[f][i] = Metrics.rmse(pred, s.test().y());
                    System.err.printf(Locale.ROOT, "%s %s split %d: nll %.3f rmse %.3f%s%n", name, family, i,
                            nll[f][i], rmse[f][i], pred.noise(0) instanceof StudentTNoise t
                                    ? String.format(Locale.ROOT, " (nu %.2f)", t.nu()) : "");
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", name, stat(nll[0]), stat(nll[1]),
                    stat(rmse[0]), stat(rmse[1]));
            System.out.flush();
        }
    }

    /** @return mean +- standard error */
    private static String stat(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x / v.length;
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        double se = v.length > 1 ? Math.sqrt(ss / (v.length - 1) / v.length) : Double.NaN;
        return String.format(Locale.ROOT, "%.3f +- %.3f", m, se);
    }

    /**
     * @param seed     the data seed
     * @param fraction share of training targets given a gross outlier
     * @return 300 training points with Student-t noise and gross outliers, 1000 test points with the same noise
     */
    static UciSplit synthetic(int seed, double fraction) {
        SplittableRandom rng = new SplittableRandom(seed);
        StudentTNoise t = StudentTNoise.of(SYNTHETIC_NU);
        Dataset train = sample(300, t, rng);
        Dataset test = sample(1000, t, rng);
        return new UciSplit(seed, contaminate(train, rng, fraction), test);
    }

    private static Dataset sample(int n, StudentTNoise t, SplittableRandom rng) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 6 * rng.nextDouble() - 3;
            y[i] = Math.sin(2 * x[i]) + 0.3 * x[i] + SYNTHETIC_SCALE * t.sample(rng);
        }
        return Dataset.of(x, y, n, 1, 1);
    }

    /** @return split i of the data set with a share of its training targets given gross outliers */
    static UciSplit contaminated(UciDataset data, int i, double fraction) {
        UciSplit s = data.split(i);
        return new UciSplit(i, contaminate(s.train(), new SplittableRandom(100 + i), fraction), s.test());
    }

    /** @return the data with a share {@code fraction} of its rows' targets shifted by +-U(5, 10) target stds */
    static Dataset contaminate(Dataset d, SplittableRandom rng, double fraction) {
        double[] y = Arrays2.toDoubles(d.y());
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        double var = 0;
        for (double v : y) {
            var += (v - mean) * (v - mean) / y.length;
        }
        double sd = Math.sqrt(var);
        int n = y.length;
        int k = (int) Math.round(fraction * n);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < k; i++) { // partial Fisher-Yates: the first k are a uniform random subset
            int j = i + rng.nextInt(n - i);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
            double shift = sd * (5 + 5 * rng.nextDouble());
            y[perm[i]] += rng.nextBoolean() ? shift : -shift;
        }
        return Dataset.of(Arrays2.toDoubles(d.x()), y, n, d.inDim(), 1);
    }
}
