package org.bnn4j.inference.svi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitFailedException;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.IterationEvent;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.Provenance;
import org.bnn4j.inference.internal.Adam;
import org.bnn4j.inference.internal.Configurations;
import org.bnn4j.inference.internal.EarlyStop;
import org.bnn4j.inference.internal.ProvenanceAccess;
import org.bnn4j.inference.internal.TrainingData;
import org.bnn4j.inference.internal.UnitSpread;
import org.bnn4j.inference.internal.ValidationScore;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.ParameterLayout;

/**
 * Stochastic variational inference with a {@link Guide} (a variational family; mean-field Gaussian by default, see
 * {@link SviConfig#guide()}) over all network parameters (and the log noise scale of a homoskedastic likelihood
 * with a log-normal prior; a point-estimated noise scale is optimised as a plain parameter). Maximises the ELBO {@code E_q[likScale * log p(y|x,theta)] - klWeight * KL(q || p)} with Adam,
 * K reparameterized particles per step, the closed-form Gaussian KL, optional local reparameterization, a KL
 * annealing schedule and {@code likScale = n / batch} on minibatches.
 *
 * <p>Guide scales are {@code softplus} of unconstrained parameters, initialised at {@code initScale}; after every
 * Adam step the guide projects them so no standard deviation exceeds {@code maxScale} (a projection, not a clamp
 * inside the objective, so the gradient is not zeroed). The local reparameterization
 * ({@link SviConfig#localReparameterization()}) applies to the mean-field guide; other guides sample weights.
 *
 * <pre>{@code
 * BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(50).build());
 * Posterior q = new Svi(SviConfig.defaults()).fit(model, train);
 * PredictiveDistribution pred = q.predict(xTest, 100, new SplittableRandom(1));
 * }</pre>
 *
 * <p>References: M. D. Hoffman, D. M. Blei, C. Wang and J. Paisley, "Stochastic Variational Inference", JMLR 2013;
 * C. Blundell et al., "Weight Uncertainty in Neural Networks", ICML 2015; D. P. Kingma, T. Salimans and M. Welling,
 * "Variational Dropout and the Local Reparameterization Trick", NeurIPS 2015.
 */
public final class Svi implements InferenceMethod {

    private final SviConfig config;

    /** @param config the settings */
    public Svi(SviConfig config) {
        this.config = Objects.requireNonNull(config, "config must not be null; pass SviConfig.defaults()");
    }

    /** @return the settings */
    public SviConfig config() {
        return config;
    }

    @Override
    public java.util.Map<String, Object> configuration() {
        return Configurations.of(config);
    }

    @Override
    public String name() {
        return "svi";
    }

    @Override
    public Posterior fit(BayesianModel model, Dataset data) {
        return fit(model, data, FitOptions.defaults());
    }

    @Override
    public Posterior fit(BayesianModel model, Dataset data, FitOptions options) {
        Objects.requireNonNull(options, "options");
        SviConfig.Plan plan = config.plan(data.size());
        TrainingData td = new TrainingData(model, data, options.standardize(), plan.batchSize());
        int k = config.particles();
        ElboEstimator est = new ElboEstimator(model, config.guide(), k, td.maxBatch(),
                config.localReparameterization());
        SplittableRandom root = new SplittableRandom(config.seed());
        double[] u = init(model, est, td, root.split());
        SplittableRandom noiseRng = root.split();
        SplittableRandom batchRng = root.split();
        Guide.Instance guide = est.guide();
        Adam adam = new Adam(u.length);
        double[] grad = new double[u.length];
        int maxNoise = est.noiseLength(td.maxBatch(), k);
        int budget = plan.epochs();
        EarlyStop stop = new EarlyStop(plan.stopping(), budget);
        ValidationScore valid = options.validation() == null || !plan.stopping().enabled() ? null
                : new ValidationScore(options.validation(), plan.stopping(), config.seed());
        double finalRate = config.learningRate() * config.finalLearningRateFraction();
        java.util.function.IntToDoubleFunction klBudget = klWeights(plan, budget);
        double[] elbo = new double[budget];
        double[] nll = new double[budget];
        double[] kl = new double[budget];
        double[] w = new double[budget];
        List<FitListener> ls = options.listeners();
        ls.forEach(f -> f.onStart(name(), budget));
        long t0 = System.nanoTime();
        GaussianStream noiseStream = new GaussianStream(noiseRng, maxNoise);
        int e = 0;
        double[] lastGood = u.clone(); // the guide after the last finite epoch, for FitFailedException.lastFinite()
        try {
            for (; e < stop.end(); e++) {
                w[e] = stop.klWeight(e, klBudget);
                double lr = stop.learningRate(e, i -> config.learningRateAt(i, budget), finalRate);
                td.nextEpoch(batchRng);
                int nb = td.numBatches();
                for (int bi = 0; bi < nb; bi++) {
                    int len = td.gather(bi);
                    est.setBatch(td.batchX(), td.batchY(), len, (double) td.size() / len);
                    int nl = est.noiseLength(len, k);
                    double[] noise = noiseStream.next(nl);
                    ElboEstimator.Terms t = est.evaluate(u, noise, k, w[e], grad);
                    nll[e] -= t.expectedLogLik() / nb;
                    kl[e] += t.kl() / nb;
                    if (!Double.isFinite(t.loss()) || !finite(grad)) {
                        throw failure(e, t, elbo, nll, kl, lastFinite(model, td, est, lastGood, elbo, nll, kl, w, e));
                    }
                    adam.step(u, grad, lr);
                    guide.project(u, config.maxScale());
                }
                elbo[e] = -nll[e] - kl[e];
                if (!finite(u)) {
                    throw failure(e, null, elbo, nll, kl, lastFinite(model, td, est, lastGood, elbo, nll, kl, w, e));
                }
                System.arraycopy(u, 0, lastGood, 0, u.length);
                if (!ls.isEmpty()) {
                    notify(ls, options, model, td, est, u, e, elbo, nll, kl, w, budget);
                }
                if (valid == null) {
                    stop.observe(e, elbo[e]);
                } else if (valid.due(e)) {
                    int n = e + 1;
                    stop.observe(e, valid.score(posterior(model, td, est, u, diagnostics(elbo, nll, kl, w, n))));
                }
            }
        } finally {
            ls.forEach(FitListener::onFinish);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / e;
        SviDiagnostics d = new SviDiagnostics(java.util.Arrays.copyOf(elbo, e), java.util.Arrays.copyOf(nll, e),
                java.util.Arrays.copyOf(kl, e), java.util.Arrays.copyOf(w, e), ms, List.of(), config.guide().name());
        return ProvenanceAccess.attach(posterior(model, td, est, u, d), Provenance.of(this, data, options));
    }

    /**
     * The KL weight per epoch before any plateau: the schedule over the budget, or with an enabled stopping rule over
     * its first {@code minEpochs} epochs (the annealing horizon; weight 1 after), so the weight has reached 1 before
     * a plateau can be found and the plateau is one of the true ELBO, not of the annealing.
     */
    private java.util.function.IntToDoubleFunction klWeights(SviConfig.Plan plan, int budget) {
        KlSchedule s = config.klSchedule();
        if (!plan.stopping().enabled()) {
            return i -> s.weight(i, budget);
        }
        int h = Math.max(1, Math.min(plan.stopping().minEpochs(), budget));
        return i -> i < h ? s.weight(i, h) : 1.0;
    }

    private SviDiagnostics diagnostics(double[] elbo, double[] nll, double[] kl, double[] w, int n) {
        return new SviDiagnostics(java.util.Arrays.copyOf(elbo, n), java.util.Arrays.copyOf(nll, n),
                java.util.Arrays.copyOf(kl, n), java.util.Arrays.copyOf(w, n), Double.NaN, List.of(),
                config.guide().name());
    }

    private void notify(List<FitListener> ls, FitOptions options, BayesianModel model, TrainingData td,
                        ElboEstimator est, double[] u, int e, double[] elbo, double[] nll, double[] kl, double[] w,
                        int budget) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("loss", nll[e] + w[e] * kl[e]);
        v.put("elbo", elbo[e]);
        v.put("nll", nll[e]);
        v.put("kl", kl[e]);
        v.put("klWeight", w[e]);
        IterationEvent ev = new IterationEvent(0, e, budget, v);
        ls.forEach(f -> f.onIteration(ev));
        if (options.validEvery() > 0 && (e + 1) % options.validEvery() == 0) {
            Posterior snap = posterior(model, td, est, u, diagnostics(elbo, nll, kl, w, e + 1));
            ls.forEach(f -> f.onValidation(e, snap));
        }
    }

    private Posterior posterior(BayesianModel model, TrainingData td, ElboEstimator est, double[] u,
                                SviDiagnostics d) {
        Guide.Instance guide = est.guide();
        double[] point = java.util.Arrays.copyOfRange(u, guide.numParams(), guide.numParams() + est.point());
        return guide.posterior(model, name(), u, point, td.standardizer(), d);
    }

    private double[] init(BayesianModel model, ElboEstimator est, TrainingData td, SplittableRandom rng) {
        int l = est.latent();
        double[] theta = model.initialParameters(rng);
        if (config.locInitRange() > 0) {
            double r = config.locInitRange();
            for (int j = 0; j < model.numNetworkParams(); j++) {
                theta[j] = (2 * rng.nextDouble() - 1) * r;
            }
        }
        if (config.unitSlope() > 0 && model.network().spec().numHidden() > 0) {
            UnitSpread spread = UnitSpread.draw(model.network().layout(), rng);
            td.forEachInputBlock(spread::observe); // in blocks: minibatch fits hold no standardised copy
            spread.apply(config.unitSlope(), theta);
        }
        Guide.Instance guide = est.guide();
        double[] u = new double[est.numParams()];
        guide.init(java.util.Arrays.copyOf(theta, l), config.initScale(), rng, u);
        System.arraycopy(theta, l, u, guide.numParams(), est.point());
        return u;
    }

    /**
     * Places the first hidden layer's units: unit k gets weights {@code slope * d_k} for a uniformly random unit
     * direction {@code d_k} and the bias {@code -slope * t_k}, where {@code t_k} is uniform between the smallest and
     * the largest projection {@code d_k . x} of the training inputs, so the units' transitions cover the data's
     * range, gaps included. In one dimension: slope +-s, transitions uniform on [min x, max x].
     *
     * @param layout the network's parameter layout
     * @param x      training inputs {@code [n, inDim]}
     * @param n      rows of x
     * @param slope  {@code > 0}
     * @param rng    random source, advanced
     * @param theta  parameter vector whose first-layer slices are overwritten
     */
    public static void spreadUnits(ParameterLayout layout, double[] x, int n, double slope,
                            SplittableRandom rng, double[] theta) {
        UnitSpread s = UnitSpread.draw(layout, rng);
        s.observe(x, n);
        s.apply(slope, theta);
    }

    /** @param s a positive value @return rho with softplus(rho) = s, computed stably */
    static double softplusInverse(double s) {
        return s > 30 ? s : Math.log(Math.expm1(s));
    }

    /** @return the posterior of the guide after epoch {@code epochs - 1}, or null before the first epoch ended */
    private Posterior lastFinite(BayesianModel model, TrainingData td, ElboEstimator est, double[] lastGood,
                                 double[] elbo, double[] nll, double[] kl, double[] w, int epochs) {
        return epochs == 0 ? null : posterior(model, td, est, lastGood, diagnostics(elbo, nll, kl, w, epochs));
    }

    private FitFailedException failure(int epoch, ElboEstimator.Terms t, double[] elbo, double[] nll, double[] kl,
                                       Posterior lastFinite) {
        int last = epoch - 1;
        String lastVals = last < 0 ? "none (failed in the first epoch)"
                : "ELBO " + elbo[last] + ", expected NLL " + nll[last] + ", KL " + kl[last] + " at epoch " + last;
        return new FitFailedException("svi loss became non-finite at epoch " + epoch
                + (t == null ? " (guide parameters non-finite)" : " (NLL " + -t.expectedLogLik() + ", KL " + t.kl() + ")")
                + "; last finite values: " + lastVals + "; lower the learning rate (was " + config.learningRate()
                + "), lower maxScale, or raise the scale transform's minScale"
                + (lastFinite == null ? "" : "; the guide after epoch " + last + " is in FitFailedException.lastFinite()"),
                lastFinite);
    }

    private static boolean finite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }
}
