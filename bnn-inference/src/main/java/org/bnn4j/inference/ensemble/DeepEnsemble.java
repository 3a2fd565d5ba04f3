package org.bnn4j.inference.ensemble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.FitFailedException;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.IterationEvent;
import org.bnn4j.inference.Provenance;
import org.bnn4j.inference.internal.AnchoredPrior;
import org.bnn4j.inference.internal.Configurations;
import org.bnn4j.inference.internal.EarlyStopping;
import org.bnn4j.inference.internal.HeldOutRows;
import org.bnn4j.inference.internal.LogPrior;
import org.bnn4j.inference.internal.ParallelTasks;
import org.bnn4j.inference.internal.PointOptimizer;
import org.bnn4j.inference.internal.ProvenanceAccess;
import org.bnn4j.inference.internal.TrainingData;
import org.bnn4j.inference.internal.UnitSpread;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.BayesianModel;

/**
 * Deep ensembles: M MAP fits of the same model from different random initialisations, fitted in parallel, combined
 * into one {@link EnsemblePosterior} (the equal-weight mixture of their point masses). Optionally anchored: member m
 * then minimises the negative log-likelihood plus {@code sum_k (theta_k - a_mk)^2 / (2 s_k^2)} around its own draw
 * {@code a_m} from the prior ({@link AnchoredPrior}), which turns the ensemble into an approximate posterior sampler
 * (randomized MAP sampling).
 *
 * <p><b>Determinism and distribution.</b> Member m is a deterministic function of (model, data, options' standardise
 * flag, config, m): {@link #fitMember} draws its initialisation, its anchor and its minibatch order from its own
 * stream, the {@code (m+1)}-th split of {@code new SplittableRandom(config.seed())}, so the result does not depend on
 * the thread count, the scheduling, or which machine fits which member. A distributed runner may fit each member as
 * an independent task with {@code fitMember(model, data, options, m)} for {@code m = 0 .. M-1} and combine the
 * results with {@link #combine} (or {@link EnsemblePosterior#of} given the standardiser): the posterior is then
 * identical, bit for bit, to the one {@link #fit} returns on one machine of the same kind (same FMA support).
 *
 * <p><b>Failed members.</b> A member whose loss or parameters become non-finite is never kept half-trained: it is
 * refitted from a new initialisation (the next split of its stream) with half the learning rate, up to
 * {@link EnsembleConfig#maxRetries()} times, and each refit is reported in the diagnostics' warnings. If every
 * attempt diverges, the fit throws {@link FitFailedException} naming the member.
 *
 * <p>Listeners receive {@code onStart("ensemble", epochs)} once, then each member's epochs as events with
 * {@code chain} = member index and the values {@code loss} and {@code chains} (= M), from the members' threads
 * (listeners must be thread-safe, as for MCMC chains), then {@code onFinish()} once. Validation callbacks
 * ({@link FitOptions#validEvery()}) are not made: no ensemble exists until all members are fitted.
 *
 * <pre>{@code
 * BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(50).build());
 * EnsemblePosterior ens = new DeepEnsemble(EnsembleConfig.builder().members(5).build()).fit(model, train);
 * PredictiveDistribution pred = ens.predict(xTest, ens.numMembers(), new SplittableRandom(1));
 * }</pre>
 *
 * <p>References: B. Lakshminarayanan, A. Pritzel and C. Blundell, "Simple and Scalable Predictive Uncertainty
 * Estimation using Deep Ensembles", NeurIPS 2017; T. Pearce, F. Leibfried, A. Brintrup, M. Zaki and A. Neely,
 * "Uncertainty in Neural Networks: Approximately Bayesian Ensembling", AISTATS 2020.
 */
public final class DeepEnsemble implements InferenceMethod {

    /** Rows widened per block by {@link #observeWidened} (256 KB of 8 inputs). */
    private static final int WIDEN_ROWS = 4096;

    private final EnsembleConfig config;

    /** @param config the settings */
    public DeepEnsemble(EnsembleConfig config) {
        this.config = Objects.requireNonNull(config, "config must not be null; pass EnsembleConfig.defaults()");
    }

    /** @return the settings */
    public EnsembleConfig config() {
        return config;
    }

    @Override
    public java.util.Map<String, Object> configuration() {
        return Configurations.of(config);
    }

    @Override
    public String name() {
        return EnsemblePosterior.METHOD;
    }

    @Override
    public EnsemblePosterior fit(BayesianModel model, Dataset data) {
        return fit(model, data, FitOptions.defaults());
    }

    @Override
    public EnsemblePosterior fit(BayesianModel model, Dataset data, FitOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        model.checkData(data);
        int m = config.members();
        List<FitListener> ls = tagged(options.listeners(), m);
        options.listeners().forEach(l -> l.onStart(name(), config.optimizer().epochs()));
        List<EnsembleMember> members;
        try {
            int threads = config.threadsFor(Runtime.getRuntime().availableProcessors());
            members = threads == 1 ? sequential(model, data, options, ls) : parallel(model, data, options, ls, threads);
        } finally {
            options.listeners().forEach(FitListener::onFinish);
        }
        return combine(model, data, options, members);
    }

    /**
     * Fits member {@code member} alone: a deterministic function of its arguments and this config (see the class
     * comment), safe to call from any thread or machine.
     *
     * @param model   the model
     * @param data    training data in original units (standardised with its own statistics when
     *                {@code options.standardize()})
     * @param options the standardise flag (listeners and validation are not used here)
     * @param member  the member's index, in {@code [0, config.members())}
     * @return the fitted member
     * @throws IllegalArgumentException if the index is out of range or the data do not match the model
     * @throws FitFailedException if every attempt diverged
     */
    public EnsembleMember fitMember(BayesianModel model, Dataset data, FitOptions options, int member) {
        return fitMember(model, data, options, member, List.of());
    }

    /**
     * Builds the posterior from fitted members exactly as {@link #fit} does: the standardiser is recomputed from
     * {@code data} when {@code options.standardize()}.
     *
     * @param model   the model the members were fitted for
     * @param data    the training data they were fitted on
     * @param options the options they were fitted with
     * @param members the members (any order, distinct indices)
     * @return the ensemble
     * @throws IllegalArgumentException if the members are inconsistent (see {@link EnsemblePosterior#of})
     */
    public EnsemblePosterior combine(BayesianModel model, Dataset data, FitOptions options,
                                     List<EnsembleMember> members) {
        Objects.requireNonNull(data, "data");
        Standardizer s = options.standardize() ? Standardizer.fit(data) : null;
        return ProvenanceAccess.attach(EnsemblePosterior.of(model, s, members), Provenance.of(this, data, options));
    }

    private EnsembleMember fitMember(BayesianModel model, Dataset data, FitOptions options, int member,
                                     List<FitListener> listeners) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        if (member < 0 || member >= config.members()) {
            throw new IllegalArgumentException("member must be in [0, " + config.members() + ") but was " + member);
        }
        OptimizerConfig opt = config.optimizer();
        SplittableRandom stream = memberStream(config.seed(), member);
        // the data set is read where it lies (shared by the members); a member standardises only what it copies:
        // its fitted rows on full batch, each minibatch as it is gathered, and its held-out rows
        model.checkData(data);
        Standardizer standardizer = options.standardize() ? Standardizer.fit(data) : null;
        TrainingData td;
        HeldOutRows held = null;
        if (config.holdout() > 0) {
            int[][] rows = HeldOutRows.split(data.size(), config.holdout(), stream.split());
            td = new TrainingData(model, data, standardizer, rows[0], opt.batchSize());
            held = new HeldOutRows(model, data, standardizer, rows[1]);
        } else {
            td = new TrainingData(model, data, standardizer, null, opt.batchSize());
        }
        EarlyStopping stopping = held == null ? null
                : new EarlyStopping(held::score, config.checkEvery(), config.patience());
        List<String> warnings = new ArrayList<>();
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            SplittableRandom a = stream.split();
            SplittableRandom initRng = a.split();
            SplittableRandom anchorRng = a.split();
            SplittableRandom batchRng = a.split();
            double[] start = start(model, td, initRng);
            AnchoredPrior anchor = config.anchored() ? AnchoredPrior.draw(model, anchorRng) : null;
            LogPrior prior = anchor != null ? anchor : LogPrior.of(model);
            String failure;
            try {
                PointOptimizer.Result r = PointOptimizer.minimise(name(), model, td, start, prior, opt, batchRng,
                        listeners, member, stopping);
                if (!r.diverged()) {
                    double[] theta = r.parameters();
                    if (held != null && HeldOutRows.learnedNoise(model)) {
                        theta[model.numNetworkParams()] = Math.log(held.rmsResidual(theta));
                    }
                    return new EnsembleMember(member, theta, anchor != null ? anchor.anchor() : new double[0],
                            r.diagnostics(), attempt + 1, warnings);
                }
                failure = r.diagnostics().warnings().get(0);
            } catch (FitFailedException e) {
                failure = e.getMessage();
            }
            if (attempt == config.maxRetries()) {
                throw new FitFailedException("ensemble member " + member + " diverged in all " + (attempt + 1)
                        + " attempts (the last: " + failure + "); lower the members' learning rate (EnsembleConfig"
                        + ".optimizer) or raise maxRetries");
            }
            double lr = opt.learningRate() / 2;
            warnings.add("member " + member + " attempt " + (attempt + 1) + " diverged (" + failure
                    + "); refitted from a new initialisation with learning rate " + lr);
            opt = opt.toBuilder().learningRate(lr).build();
        }
        throw new AssertionError("unreachable");
    }

    /**
     * @param seed   the root seed
     * @param member a member index
     * @return member {@code member}'s random stream: the {@code (member+1)}-th split of the root
     */
    static SplittableRandom memberStream(long seed, int member) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom s = root.split();
        for (int m = 0; m < member; m++) {
            s = root.split();
        }
        return s;
    }

    private double[] start(BayesianModel model, TrainingData td, SplittableRandom rng) {
        double[] theta = model.initialParameters(rng);
        if (config.unitSlope() > 0 && model.network().spec().numHidden() > 0) {
            // Svi.spreadUnits on the widened inputs, read in blocks: the same draws and the same bits
            UnitSpread spread = UnitSpread.draw(model.network().layout(), rng);
            observeWidened(td, config.unitRange(), spread);
            spread.apply(config.unitSlope(), theta);
        }
        return theta;
    }

    /**
     * Lets {@code spread} observe the training inputs widened about their mean, {@code mean + factor (x - mean)}
     * row by row, in blocks of at most {@value #WIDEN_ROWS} rows (no copy of the inputs).
     *
     * @param td     the training data (standardised when the fit standardises)
     * @param factor widening factor, {@code >= 1}; 1 observes the inputs themselves
     * @param spread the units observing them
     */
    private static void observeWidened(TrainingData td, double factor, UnitSpread spread) {
        if (factor == 1) {
            td.forEachInputBlock(spread::observe);
            return;
        }
        int n = td.size();
        double[] mean = new double[td.inDim()];
        td.forEachInputBlock((x, rows) -> addMeans(x, rows, n, mean));
        double[] w = new double[Math.min(n, WIDEN_ROWS) * mean.length];
        td.forEachInputBlock((x, rows) -> {
            for (int r0 = 0; r0 < rows; r0 += WIDEN_ROWS) {
                int c = Math.min(WIDEN_ROWS, rows - r0);
                widen(x, r0, c, mean, factor, w);
                spread.observe(w, c);
            }
        });
    }

    /** Adds {@code x[r, i] / n} of the block's rows to {@code mean[i]}, row by row (the sum's order over all rows). */
    private static void addMeans(double[] x, int rows, int n, double[] mean) {
        int in = mean.length;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < in; i++) {
                mean[i] += x[r * in + i] / n;
            }
        }
    }

    /** Writes {@code mean + factor (x - mean)} of rows {@code [r0, r0 + count)} of {@code x} to the start of w. */
    private static void widen(double[] x, int r0, int count, double[] mean, double factor, double[] w) {
        int in = mean.length;
        for (int r = 0; r < count; r++) {
            int o = (r0 + r) * in;
            for (int i = 0; i < in; i++) {
                w[r * in + i] = mean[i] + factor * (x[o + i] - mean[i]);
            }
        }
    }

    private List<EnsembleMember> sequential(BayesianModel model, Dataset data, FitOptions options,
                                            List<FitListener> ls) {
        List<EnsembleMember> out = new ArrayList<>();
        for (int m = 0; m < config.members(); m++) {
            out.add(fitMember(model, data, options, m, ls));
        }
        return out;
    }

    private List<EnsembleMember> parallel(BayesianModel model, Dataset data, FitOptions options, List<FitListener> ls,
                                          int threads) {
        return ParallelTasks.run("bnn4j-ensemble", threads, config.members(),
                member -> () -> fitMember(model, data, options, member, ls), "ensemble members");
    }

    /** The listeners, with each event's values extended by {@code chains} = M for progress over all members. */
    private static List<FitListener> tagged(List<FitListener> listeners, int members) {
        if (listeners.isEmpty()) {
            return List.of();
        }
        return List.of(new FitListener() {
            @Override
            public void onIteration(IterationEvent e) {
                Map<String, Double> v = new LinkedHashMap<>(e.values());
                v.put("chains", (double) members);
                IterationEvent t = new IterationEvent(e.chain(), e.iteration(), e.total(), v);
                listeners.forEach(l -> l.onIteration(t));
            }
        });
    }
}
