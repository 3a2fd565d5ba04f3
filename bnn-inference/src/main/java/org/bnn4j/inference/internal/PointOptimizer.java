package org.bnn4j.inference.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitFailedException;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.IterationEvent;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.optim.OptimDiagnostics;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.ModelEvaluator;

/**
 * The Adam loop of every point estimate (MLE, MAP, the members of a deep ensemble): from a given start, minimise the
 * negative log-likelihood minus an optional {@link LogPrior}, with the likelihood scaled by {@code n / batch} on
 * minibatches; evaluate the full-batch objective after every epoch, keep the iterate where it was lowest, and stop
 * on a non-finite loss (then the best finite iterate is kept and the result says it {@link Result#diverged()}).
 * With an enabled {@link OptimizerConfig#stopping()} rule the run ends early after a plateau of the objective (or of
 * the validation log-likelihood, {@link FitOptions#validation()}) and a final phase of learning-rate decay.
 *
 * <pre>{@code
 * TrainingData td = new TrainingData(model, train, true, 0);
 * SplittableRandom rng = new SplittableRandom(7);
 * PointOptimizer.Result r = PointOptimizer.minimise("map", model, td, model.initialParameters(rng.split()),
 *         LogPrior.of(model), OptimizerConfig.defaults(), rng.split(), List.of(), 0);
 * double[] theta = r.parameters();
 * }</pre>
 *
 * <p>References: D. P. Kingma and J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
 */
public final class PointOptimizer {

    private PointOptimizer() {
    }

    /**
     * The outcome of one run.
     *
     * @param parameters  the kept iterate (lowest full-batch objective), length {@code model.numParams()}; copied
     * @param diagnostics the loss trace and which epoch was kept; its warnings say if the run diverged
     * @param diverged    whether the loss or the parameters became non-finite, so the run stopped early and kept an
     *                    earlier iterate
     * @param score       the kept iterate's {@link EarlyStopping} score, or NaN without early stopping
     */
    public record Result(double[] parameters, OptimDiagnostics diagnostics, boolean diverged, double score) {
        /** Copies the parameters. */
        public Result {
            parameters = parameters.clone();
            Objects.requireNonNull(diagnostics, "diagnostics");
        }

        @Override
        public double[] parameters() {
            return parameters.clone();
        }
    }

    /**
     * Runs Adam for {@code config.epochs()} epochs, fewer after a plateau of an enabled stopping rule (the config's
     * seed is not used: the start and the minibatch order come from the arguments).
     *
     * @param method    the name reported in diagnostics and messages ({@code mle}, {@code map}, ...)
     * @param model     the model
     * @param td        the training data (already standardised when the fit standardises); advanced
     * @param start     the starting parameter vector, length {@code model.numParams()}; not modified
     * @param prior     the log prior added to the log-likelihood, or null for maximum likelihood
     * @param config    learning rate, schedule, epochs and batch size
     * @param batchRng  minibatch order, advanced (unused for full batch)
     * @param listeners receive one {@link IterationEvent} per epoch (value {@code loss}) tagged with {@code chain};
     *                  {@code onStart}/{@code onFinish} are the caller's
     * @param chain     the index carried by the events (0 for a single fit)
     * @return the kept iterate and the diagnostics
     * @throws FitFailedException if the loss is non-finite from the first epoch on (no finite iterate to keep)
     * @throws IllegalArgumentException if {@code start} has the wrong length
     */
    public static Result minimise(String method, BayesianModel model, TrainingData td, double[] start,
                                  LogPrior prior, OptimizerConfig config, SplittableRandom batchRng,
                                  List<FitListener> listeners, int chain) {
        return run(method, model, td, start, prior, config, batchRng, listeners, chain, null, null);
    }

    /**
     * As {@link #minimise(String, BayesianModel, TrainingData, double[], LogPrior, OptimizerConfig, SplittableRandom,
     * List, int)}, but keeps the iterate with the best {@link EarlyStopping} score (checked every
     * {@code stopping.every()} epochs and after the last) and stops once the score has not improved for
     * {@code stopping.patience()} checks.
     *
     * @param stopping the early-stopping rule, or null for none
     * @return the kept iterate, its diagnostics (bestEpoch is the kept check's epoch) and its score
     * @throws FitFailedException if the loss is non-finite before the first check
     */
    public static Result minimise(String method, BayesianModel model, TrainingData td, double[] start,
                                  LogPrior prior, OptimizerConfig config, SplittableRandom batchRng,
                                  List<FitListener> listeners, int chain, EarlyStopping stopping) {
        return run(method, model, td, start, prior, config, batchRng, listeners, chain, null, stopping);
    }

    /**
     * A MAP or MLE fit: Adam from the model's default initialisation, listeners notified, a divergence thrown.
     *
     * @param method    the method's name ("map" or "mle"), reported to listeners and in diagnostics
     * @param withPrior whether the objective includes the log prior (MAP) or not (MLE)
     * @param config    the optimiser settings
     * @param model     the model
     * @param data      training data in original units
     * @param options   standardisation and listeners
     * @return the point-mass posterior at the kept iterate
     * @throws FitFailedException if the objective, gradient or parameters became non-finite
     */
    public static PointMassPosterior fit(String method, boolean withPrior, OptimizerConfig config,
                                         BayesianModel model, Dataset data, FitOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        TrainingData td = new TrainingData(model, data, options.standardize(), config.batchSize());
        SplittableRandom root = new SplittableRandom(config.seed());
        double[] theta = model.initialParameters(root.split());
        SplittableRandom batchRng = root.split();
        List<FitListener> ls = options.listeners();
        ls.forEach(l -> l.onStart(method, config.epochs()));
        Result r;
        try {
            r = run(method, model, td, theta, withPrior ? LogPrior.of(model) : null, config, batchRng, ls, 0, options,
                    null);
        } finally {
            ls.forEach(FitListener::onFinish);
        }
        PointMassPosterior p = new PointMassPosterior(model, method, r.parameters(), td.standardizer(),
                r.diagnostics());
        if (r.diverged()) {
            String why = r.diagnostics().warnings().get(0).replace("; returned the best finite iterate", "");
            throw new FitFailedException(why + "; the iterate with the best finite objective is in "
                    + "FitFailedException.lastFinite()", p);
        }
        return p;
    }

    private static Result run(String method, BayesianModel model, TrainingData td, double[] start, LogPrior prior,
                              OptimizerConfig config, SplittableRandom batchRng, List<FitListener> ls, int chain,
                              FitOptions validation, EarlyStopping stopping) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(batchRng, "batchRng");
        Objects.requireNonNull(ls, "listeners");
        if (start.length != model.numParams()) {
            throw new IllegalArgumentException("start must have length " + model.numParams() + " but had "
                    + start.length);
        }
        Loop loop = new Loop(method, model, td, start.clone(), prior, config, ls, chain, validation, stopping);
        loop.run(batchRng);
        double[] t = java.util.Arrays.copyOf(loop.trace, loop.recorded);
        return new Result(loop.best, new OptimDiagnostics(method, t, loop.bestEpoch, loop.bestLoss, loop.warnings),
                !loop.warnings.isEmpty(), stopping == null ? Double.NaN : loop.bestScore);
    }

    /**
     * The mutable state of one run. On full batch the objective of the iterate after epoch e is the value the
     * gradient evaluation of epoch e + 1 computes anyway (the same forward pass, so the same bits), which saves one
     * forward pass per epoch; the last iterate is evaluated at the end. On minibatches every epoch ends with a
     * full-batch evaluation.
     */
    private static final class Loop {
        final String method;
        final BayesianModel model;
        final TrainingData td;
        final double[] theta;
        final LogPrior prior;
        final OptimizerConfig config;
        final List<FitListener> ls;
        final int chain;
        final FitOptions validation;
        final EarlyStopping stopping;
        final double[] trace;
        final EarlyStop stop;
        final ValidationScore valid;
        final List<String> warnings = new ArrayList<>();
        double[] best;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        int checksSinceBest;
        int recorded;

        Loop(String method, BayesianModel model, TrainingData td, double[] theta, LogPrior prior,
             OptimizerConfig config, List<FitListener> ls, int chain, FitOptions validation,
             EarlyStopping stopping) {
            this.method = method;
            this.model = model;
            this.td = td;
            this.theta = theta;
            this.prior = prior;
            this.config = config;
            this.ls = ls;
            this.chain = chain;
            this.validation = validation;
            this.stopping = stopping;
            this.trace = new double[config.epochs()];
            this.stop = new EarlyStop(config.stopping(), config.epochs());
            this.valid = validation == null || validation.validation() == null || !config.stopping().enabled() ? null
                    : new ValidationScore(validation.validation(), config.stopping(), config.seed());
        }

        /** Runs the epochs; stops early (with a warning) at a non-finite loss. */
        void run(SplittableRandom batchRng) {
            int p = theta.length;
            boolean fullBatch = td.numBatches() == 1 && td.maxBatch() == td.size();
            // on minibatches: an evaluator of one minibatch, and the full-data objective in blocks (no copy of the
            // inputs, no workspace over all rows)
            ModelEvaluator ev = model.newEvaluator(1, td.maxBatch());
            FullDataLikelihood full = fullBatch ? null : new FullDataLikelihood(model, td);
            Adam adam = new Adam(p);
            double[] grad = new double[p];
            double[] out = new double[1];
            double finalRate = config.learningRate() * config.finalLearningRateFraction();
            for (int epoch = 0; epoch < stop.end(); epoch++) {
                td.nextEpoch(batchRng);
                double lr = stop.learningRate(epoch, config::learningRateAt, finalRate);
                for (int k = 0; k < td.numBatches(); k++) {
                    int len = td.gather(k);
                    ev.setBatch(td.batchX(), td.batchY(), len, (double) td.size() / len);
                    double ll = ev.logLikelihood(theta, 1, out, grad);
                    double lp = prior == null ? 0 : prior.logDensity(theta, grad);
                    if (fullBatch && epoch > 0 && !record(epoch - 1, -(prior == null ? ll : ll + lp))) {
                        return; // the iterate after the last step diverged
                    }
                    for (int j = 0; j < p; j++) {
                        grad[j] = -grad[j];
                    }
                    adam.step(theta, grad, lr);
                }
                if (!fullBatch && !record(epoch, objective(full.logLikelihood(theta)))) {
                    return;
                }
            }
            if (fullBatch) {
                ev.setBatch(td.x(), td.y(), td.size(), 1.0);
                record(stop.end() - 1, objective(ev.logLikelihood(theta, 1, out, null)));
            }
        }

        /** @return the objective of the current iterate given its full-data log-likelihood */
        private double objective(double ll) {
            return -(prior == null ? ll : ll + prior.logDensity(theta, null));
        }

        /**
         * Records the objective of the current iterate as that of epoch {@code epoch}, and keeps the iterate if it is
         * the best so far (lowest objective, or with early stopping the best score at a check).
         *
         * @return false if the loss or the iterate is non-finite, or early stopping ran out of patience (the run must
         *         stop)
         * @throws FitFailedException if so and no finite iterate was kept before
         */
        private boolean record(int epoch, double loss) {
            trace[epoch] = loss;
            recorded = epoch + 1;
            if (!Double.isFinite(loss) || !allFinite(theta)) {
                String msg = method + " loss became " + loss + " at epoch " + epoch + " (learning rate "
                        + config.learningRate() + "); last finite loss " + lastFinite(trace, epoch)
                        + (best == null ? "" : " (best " + bestLoss + " at epoch " + bestEpoch + ")")
                        + "; lower the learning rate, or for a heteroskedastic network raise the scale "
                        + "transform's minScale";
                if (best == null) {
                    throw new FitFailedException(msg);
                }
                warnings.add(msg + "; returned the best finite iterate");
                return false;
            }
            publish(ls, chain, epoch, config.epochs(), loss, validation, model, method, theta, td);
            if (valid == null) {
                stop.observe(epoch, -loss);
            } else if (valid.due(epoch)) {
                stop.observe(epoch, valid.score(new PointMassPosterior(model, method, theta, td.standardizer(),
                        new OptimDiagnostics(method, new double[0], epoch, loss, List.of()))));
            }
            if (stopping == null) {
                if (loss < bestLoss) {
                    bestLoss = loss;
                    bestEpoch = epoch;
                    best = theta.clone();
                }
                return true;
            }
            if ((epoch + 1) % stopping.every() != 0 && epoch != config.epochs() - 1) {
                return true;
            }
            double s = stopping.score().applyAsDouble(theta.clone());
            if (s > bestScore || best == null) {
                bestScore = Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
                bestLoss = loss;
                bestEpoch = epoch;
                best = theta.clone();
                checksSinceBest = 0;
                return true;
            }
            checksSinceBest++;
            return stopping.patience() == 0 || checksSinceBest < stopping.patience();
        }
    }

    private static void publish(List<FitListener> ls, int chain, int epoch, int total, double loss,
                               FitOptions validation, BayesianModel model, String method, double[] theta,
                               TrainingData td) {
        if (ls.isEmpty()) {
            return;
        }
        IterationEvent ev = new IterationEvent(chain, epoch, total, Map.of("loss", loss));
        ls.forEach(l -> l.onIteration(ev));
        if (validation != null && validation.validEvery() > 0 && (epoch + 1) % validation.validEvery() == 0) {
            PointMassPosterior snap = new PointMassPosterior(model, method, theta, td.standardizer(),
                    new OptimDiagnostics(method, new double[0], epoch, loss, List.of()));
            ls.forEach(l -> l.onValidation(epoch, snap));
        }
    }

    static boolean allFinite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    private static double lastFinite(double[] trace, int upTo) {
        for (int i = upTo - 1; i >= 0; i--) {
            if (Double.isFinite(trace[i])) {
                return trace[i];
            }
        }
        return Double.NaN;
    }
}
