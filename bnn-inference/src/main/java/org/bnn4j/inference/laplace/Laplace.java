package org.bnn4j.inference.laplace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.Provenance;
import org.bnn4j.inference.internal.Configurations;
import org.bnn4j.inference.internal.ProvenanceAccess;
import org.bnn4j.inference.internal.TrainingData;
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
 * {@code N(theta*, (G + alpha Lambda0)^-1)}. A learned homoskedastic noise scale s is by default chosen together
 * with alpha by the marginal likelihood ({@code LaplaceConfig.noiseByEvidence}; MacKay's evidence framework: the
 * MAP's s underestimates the noise by the degrees of freedom the fit used), else kept at the MAP with, under a
 * log-normal prior, its own Gaussian in {@code log s} (Fisher 2 per point and output plus the prior's precision).
 * Those two closed forms are the Gaussian's; any other likelihood (the Student-t) keeps its extra parameters (noise
 * scale, degrees of freedom) at the MAP, and its curvature is the Fisher of its component in the heads' outputs
 * ({@link GaussNewton}: {@code (nu+1)/((nu+3) s^2)} per point in the mean for a Student-t with nu degrees of freedom).
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
    public java.util.Map<String, Object> configuration() {
        return Configurations.of(config);
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
        return around(model, data, options, map, (System.nanoTime() - t0) / 1e6);
    }

    /**
     * The Laplace step alone (steps 2 to 5 of the class comment) around a MAP fitted elsewhere, e.g. a deep-ensemble
     * member ({@link LaplaceMixture}); {@link LaplaceConfig#map()} is not used.
     *
     * @param model     the model
     * @param data      the training data in original units (the curvature sums over all its rows)
     * @param options   the standardise flag the MAP was fitted with
     * @param map       the MAP, fitted on {@code data} (or some of its rows) with the same standardisation
     * @param mapMillis wall-clock milliseconds the MAP took, {@code >= 0}, for the diagnostics
     * @return the Laplace approximation around {@code map}
     * @throws IllegalArgumentException if the MAP does not fit the model
     */
    public LaplacePosterior around(BayesianModel model, Dataset data, FitOptions options, PointMassPosterior map,
                                   double mapMillis) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(map, "map");
        if (map.model().numParams() != model.numParams()) {
            throw new IllegalArgumentException("the MAP has " + map.model().numParams() + " parameters but the model "
                    + model.numParams() + "; pass a MAP fitted for this model");
        }
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
        Hyperparameters h = hyperparameters(model, w, g, theta, quad, td.size(), warnings);
        double[] factor = h.curvature().covarianceFactor(h.alpha());
        long t2 = System.nanoTime();
        Likelihood lik = model.likelihood();
        double noiseScale = lik.heteroskedastic() ? Double.NaN : lik.noiseScale(theta, model.numNetworkParams());
        LaplaceDiagnostics d = new LaplaceDiagnostics(map.diagnostics(), structure, q, config.predictive(), h.alpha(),
                config.priorPrecision() instanceof PriorPrecision.MarginalLikelihood, h.logZ(), noiseScale,
                mapMillis, (t2 - t1) / 1e6, warnings);
        return ProvenanceAccess.attach(new LaplacePosterior(model, name(), theta, structure, factor,
                h.noiseLogScaleStd(), config.predictive(), config.linearizeScale(), h.alpha(), h.logZ(),
                map.standardizer().orElse(null), d), Provenance.of(this, data, options));
    }

    /** The prior precision multiplier, the curvature at the chosen noise, the log evidence and the noise's std. */
    private record Hyperparameters(double alpha, WhitenedCurvature curvature, double logZ, double noiseLogScaleStd) {
    }

    /**
     * Chooses alpha (and a learned homoskedastic noise scale when {@link LaplaceConfig#noiseByEvidence()}, writing
     * its log into {@code theta}), and evaluates the log marginal likelihood there.
     */
    private Hyperparameters hyperparameters(BayesianModel model, WhitenedCurvature w, GaussNewton.Result g,
                                            double[] theta, double quad, int n, List<String> warnings) {
        boolean chosen = config.priorPrecision() instanceof PriorPrecision.MarginalLikelihood;
        double fixedAlpha = config.priorPrecision() instanceof PriorPrecision.Fixed f ? f.multiplier() : Double.NaN;
        Likelihood lik = model.likelihood();
        int p = model.numNetworkParams();
        // the noise evidence and the Gaussian over log s are closed forms of the Gaussian likelihood only
        boolean gaussian = lik instanceof HomoskedasticGaussian;
        NoiseModel.LogNormalPrior hyper = lik instanceof HomoskedasticGaussian h
                && h.noise() instanceof NoiseModel.LogNormalPrior lp ? lp : null;
        Hyperparameters out;
        if (gaussian && lik.numParams() == 1 && config.noiseByEvidence()) {
            int targets = n * model.network().spec().outDim();
            NoiseEvidence.Result r = NoiseEvidence.choose(w, lik.noiseScale(theta, p), g.residualSumOfSquares(),
                    targets, quad, fixedAlpha, hyper == null ? Double.NaN : hyper.logLoc(),
                    hyper == null ? Double.NaN : hyper.logScale());
            if (!r.converged()) {
                warnings.add("the evidence iteration for the noise scale and prior precision did not converge in "
                        + NoiseEvidence.MAX_ITERATIONS + " steps; its last values were used");
            }
            theta[p] = Math.log(r.sigma());
            double s2 = r.sigma() * r.sigma();
            double logLik = -0.5 * targets * Math.log(2 * Math.PI * s2) - 0.5 * g.residualSumOfSquares() / s2;
            double logZ = r.curvature().logMarginalLikelihood(r.alpha(), logLik, quad) + lik.logPrior(theta, p);
            out = new Hyperparameters(r.alpha(), r.curvature(), logZ, 0.0);
        } else {
            double alpha = chosen
                    ? w.optimalMultiplier(quad, PriorPrecision.MIN_MULTIPLIER, PriorPrecision.MAX_MULTIPLIER)
                    : fixedAlpha;
            double logZ = w.logMarginalLikelihood(alpha, g.logLikelihood(), quad) + (hyper == null
                    ? lik.logPrior(theta, p) : 0.0); // extras kept at the MAP: their prior at the MAP
            double noiseStd = 0;
            if (hyper != null) {
                double precision = g.noiseFisher() + 1.0 / (hyper.logScale() * hyper.logScale());
                noiseStd = 1.0 / Math.sqrt(precision);
                logZ += lik.logPrior(theta, p) + 0.5 * Math.log(2 * Math.PI) - 0.5 * Math.log(precision);
            }
            out = new Hyperparameters(alpha, w, logZ, noiseStd);
        }
        if (chosen && (out.alpha() <= PriorPrecision.MIN_MULTIPLIER || out.alpha() >= PriorPrecision.MAX_MULTIPLIER)) {
            warnings.add(String.format(Locale.ROOT, "the marginal likelihood put the prior precision multiplier "
                    + "at the search bound %.0e; the model's prior scale is far from what the data support: "
                    + "rescale the prior, or fix the multiplier with PriorPrecision.fixed", out.alpha()));
        }
        return out;
    }

    @Override
    public LaplacePosterior fit(BayesianModel model, Dataset data) {
        return fit(model, data, FitOptions.defaults());
    }
}
