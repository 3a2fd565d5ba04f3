package org.bnn4j.spark;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.io.SavedDiagnostics;
import org.bnn4j.inference.svi.MeanFieldPosterior;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;

/** Synthetic data and posteriors for the tests, and CSV files laid out as {@code bnn fit} / {@code bnn predict} expect. */
public final class Synthetic {

    private Synthetic() {
    }

    /**
     * A kin8nm-like regression problem: 8 inputs uniform on [-1, 1], {@code y = sum_k sin(k x_k) / k + x1 x2 + 0.1 eps}.
     *
     * @param n    rows
     * @param seed data seed
     * @return the data
     */
    public static Dataset data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * 8];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < 8; k++) {
                double v = 2 * r.nextDouble() - 1;
                x[i * 8 + k] = v;
                s += Math.sin((k + 1) * v) / (k + 1);
            }
            y[i] = s + x[i * 8] * x[i * 8 + 1] + 0.1 * r.nextGaussian();
        }
        return Dataset.of(x, y, n, 8, 1);
    }

    /**
     * A mean-field posterior of an 8-50-1 heteroskedastic tanh net with random means and scales (no fit needed: the
     * tests compare how predictions are computed, not how good they are), standardised on {@code data(2000, 1)}.
     *
     * @param seed seed of the means and scales
     * @return the posterior
     */
    public static Posterior meanField(long seed) {
        BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(8, 1).hidden(50).build());
        SplittableRandom r = new SplittableRandom(seed);
        int p = model.numParams();
        double[] loc = new double[p];
        double[] scale = new double[p];
        for (int k = 0; k < p; k++) {
            loc[k] = 0.5 * r.nextGaussian();
            scale[k] = 0.05 + 0.1 * r.nextDouble();
        }
        return new MeanFieldPosterior(model, "svi", loc, scale, Standardizer.fit(data(2000, 1)),
                new SavedDiagnostics(Map.of(), List.of()));
    }

    /** @return the attributes {@code bnn fit --save} writes for a CSV with header x1..x8,y */
    public static Map<String, Object> csvAttributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("header", true);
        a.put("features", features());
        a.put("featureColumns", List.of(1, 2, 3, 4, 5, 6, 7, 8));
        a.put("targets", List.of("y"));
        return a;
    }

    /** @return x1..x8 */
    public static List<String> features() {
        List<String> f = new ArrayList<>();
        for (int k = 1; k <= 8; k++) {
            f.add("x" + k);
        }
        return f;
    }

    /**
     * Saves a posterior as {@code bnn fit --save} would for the CSV layout of {@link #writeCsv}.
     *
     * @param p    the posterior
     * @param file target
     * @throws IOException on write errors
     */
    public static void saveModel(Posterior p, Path file) throws IOException {
        PosteriorIO.save(p, file, csvAttributes());
    }

    /**
     * Writes {@code id,x1..x8,y} with every double in its shortest exact decimal form.
     *
     * @param data rows
     * @param file target
     * @throws IOException on write errors
     */
    public static void writeCsv(Dataset data, Path file) throws IOException {
        double[] x = data.xArray();
        double[] y = data.yArray();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id," + String.join(",", features()) + ",y\n");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < data.size(); i++) {
                sb.setLength(0);
                sb.append(i);
                for (int k = 0; k < 8; k++) {
                    sb.append(',').append(x[i * 8 + k]);
                }
                sb.append(',').append(y[i]).append('\n');
                w.write(sb.toString());
            }
        }
    }
}
