package org.bnn4j.spark.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.broadcast.Broadcast;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.spark.PosteriorBytes;

/**
 * One distributed pass over the cached blocks: the log-likelihood {@code sum_s sum_i log p(y_i | x_i, theta_s)} of K
 * parameter vectors and its gradient, over all rows or over the rows of one minibatch, by {@code treeAggregate}.
 *
 * <p>Each partition evaluates its rows in chunks of {@link #CHUNK} through a {@link ModelEvaluator} kept per executor
 * thread. The tree's merges carry each partition's sums under its first row's index, and the driver adds them in that
 * order: the result then does not depend on the order in which tasks finish, and a fit is bit-reproducible for a
 * given partitioning. The driver so receives {@code 1 + K * numParams} doubles per partition per pass.
 */
final class LikelihoodPass {

    /** Rows per kernel call inside a partition: a workspace of K x 2048 x width activations stays a few MB. */
    static final int CHUNK = 2048;
    /** Depth of the aggregation tree (Spark MLlib's default). */
    static final int DEPTH = 2;

    private static final ThreadLocal<Evaluators> EVALUATORS = ThreadLocal.withInitial(Evaluators::new);

    private LikelihoodPass() {
    }

    /**
     * @param data   the cached blocks (standardised as the model expects)
     * @param model  the model, broadcast
     * @param thetas parameter vectors {@code [k, numParams]}, row-major
     * @param k      number of vectors
     * @param rows   global indices of the minibatch's rows, sorted ascending, or null for all rows
     * @return {@code [sum of log-likelihoods, gradient (k * numParams)]} (unscaled: a minibatch's sum)
     */
    static double[] run(DistributedData data, Broadcast<PosteriorBytes> model, double[] thetas, int k, int[] rows) {
        PartialSums total = data.blocks().treeAggregate(new PartialSums(),
                (acc, block) -> acc.add(block.offset(), evaluate(block, model.value().model(), thetas, k, rows)),
                PartialSums::merge, DEPTH);
        return total.sumInOrder();
    }

    /** The sums of one block (executor side). */
    static double[] evaluate(DataBlock b, BayesianModel model, double[] thetas, int k, int[] rows) {
        int p = model.numParams();
        double[] out = new double[1 + k * p];
        if (b.n() == 0) {
            return out;
        }
        int from = 0;
        int to = b.n();
        if (rows != null) {
            from = lowerBound(rows, b.offset());
            to = lowerBound(rows, b.offset() + b.n());
            if (from == to) {
                return out;
            }
        }
        ModelEvaluator ev = EVALUATORS.get().get(model, k);
        Evaluators buf = EVALUATORS.get();
        int in = b.inDim();
        int d = b.outDim();
        for (int c0 = from; c0 < to; c0 += CHUNK) {
            int len = Math.min(CHUNK, to - c0);
            double[] cx;
            double[] cy;
            if (rows == null && len == b.n()) {
                cx = b.x(); // the whole block in one chunk: no copy
                cy = b.y();
            } else if (rows == null) {
                cx = Arrays.copyOfRange(b.x(), c0 * in, (c0 + len) * in);
                cy = Arrays.copyOfRange(b.y(), c0 * d, (c0 + len) * d);
            } else {
                cx = buf.x(CHUNK * in);
                cy = buf.y(CHUNK * d);
                for (int i = 0; i < len; i++) {
                    int r = (int) (rows[c0 + i] - b.offset());
                    System.arraycopy(b.x(), r * in, cx, i * in, in);
                    System.arraycopy(b.y(), r * d, cy, i * d, d);
                }
            }
            ev.setBatch(cx, cy, len, 1.0);
            out[0] += ev.logLikelihood(thetas, k, buf.ll(k), buf.grad(k * p));
            double[] g = buf.grad(k * p);
            for (int j = 0; j < k * p; j++) {
                out[1 + j] += g[j];
            }
        }
        return out;
    }

    private static int lowerBound(int[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Each partition's sums under its first row's index, merged without arithmetic. */
    static final class PartialSums implements Serializable {
        private static final long serialVersionUID = 1L;
        private final TreeMap<Long, double[]> parts = new TreeMap<>();

        PartialSums add(long key, double[] sums) {
            parts.put(key, sums);
            return this;
        }

        PartialSums merge(PartialSums other) {
            parts.putAll(other.parts);
            return this;
        }

        double[] sumInOrder() {
            double[] total = null;
            for (Map.Entry<Long, double[]> e : parts.entrySet()) {
                double[] v = e.getValue();
                if (total == null) {
                    total = v.clone();
                } else {
                    for (int j = 0; j < v.length; j++) {
                        total[j] += v[j];
                    }
                }
            }
            return total;
        }
    }

    /** One evaluator and scratch arrays per executor thread, rebuilt when the model or K changes. */
    private static final class Evaluators {
        private BayesianModel model;
        private int k;
        private ModelEvaluator ev;
        private double[] x = new double[0];
        private double[] y = new double[0];
        private double[] ll = new double[0];
        private double[] grad = new double[0];

        ModelEvaluator get(BayesianModel m, int numVectors) {
            if (m != model || numVectors != k) {
                ev = m.newEvaluator(numVectors, CHUNK);
                model = m;
                k = numVectors;
            }
            return ev;
        }

        double[] x(int len) {
            return x = x.length >= len ? x : new double[len];
        }

        double[] y(int len) {
            return y = y.length >= len ? y : new double[len];
        }

        double[] ll(int len) {
            return ll = ll.length >= len ? ll : new double[len];
        }

        double[] grad(int len) {
            return grad = grad.length >= len ? grad : new double[len];
        }
    }
}
