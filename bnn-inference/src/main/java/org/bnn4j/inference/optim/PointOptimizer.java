package org.bnn4j.inference.optim;

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
import org.bnn4j.inference.TrainingData;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.ModelEvaluator;

/**
 * The shared Adam loop of MLE and MAP: minimise the negative log-likelihood (optionally plus the negative log
 * prior), keep the iterate with the best full-batch objective, stop on a non-finite loss.
 */
final class PointOptimizer {

    private PointOptimizer() {
    }

    static PointMassPosterior fit(String method, boolean withPrior, OptimizerConfig config, BayesianModel model,
                                  Dataset data, FitOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        TrainingData td = new TrainingData(model, data, options.standardize(), config.batchSize());
        SplittableRandom root = new SplittableRandom(config.seed());
        double[] theta = model.initialParameters(root.split());
        SplittableRandom batchRng = root.split();
        int p = theta.length;
        ModelEvaluator ev = model.newEvaluator(1, td.size());
        ModelEvaluator full = model.newEvaluator(1, td.size());
        full.setBatch(td.x(), td.y(), td.size(), 1.0);
        Adam adam = new Adam(p);
        double[] grad = new double[p];
        double[] out = new double[1];
        double[] best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        double[] trace = new double[config.epochs()];
        List<String> warnings = new ArrayList<>();
        List<FitListener> ls = options.listeners();
        ls.forEach(l -> l.onStart(method, config.epochs()));
        int epoch = 0;
        try {
            for (; epoch < config.epochs(); epoch++) {
                td.nextEpoch(batchRng);
                double lr = config.learningRateAt(epoch);
                for (int k = 0; k < td.numBatches(); k++) {
                    int len = td.gather(k);
                    ev.setBatch(td.batchX(), td.batchY(), len, (double) td.size() / len);
                    if (withPrior) {
                        ev.logJoint(theta, 1, out, grad);
                    } else {
                        ev.logLikelihood(theta, 1, out, grad);
                    }
                    for (int j = 0; j < p; j++) {
                        grad[j] = -grad[j];
                    }
                    adam.step(theta, grad, lr);
                }
                double loss = -(withPrior ? full.logJoint(theta, 1, out, null) : full.logLikelihood(theta, 1, out, null));
                trace[epoch] = loss;
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
                    epoch++;
                    break;
                }
                if (loss < bestLoss) {
                    bestLoss = loss;
                    bestEpoch = epoch;
                    best = theta.clone();
                }
                notify(ls, epoch, config.epochs(), loss, options, model, method, theta, td);
            }
        } finally {
            ls.forEach(FitListener::onFinish);
        }
        double[] t = java.util.Arrays.copyOf(trace, Math.min(epoch, trace.length));
        OptimDiagnostics d = new OptimDiagnostics(method, t, bestEpoch, bestLoss, warnings);
        return new PointMassPosterior(model, method, best, td.standardizer(), d);
    }

    private static void notify(List<FitListener> ls, int epoch, int total, double loss, FitOptions options,
                               BayesianModel model, String method, double[] theta, TrainingData td) {
        if (ls.isEmpty()) {
            return;
        }
        IterationEvent ev = new IterationEvent(0, epoch, total, Map.of("loss", loss));
        ls.forEach(l -> l.onIteration(ev));
        if (options.validEvery() > 0 && (epoch + 1) % options.validEvery() == 0) {
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
