package org.bnn4j.spark.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.bnn4j.inference.FitFailedException;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.IterationEvent;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.internal.Adam;
import org.bnn4j.inference.optim.OptimDiagnostics;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.spark.PosteriorBytes;

/**
 * MAP (or MLE) by Adam with the gradient of the log-likelihood summed over the partitions of a
 * {@link DistributedData} in one {@code treeAggregate} per step; the optimiser and the prior stay on the driver.
 * The algorithm is {@code MaximumAPosteriori}'s: the initialisation and minibatch order come from the config's seed
 * exactly as in the single-JVM fit, the likelihood is scaled by {@code n / batch} on minibatches, and the iterate with
 * the best full-batch objective (evaluated after every epoch) is returned. With the full batch that evaluation is the
 * next step's gradient pass, so an epoch costs one pass; with minibatches it costs one pass per batch plus one.
 *
 * <p>Sums over the rows are added in a different order than in one JVM, so the iterates differ from the single-JVM
 * fit's in the last bits, a difference the optimiser carries but does not amplify in a well-conditioned fit.
 *
 * <pre>{@code
 * DistributedData data = DistributedData.fromRows(rows, features, List.of("y"), true);
 * PointMassPosterior map = DataParallelMap.map(OptimizerConfig.builder().epochs(2000).build()).fit(model, data, List.of());
 * }</pre>
 *
 * <p>References: D. P. Kingma and J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015; X. Meng et al.,
 * "MLlib: Machine Learning in Apache Spark", JMLR 17 (2016) (one aggregation of the gradient per step).
 */
public final class DataParallelMap {

    private final OptimizerConfig config;
    private final boolean withPrior;

    private DataParallelMap(OptimizerConfig config, boolean withPrior) {
        this.config = Objects.requireNonNull(config, "config must not be null; pass OptimizerConfig.defaults()");
        if (config.stopping().enabled()) {
            throw new IllegalArgumentException("the data-parallel fit runs its whole budget of epochs and takes no "
                    + "stopping rule; pass stopping(StoppingRule.none()) or fit on one machine");
        }
        this.withPrior = withPrior;
    }

    /**
     * @param config optimiser settings
     * @return maximum a posteriori (log-likelihood plus log prior)
     * @throws IllegalArgumentException if the config has an enabled stopping rule
     */
    public static DataParallelMap map(OptimizerConfig config) {
        return new DataParallelMap(config, true);
    }

    /**
     * @param config optimiser settings
     * @return maximum likelihood
     * @throws IllegalArgumentException if the config has an enabled stopping rule
     */
    public static DataParallelMap mle(OptimizerConfig config) {
        return new DataParallelMap(config, false);
    }

    /** @return "map" or "mle" */
    public String name() {
        return withPrior ? "map" : "mle";
    }

    /**
     * @param model     the model; its input and output widths must match the data
     * @param data      the cached training data
     * @param listeners called on the driver once per epoch with the value {@code loss}
     * @return the best iterate, with the data's standardiser
     * @throws IllegalArgumentException if the data do not match the model
     * @throws FitFailedException       if the loss is not finite before any finite iterate
     */
    public PointMassPosterior fit(BayesianModel model, DistributedData data, List<FitListener> listeners) {
        Trainer t = new Trainer(model, data);
        SplittableRandom root = new SplittableRandom(config.seed());
        double[] theta = model.initialParameters(root.split());
        SplittableRandom batchRng = root.split();
        int p = theta.length;
        Batches batches = new Batches(data.size(), config.batchSize());
        ModelEvaluator prior = model.newEvaluator(1, 1);
        double[] one = new double[1];
        Adam adam = new Adam(p);
        double[] grad = new double[p];
        double[] carried = null; // full batch: the pass at the current iterate, made for its loss
        double[] best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        double[] trace = new double[config.epochs()];
        List<String> warnings = new ArrayList<>();
        listeners.forEach(l -> l.onStart(name(), config.epochs()));
        int epoch = 0;
        try {
            for (; epoch < config.epochs(); epoch++) {
                batches.nextEpoch(batchRng);
                for (int k = 0; k < batches.numBatches(); k++) {
                    int[] rows = batches.rows(k);
                    double[] s = rows == null && carried != null ? carried : t.pass(theta, 1, rows);
                    double scale = batches.scale(rows);
                    for (int j = 0; j < p; j++) {
                        grad[j] = s[1 + j] * scale;
                    }
                    if (withPrior) {
                        prior.logPrior(theta, 1, one, grad, false);
                    }
                    for (int j = 0; j < p; j++) {
                        grad[j] = -grad[j];
                    }
                    adam.step(theta, grad, config.learningRate());
                }
                double[] s = t.pass(theta, 1, null);
                carried = batches.isFullBatch() ? s : null;
                double loss = -(s[0] + (withPrior ? prior.logPrior(theta, 1, one, null, false) : 0.0));
                trace[epoch] = loss;
                if (!Double.isFinite(loss) || !finite(theta)) {
                    String msg = name() + " loss became " + loss + " at epoch " + epoch + " (learning rate "
                            + config.learningRate() + "); lower the learning rate, or for a heteroskedastic network "
                            + "raise the scale transform's minScale";
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
                IterationEvent ev = new IterationEvent(0, epoch, config.epochs(), Map.of("loss", loss));
                listeners.forEach(l -> l.onIteration(ev));
            }
        } finally {
            listeners.forEach(FitListener::onFinish);
            t.close();
        }
        double[] tr = java.util.Arrays.copyOf(trace, Math.min(epoch, trace.length));
        return new PointMassPosterior(model, name(), best, data.standardizer(),
                new OptimDiagnostics(name(), tr, bestEpoch, bestLoss, warnings));
    }

    static boolean finite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    /** The model broadcast once for a fit, and the passes over the data. */
    static final class Trainer implements AutoCloseable {
        private final DistributedData data;
        private final Broadcast<PosteriorBytes> model;

        Trainer(BayesianModel model, DistributedData data) {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(data, "data");
            if (data.inDim() != model.network().spec().inDim() || data.outDim() != model.network().spec().outDim()) {
                throw new IllegalArgumentException("data has " + data.inDim() + " inputs and " + data.outDim()
                        + " targets but the network expects " + model.network().spec().inDim() + " and "
                        + model.network().spec().outDim() + "; build the NetworkSpec with the data's dimensions");
            }
            this.data = data;
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.blocks().context());
            this.model = jsc.broadcast(PosteriorBytes.ofModel(model, new double[model.numParams()]));
        }

        /** @return {@code [log-likelihood sum, gradient (k * numParams)]} over the rows (all when null) */
        double[] pass(double[] thetas, int k, int[] rows) {
            return LikelihoodPass.run(data, model, thetas, k, rows);
        }

        @Override
        public void close() {
            model.destroy();
        }
    }
}
