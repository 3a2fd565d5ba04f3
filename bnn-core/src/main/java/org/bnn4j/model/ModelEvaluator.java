package org.bnn4j.model;

import java.util.Objects;
import org.bnn4j.nn.internal.KernelWorkspace;
import org.bnn4j.nn.internal.Kernels;
import org.bnn4j.nn.internal.NetworkKernel;

/**
 * Evaluates a {@link BayesianModel}'s log-likelihood, log prior and their gradients over a batch of parameter
 * vectors {@code [n, numParams]} (row-major {@code double[]}), reusing its buffers: the hot path of every inference
 * method. Not thread-safe: one evaluator per thread.
 *
 * <pre>{@code
 * ModelEvaluator ev = model.newEvaluator(1, b);           // up to 1 parameter vector on up to b points
 * ev.setBatch(x, y, b, 1.0);                              // x [b, inDim], y [b, D], row-major
 * double[] grad = new double[model.numParams()];
 * double logJoint = ev.logJoint(theta, 1, new double[1], grad);
 * }</pre>
 */
public final class ModelEvaluator {

    private final BayesianModel model;
    private final NetworkKernel kernel;
    private final KernelWorkspace ws;
    private final double[] gMean;
    private final double[] gScale;
    private final int outDim;
    private final int netP;
    private final int stride;
    private double[] x;
    private double[] y;
    private int b;
    private double likScale = 1.0;

    ModelEvaluator(BayesianModel model, int maxN, int maxB) {
        this.model = model;
        this.kernel = Kernels.forNetwork(model.network(), maxN, maxB);
        this.ws = kernel.newWorkspace(maxN, maxB);
        this.outDim = model.network().spec().outDim();
        this.gMean = new double[maxN * maxB * outDim];
        this.gScale = model.likelihood().heteroskedastic() ? new double[maxN * maxB * outDim] : null;
        this.netP = model.numNetworkParams();
        this.stride = model.numParams();
    }

    /** @return the model */
    public BayesianModel model() {
        return model;
    }

    /**
     * Sets the data used by later calls. The arrays are used, not copied: do not change them while in use.
     *
     * @param x        inputs {@code [b, inDim]}
     * @param y        targets {@code [b, D]}
     * @param b        batch size, {@code <= maxB}
     * @param likScale multiplier of the log-likelihood, {@code datasetSize / b} for minibatches, else 1
     * @throws IllegalArgumentException if b is outside {@code [1, maxB]} or likScale is not finite and positive
     */
    public void setBatch(double[] x, double[] y, int b, double likScale) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (b < 1 || b > ws.maxB()) {
            throw new IllegalArgumentException("batch size must be in [1, " + ws.maxB() + "] but was " + b);
        }
        if (!(likScale > 0) || !Double.isFinite(likScale)) {
            throw new IllegalArgumentException("likScale must be finite and > 0 but was " + likScale);
        }
        this.x = x;
        this.y = y;
        this.b = b;
        this.likScale = likScale;
    }

    /**
     * Runs the network forward on the batch set by {@link #setBatch}; {@link #mean()} and {@link #scale()} then hold
     * its outputs.
     *
     * @param params parameter vectors {@code [n, numParams]}, not modified
     * @param n      number of vectors, {@code <= maxN}
     * @throws IllegalStateException if no batch was set
     * @throws IllegalArgumentException if {@code n} exceeds the evaluator's capacity or {@code params} is too short
     */
    public void forward(double[] params, int n) {
        requireBatch();
        kernel.forward(ws, params, stride, n, x, b);
    }

    /**
     * @return the predictive means of the last evaluation ({@link #forward}, {@link #logLikelihood} or
     *         {@link #logJoint}), row-major {@code [n, b, D]} in the first {@code n * b * D} entries; a view of the
     *         evaluator's buffer, overwritten by the next evaluation: do not modify
     */
    public double[] mean() {
        return ws.mean();
    }

    /**
     * @return the predictive scales of the last evaluation, row-major {@code [n, b, D]} like {@link #mean()}, for a
     *         heteroskedastic network (else an empty array); a view, overwritten by the next evaluation: do not modify
     */
    public double[] scale() {
        return ws.scale();
    }

    /**
     * Scaled log-likelihood {@code likScale * log p(y | x, theta_s)} per vector.
     *
     * @param params parameter vectors {@code [n, numParams]}
     * @param n      number of vectors
     * @param out    receives one value per vector (length {@code >= n})
     * @param grad   if non-null, receives the gradient {@code [n, numParams]} (overwritten)
     * @return the sum over vectors
     */
    public double logLikelihood(double[] params, int n, double[] out, double[] grad) {
        forward(params, n);
        Likelihood lik = model.likelihood();
        int len = b * outDim;
        double total = 0;
        boolean g = grad != null;
        for (int s = 0; s < n; s++) {
            if (g) {
                for (int k = netP; k < stride; k++) {
                    grad[s * stride + k] = 0.0;
                }
            }
            double ll = lik.logLikelihood(ws.mean(), ws.scale(), s * len, b, outDim, y, params, s * stride + netP,
                    likScale, g ? gMean : null, g ? gScale : null, grad, s * stride + netP);
            out[s] = ll;
            total += ll;
        }
        if (g) {
            kernel.backward(ws, params, stride, x, gMean, gScale, grad);
        }
        return total;
    }

    /**
     * Log prior density (network prior + the likelihood's extra parameters) per vector.
     *
     * @param params parameter vectors {@code [n, numParams]}
     * @param n      number of vectors
     * @param out    receives one value per vector; added to, not overwritten, when {@code accumulate}
     * @param grad   if non-null, the prior gradient is added into it
     * @param accumulate whether to add into out
     * @return the sum over vectors
     */
    public double logPrior(double[] params, int n, double[] out, double[] grad, boolean accumulate) {
        DiagonalNormal prior = model.networkPrior();
        Likelihood lik = model.likelihood();
        double total = 0;
        for (int s = 0; s < n; s++) {
            int o = s * stride;
            double lp = prior.logDensity(params, o) + lik.logPrior(params, o + netP);
            if (grad != null) {
                prior.addGradient(params, o, grad, o, 1.0);
                lik.addPriorGradient(params, o + netP, grad, o + netP, 1.0);
            }
            out[s] = accumulate ? out[s] + lp : lp;
            total += lp;
        }
        return total;
    }

    /**
     * Log joint {@code likScale * log p(y | x, theta) + log p(theta)} per vector.
     *
     * @param params parameter vectors {@code [n, numParams]}
     * @param n      number of vectors
     * @param out    receives one value per vector
     * @param grad   if non-null, receives the gradient {@code [n, numParams]} (overwritten)
     * @return the sum over vectors
     */
    public double logJoint(double[] params, int n, double[] out, double[] grad) {
        logLikelihood(params, n, out, grad);
        logPrior(params, n, out, grad, true);
        return sum(out, n);
    }

    private static double sum(double[] v, int n) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += v[i];
        }
        return t;
    }

    private void requireBatch() {
        if (x == null) {
            throw new IllegalStateException("no data set on this evaluator; call setBatch(x, y, b, likScale) first");
        }
    }
}
