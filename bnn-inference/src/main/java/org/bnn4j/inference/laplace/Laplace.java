package org.bnn4j.inference.laplace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.TrainingData;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.NoiseModel;

/**
 * The Laplace approximation around a MAP fit: a Gaussian over the weights with the MAP as mean and the inverse of
 * the Gauss-Newton curvature of the negative log-likelihood plus the prior precision as covariance, with the
 * linearised (GLM) predictive by default and the prior precision chosen by the Laplace marginal likelihood.
 *
 * <p>Steps: (1) MAP by {@link MaximumAPosteriori} with {@link LaplaceConfig#map()}; (2) the generalised Gauss-Newton /
 * Fisher curvature G of the Gaussian NLL over the covered parameters ({@link CurvatureStructure}), for heteroskedastic
 * nets in both the mean and the raw-scale outputs ({@code J_m' J_m / s^2 + 2 (ds/dr)^2 / s^2 J_r' J_r} per point);
 * (3) the eigendecomposition of the prior-whitened G, which gives the log marginal likelihood at any prior precision
 * multiplier alpha in O(q); (4) alpha maximising it ({@link PriorPrecision}), or the given one; (5) the posterior
 * {@code N(theta*, (G + alpha Lambda0)^-1)}. A learned homoskedastic noise with a log-normal prior gets its own
 * Gaussian in {@code log s} (Fisher 2 per point and output plus the prior's precision); a point-estimated one stays
 * at the MAP.
 *
 * <pre>{@code
 * BayesianModel model = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(1, 1).hidden(50).build()),
 *         new LayerwiseNormalPrior(5), new HeteroskedasticGaussian());
 * Posterior posterior = new Laplace(LaplaceConfig.defaults()).fit(model, train);
 * PredictiveDistribution pred = posterior.predict(xTest, 100, new SplittableRandom(1));
 * double alpha = ((LaplacePosterior) posterior).priorPrecisionMultiplier();
 * }</pre>
 *
 * <p>References: D. J. C. MacKay, "A practical Bayesian framework for backpropagation networks", Neural Computation
 * 1992; A. Immer, M. Korzepa, M. Bauer, "Improving predictions of Bayesian neural nets via local linearization",
 * AISTATS 2021; A. Immer et al., "Scalable marginal likelihood estimation for model selection in deep learning", ICML
 * 2021; E. Daxberger, A. Kristiadi, A. Immer, R. Eschenhagen, M. Bauer, P. Hennig, "Laplace Redux - Effortless
 * Bayesian Deep Learning", NeurIPS 2021 (the laplace-torch library); A. Kristiadi, M. Hein, P. Hennig, "Being Bayesian,
 * even just a bit, fixes overconfidence in ReLU networks", ICML 2020 (last-layer Laplace).
 */
public final class Laplace implements InferenceMethod {

    private final LaplaceConfig config;

    /** @param config the settings */
    public Laplace(LaplaceConfig config) {
        this.config = Objects.requireNonNull(config, "config must not be null; pass LaplaceConfig.defaults()");
    }

    /** @return the settings */
    public LaplaceConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "laplace";
    }

    @Override
    public LaplacePosterior fit(BayesianModel model, Dataset data, FitOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        long t0 = System.nanoTime();
        PointMassPosterior map = new MaximumAPosteriori(config.map()).fit(model, data, options);
        long t1 = System.nanoTime();
        double[] theta = map.parameters();
        TrainingData td = new TrainingData(model, data, options.standardize(), 0);
        CurvatureStructure structure = config.structure().resolve(model.numNetworkParams());
        OutputJacobian jac = new OutputJacobian(model.network().spec(), structure);
        GaussNewton.Result g = GaussNewton.compute(model, jac, theta, td.x(), td.y(), td.size());
        int first = jac.first();
        int q = jac.size();
        double[] std = model.networkPrior().std();
        double[] lambda0 = new double[q];
        double quad = 0;
        for (int i = 0; i < q; i++) {
            double s = std[first + i];
            lambda0[i] = 1.0 / (s * s);
            quad += lambda0[i] * theta[first + i] * theta[first + i];
        }
        WhitenedCurvature w = WhitenedCurvature.of(g.matrix(), lambda0, q);
        List<String> warnings = new ArrayList<>(map.diagnostics().warnings());
        boolean chosen = config.priorPrecision() instanceof PriorPrecision.MarginalLikelihood;
        double alpha;
        if (config.priorPrecision() instanceof PriorPrecision.Fixed f) {
            alpha = f.multiplier();
        } else {
            alpha = w.optimalMultiplier(quad, PriorPrecision.MIN_MULTIPLIER, PriorPrecision.MAX_MULTIPLIER);
            if (alpha <= PriorPrecision.MIN_MULTIPLIER || alpha >= PriorPrecision.MAX_MULTIPLIER) {
                warnings.add(String.format(Locale.ROOT, "the marginal likelihood put the prior precision multiplier "
                        + "at the search bound %.0e; the model's prior scale is far from what the data support: "
                        + "rescale the prior, or fix the multiplier with PriorPrecision.fixed", alpha));
            }
        }
        double logZ = w.logMarginalLikelihood(alpha, g.logLikelihood(), quad);
        double noiseStd = 0;
        Likelihood lik = model.likelihood();
        if (lik instanceof HomoskedasticGaussian h && h.noise() instanceof NoiseModel.LogNormalPrior prior) {
            double precision = g.noiseFisher() + 1.0 / (prior.logScale() * prior.logScale());
            noiseStd = 1.0 / Math.sqrt(precision);
            int p = model.numNetworkParams();
            logZ += lik.logPrior(theta, p) + 0.5 * Math.log(2 * Math.PI) - 0.5 * Math.log(precision);
        }
        double[] factor = w.covarianceFactor(alpha);
        long t2 = System.nanoTime();
        LaplaceDiagnostics d = new LaplaceDiagnostics(map.diagnostics(), structure, q, config.predictive(), alpha,
                chosen, logZ, (t1 - t0) / 1e6, (t2 - t1) / 1e6, warnings);
        return new LaplacePosterior(model, name(), theta, structure, factor, noiseStd, config.predictive(),
                config.linearizeScale(), alpha, logZ, map.standardizer().orElse(null), d);
    }

    @Override
    public LaplacePosterior fit(BayesianModel model, Dataset data) {
        return fit(model, data, FitOptions.defaults());
    }
}
