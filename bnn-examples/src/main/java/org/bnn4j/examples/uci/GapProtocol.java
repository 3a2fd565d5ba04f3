package org.bnn4j.examples.uci;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.UciSplit;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.Posterior;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.predictive.Metrics;
import org.bnn4j.predictive.PredictiveDistribution;

/**
 * The in-between protocol of {@code bnn uci --protocol gap}: for each chosen input, a {@link GapSplits} split (sort
 * by the input, hold out the middle third); fit on the outer rows (standardised with their statistics), then score
 * the held-out rows in the original units of y — NLL, RMSE and the coverage of the central 90 % interval — and
 * compare the mean epistemic standard deviation on the held-out rows with the one on the training rows.
 *
 * @param methodForFeature the inference method for the split of feature i (seeded per split)
 * @param model            the model to fit
 * @param samples          weight samples per prediction, {@code >= 1}
 * @param seed             seed of the prediction noise
 */
record GapProtocol(IntFunction<InferenceMethod> methodForFeature, BayesianModel model, int samples, long seed) {

    /** The central interval whose coverage is reported. */
    static final double LEVEL = 0.9;
    /**
     * Held-out rows are scored per value of the sorting input when they take at most this many values (energy's
     * building designs: 4 per split), to show which of the unseen designs a method is confidently wrong on.
     */
    static final int MAX_VALUES = 12;

    GapProtocol {
        Objects.requireNonNull(methodForFeature, "methodForFeature");
        Objects.requireNonNull(model, "model");
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1 but was " + samples + "; pass e.g. 100");
        }
    }

    /**
     * Scores of one gap split.
     *
     * @param feature           0-based feature sorted by
     * @param distinctValues    distinct values of that feature in the data
     * @param trainRows         training rows
     * @param testRows          held-out (middle) rows
     * @param nll               mean negative log predictive density of the held-out rows, original units
     * @param rmse              RMSE of the predictive mean on the held-out rows, original units
     * @param coverage90        share of held-out targets inside the central 90 % interval
     * @param epistemicStdTest  mean epistemic std over the held-out rows, original units
     * @param epistemicStdTrain mean epistemic std over the training rows, original units
     * @param trainNll          mean negative log predictive density of the training rows
     * @param fitSeconds        wall-clock seconds of the fit
     * @param byValue           the held-out rows scored per value of the feature, in ascending order of the value;
     *                          empty when they take more than {@link #MAX_VALUES} values
     */
    record GapScore(int feature, int distinctValues, int trainRows, int testRows, double nll, double rmse,
                    double coverage90, double epistemicStdTest, double epistemicStdTrain, double trainNll,
                    double fitSeconds, List<ValueScore> byValue) {

        GapScore {
            byValue = List.copyOf(byValue);
        }

        /** @return held-out over training epistemic std */
        double epistemicRatio() {
            return epistemicStdTest / epistemicStdTrain;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", feature);
            m.put("distinctValues", distinctValues);
            m.put("trainRows", trainRows);
            m.put("testRows", testRows);
            m.put("nll", nll);
            m.put("rmse", rmse);
            m.put("coverage90", coverage90);
            m.put("epistemicStdTest", epistemicStdTest);
            m.put("epistemicStdTrain", epistemicStdTrain);
            m.put("epistemicRatio", epistemicRatio());
            m.put("trainNll", trainNll);
            m.put("fitSeconds", fitSeconds);
            if (!byValue.isEmpty()) {
                m.put("byValue", byValue.stream().map(ValueScore::toJson).toList());
            }
            return m;
        }
    }

    /**
     * Scores of the held-out rows that share one value of the sorting input, original units of y.
     *
     * @param value        the input's value
     * @param rows         held-out rows with it
     * @param meanY        mean target of those rows
     * @param bias         mean of target minus predictive mean
     * @param nll          mean negative log predictive density
     * @param coverage90   share inside the central 90 % interval
     * @param epistemicStd mean epistemic std
     * @param totalStd     mean predictive std (aleatoric and epistemic)
     */
    record ValueScore(double value, int rows, double meanY, double bias, double nll, double coverage90,
                      double epistemicStd, double totalStd) {

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", value);
            m.put("rows", rows);
            m.put("meanY", meanY);
            m.put("bias", bias);
            m.put("nll", nll);
            m.put("coverage90", coverage90);
            m.put("epistemicStd", epistemicStd);
            m.put("totalStd", totalStd);
            return m;
        }

        String line() {
            String v = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : Double.toString(value);
            return String.format(Locale.ROOT, "    value %-8s %4d rows  mean y %9.3f  bias %9.3f  nll %9.3f  cover90 %.2f  "
                    + "std %.3f (epistemic %.3f)", v, rows, meanY, bias, nll, coverage90, totalStd, epistemicStd);
        }
    }

    /**
     * @param all      every row of the dataset
     * @param features 0-based features to sort by, one split each
     * @param progress  where one line per split goes
     * @param listeners listeners of each split's fit (a progress display, a metrics log)
     * @return the scores in the order of {@code features}
     */
    List<GapScore> run(Dataset all, int[] features, PrintWriter progress, FitListener... listeners) {
        List<GapScore> out = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int f : features) {
            UciSplit s = GapSplits.of(all, f);
            long t0 = System.nanoTime();
            Posterior post = methodForFeature.apply(f).fit(model, s.train(),
                    FitOptions.defaults().withStandardize(true).withListeners(listeners));
            double secs = (System.nanoTime() - t0) / 1e9;
            SplittableRandom r = rng.split();
            PredictiveDistribution test = post.predict(s.test().x(), samples, r.split());
            PredictiveDistribution train = post.predict(s.train().x(), samples, r.split());
            GapScore sc = new GapScore(f, GapSplits.distinctValues(all, f), s.train().size(), s.test().size(),
                    Metrics.nll(test, s.test().y()), Metrics.rmse(test, s.test().y()),
                    Metrics.coverage(test, s.test().y(), LEVEL), test.epistemicStd().meanNumber().doubleValue(),
                    train.epistemicStd().meanNumber().doubleValue(), Metrics.nll(train, s.train().y()), secs,
                    byValue(s.test(), f, test));
            out.add(sc);
            progress.println(String.format(Locale.ROOT, "feature %2d  gap nll %.3f  rmse %.3f  cover90 %.2f  "
                    + "epistemic std gap/train %.3f / %.3f = %.2f  (%.1f s)", f, sc.nll(), sc.rmse(), sc.coverage90(),
                    sc.epistemicStdTest(), sc.epistemicStdTrain(), sc.epistemicRatio(), secs));
            for (ValueScore v : sc.byValue()) {
                progress.println(v.line());
            }
            progress.flush();
        }
        return out;
    }

    /**
     * The held-out rows scored per value of {@code feature} (empty if they take more than {@link #MAX_VALUES}).
     *
     * @param test the held-out rows, original units
     * @param f    the feature sorted by
     * @param p    the predictive of those rows, in their order
     */
    static List<ValueScore> byValue(Dataset test, int f, PredictiveDistribution p) {
        int n = test.size();
        int d = test.inDim();
        double[] x = test.xArray();
        TreeMap<Double, List<Integer>> rows = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            rows.computeIfAbsent(x[i * d + f], v -> new ArrayList<>()).add(i);
            if (rows.size() > MAX_VALUES) {
                return List.of();
            }
        }
        List<ValueScore> out = new ArrayList<>();
        for (Map.Entry<Double, List<Integer>> e : rows.entrySet()) {
            int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            Dataset rowsOf = test.subset(idx);
            PredictiveDistribution q = p.select(idx);
            double[] y = rowsOf.yArray();
            double[] mu = q.mean().data().asDouble();
            double meanY = 0;
            double bias = 0;
            for (int i = 0; i < y.length; i++) {
                meanY += y[i] / y.length;
                bias += (y[i] - mu[i]) / y.length;
            }
            out.add(new ValueScore(e.getKey(), idx.length, meanY, bias, Metrics.nll(q, rowsOf.y()),
                    Metrics.coverage(q, rowsOf.y(), LEVEL), q.epistemicStd().meanNumber().doubleValue(),
                    q.totalStd().meanNumber().doubleValue()));
        }
        return out;
    }

    /**
     * @param dataset   dataset name
     * @param inference method's command-line name
     * @param noise     homoskedastic or heteroskedastic
     * @param scores    the per-split scores
     * @return the text table
     */
    static String table(String dataset, String inference, String noise, List<GapScore> scores) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s in-between (gap) protocol, bnn4j %s %s: middle third by each feature "
                + "held out%n", dataset, inference, noise));
        String fmt = "%-9s %9s %9s %9s %9s %13s %14s %7s%n";
        sb.append(String.format(Locale.ROOT, fmt, "feature", "distinct", "gap NLL", "train NLL", "gap RMSE",
                "gap cover90", "epi gap/train", "fit s"));
        for (GapScore s : scores) {
            sb.append(String.format(Locale.ROOT, "%-9d %9d %9.3f %9.3f %9.3f %13.2f %14.2f %7.1f%n", s.feature(),
                    s.distinctValues(), s.nll(), s.trainNll(), s.rmse(), s.coverage90(), s.epistemicRatio(),
                    s.fitSeconds()));
        }
        return sb.toString().stripTrailing();
    }

    /**
     * @param dataset   dataset name
     * @param inference method's command-line name
     * @param noise     homoskedastic or heteroskedastic
     * @param scores    the per-split scores
     * @param settings  the method's settings
     * @return the metrics.json object
     */
    static Map<String, Object> toJson(String dataset, String inference, String noise, List<GapScore> scores,
                                      Map<String, Object> settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("protocol", "gap");
        m.put("inference", inference);
        m.put("noise", noise);
        m.put("splits", scores.stream().map(GapScore::toJson).toList());
        m.put("settings", new java.util.TreeMap<>(settings));
        return m;
    }
}
