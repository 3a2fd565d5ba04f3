package org.bnn4j.examples.uci;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.internal.HeldOutRows;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.predictive.Metrics;

/**
 * {@code bnn uci --noise auto}: the noise model chosen for each split on its own training rows. A random
 * {@link #CARVE} of the training rows is held out, the method is fitted on the others once with one learned noise
 * scale (homoskedastic) and once with a noise head (heteroskedastic), the carve is scored by each fit's predictive
 * (mean log density, {@link #CARVE_SAMPLES} weight samples), and the model with the higher score is fitted on all
 * training rows with the same method. The held-out or test rows are never seen. Like MC dropout's per-split grid
 * search (Gal and Ghahramani 2016), it makes a modelling choice per split from the training data alone.
 *
 * <p>The model passed to {@link #fit} is ignored: this choice fits its own two models. Not thread-safe: it records
 * the choice of its last fit ({@link #lastChoice()}).
 */
final class NoiseChoice implements InferenceMethod {

    /** Share of the training rows the choice is scored on. */
    static final double CARVE = 0.1;
    /** Weight samples of each carve prediction (the protocol's own default). */
    static final int CARVE_SAMPLES = 100;

    private final InferenceMethod method;
    private final BayesianModel homoskedastic;
    private final BayesianModel heteroskedastic;
    private final long seed;
    private String lastChoice;
    private double[] lastScores;

    /**
     * @param method          the method fitted three times (it must accept both models)
     * @param homoskedastic   the model with one learned noise scale
     * @param heteroskedastic the model with a noise head
     * @param seed            seed of the carve
     */
    NoiseChoice(InferenceMethod method, BayesianModel homoskedastic, BayesianModel heteroskedastic, long seed) {
        this.method = Objects.requireNonNull(method, "method");
        this.homoskedastic = Objects.requireNonNull(homoskedastic, "homoskedastic");
        this.heteroskedastic = Objects.requireNonNull(heteroskedastic, "heteroskedastic");
        this.seed = seed;
    }

    @Override
    public String name() {
        return method.name();
    }

    @Override
    public Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>(method.configuration());
        m.put("noise", "auto");
        return m;
    }

    /**
     * @param model   ignored (see the class comment)
     * @param data    the training rows
     * @param options the fit options (the protocol's: standardise)
     * @return the chosen model's posterior, fitted on all of {@code data}
     * @throws IllegalArgumentException if there are fewer than 2 rows
     */
    @Override
    public Posterior fit(BayesianModel model, Dataset data, FitOptions options) {
        int[][] rows = HeldOutRows.split(data.size(), CARVE, new SplittableRandom(seed));
        Dataset fitted = data.subset(rows[0]);
        Dataset carve = data.subset(rows[1]);
        double[] scores = new double[2];
        BayesianModel[] models = {homoskedastic, heteroskedastic};
        for (int k = 0; k < 2; k++) {
            Posterior p = method.fit(models[k], fitted, options);
            scores[k] = -Metrics.nll(p.predict(carve.x(), CARVE_SAMPLES, new SplittableRandom(1)), carve.y());
        }
        boolean hetero = scores[1] > scores[0];
        lastChoice = hetero ? "heteroskedastic" : "homoskedastic";
        lastScores = scores;
        return method.fit(hetero ? heteroskedastic : homoskedastic, data, options);
    }

    /** @return "homoskedastic" or "heteroskedastic", the last fit's choice; null before the first fit */
    String lastChoice() {
        return lastChoice;
    }

    /** @return the last fit's carve log-likelihoods {homoskedastic, heteroskedastic}; null before the first fit */
    double[] lastScores() {
        return lastScores == null ? null : Arrays.copyOf(lastScores, 2);
    }
}
