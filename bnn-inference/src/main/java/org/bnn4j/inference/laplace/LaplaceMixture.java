package org.bnn4j.inference.laplace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.Provenance;
import org.bnn4j.inference.ensemble.DeepEnsemble;
import org.bnn4j.inference.ensemble.EnsembleConfig;
import org.bnn4j.inference.ensemble.EnsemblePosterior;
import org.bnn4j.inference.internal.Configurations;
import org.bnn4j.inference.internal.ProvenanceAccess;
import org.bnn4j.model.BayesianModel;

/**
 * A mixture of Laplace approximations: a deep ensemble's M members, fitted exactly as {@link DeepEnsemble} fits them
 * (its {@link EnsembleConfig}: initialisations, held-out rows, early stopping, the held-out noise scale), each turned
 * into a {@link LaplacePosterior} by {@link Laplace#around} (the curvature over all training rows, the prior precision
 * and, when {@link LaplaceConfig#noiseByEvidence()}, the noise scale by each member's own marginal likelihood), and
 * the predictive the equal-weight mixture of the members' predictives ({@link LaplaceMixturePosterior}). The
 * {@link LaplaceConfig#map()} schedule is not used: the ensemble's optimizer fits the modes.
 *
 * <p>Cost: the ensemble's fit plus M Laplace steps (one curvature and one eigendecomposition of a {@code [q, q]}
 * matrix each). Prediction costs M linearised predictives.
 *
 * <pre>{@code
 * BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(50).build());
 * LaplaceMixturePosterior mix = new LaplaceMixture(EnsembleConfig.builder().members(5).build(),
 *         LaplaceConfig.defaults()).fit(model, train);
 * PredictiveDistribution pred = mix.predict(xTest, 100, new SplittableRandom(1));
 * }</pre>
 *
 * <p>References: R. Eschenhagen, E. Daxberger, P. Hennig, A. Kristiadi, "Mixtures of Laplace Approximations for
 * Improved Post-Hoc Uncertainty in Deep Learning", NeurIPS 2021 Workshop on Bayesian Deep Learning;
 * B. Lakshminarayanan, A. Pritzel, C. Blundell, "Simple and Scalable Predictive Uncertainty Estimation using Deep
 * Ensembles", NeurIPS 2017.
 */
public final class LaplaceMixture implements InferenceMethod {

    /** The method name of a mixture fit. */
    public static final String METHOD = "laplace-mixture";

    private final EnsembleConfig ensemble;
    private final LaplaceConfig laplace;

    /**
     * @param ensemble how the members (the modes) are fitted
     * @param laplace  the Laplace step around each member (its {@code map()} schedule is not used)
     */
    public LaplaceMixture(EnsembleConfig ensemble, LaplaceConfig laplace) {
        this.ensemble = Objects.requireNonNull(ensemble, "ensemble must not be null; pass EnsembleConfig.defaults()");
        this.laplace = Objects.requireNonNull(laplace, "laplace must not be null; pass LaplaceConfig.defaults()");
    }

    /** @return how the members are fitted */
    public EnsembleConfig ensembleConfig() {
        return ensemble;
    }

    /** @return the Laplace step's settings */
    public LaplaceConfig laplaceConfig() {
        return laplace;
    }

    @Override
    public java.util.Map<String, Object> configuration() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("ensemble", Configurations.of(ensemble));
        m.put("laplace", Configurations.of(laplace));
        return m;
    }

    @Override
    public String name() {
        return METHOD;
    }

    @Override
    public LaplaceMixturePosterior fit(BayesianModel model, Dataset data) {
        return fit(model, data, FitOptions.defaults());
    }

    @Override
    public LaplaceMixturePosterior fit(BayesianModel model, Dataset data, FitOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        long t0 = System.nanoTime();
        EnsemblePosterior ens = new DeepEnsemble(ensemble).fit(model, data, options);
        long t1 = System.nanoTime();
        Laplace step = new Laplace(laplace);
        List<LaplacePosterior> members = new ArrayList<>();
        for (double[] theta : ens.members()) {
            PointMassPosterior map = new PointMassPosterior(model, "map", theta, ens.standardizer().orElse(null),
                    ens.diagnostics());
            members.add(step.around(model, data, options, map, 0));
        }
        long t2 = System.nanoTime();
        List<LaplaceDiagnostics> ds = members.stream().map(p -> (LaplaceDiagnostics) p.diagnostics()).toList();
        LaplaceMixtureDiagnostics d = new LaplaceMixtureDiagnostics(ens.diagnostics(), ds, (t1 - t0) / 1e6,
                (t2 - t1) / 1e6);
        return ProvenanceAccess.attach(new LaplaceMixturePosterior(model, METHOD, members,
                ens.standardizer().orElse(null), d), Provenance.of(this, data, options));
    }
}
