package org.bnn4j.inference.laplace;

import java.util.Arrays;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.nn.ScaleTransform;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The generalised Gauss-Newton curvature of the Gaussian negative log-likelihood, which for a Gaussian is its Fisher
 * information (Martens 2020): {@code G = sum_i J_i^T F_i J_i} with {@code J_i} the Jacobian of point i's head outputs
 * over the covered parameters and {@code F_i} the Fisher of {@code N(y; m, s^2)} in those outputs.
 *
 * <p>Heteroskedastic heads (mean m, raw scale r, {@code s = transform(r)}): the Fisher of {@code N(y; m, s^2)} is
 * {@code diag(1/s^2, 2/s^2)} in {@code (m, s)}, so in {@code (m, r)} it is {@code diag(1/s^2, 2 (ds/dr)^2 / s^2)}
 * and {@code G = sum_i J_m,i^T J_m,i / s_i^2 + 2 (ds/dr)_i^2 / s_i^2 J_r,i^T J_r,i}. This is the expected Hessian
 * (PSD); the exact Hessian in s is not. Homoskedastic with noise scale s: {@code G = J_m^T J_m / s^2}; a learned
 * {@code log s} has Fisher 2 per point and output and no cross term with the weights in expectation. The matrix is
 * accumulated tile by tile as {@code A^T A} (BLAS {@code dgemm}) with A's rows the Jacobian rows times the square
 * roots of the Fisher weights.
 *
 * <p>References: J. Martens, "New insights and perspectives on the natural gradient method", JMLR 2020;
 * A. Immer, M. Korzepa, M. Bauer, "Improving predictions of Bayesian neural nets via local linearization", AISTATS
 * 2021; E. Daxberger et al., "Laplace Redux - Effortless Bayesian Deep Learning", NeurIPS 2021.
 */
final class GaussNewton {

    private GaussNewton() {
    }

    /**
     * @param matrix        the curvature {@code [q, q]} row-major (symmetric, PSD)
     * @param q             covered parameters
     * @param logLikelihood {@code log p(y | x, theta*)} on the training data (standardised units)
     * @param noiseFisher   Fisher information of the learned {@code log s} ({@code 2 n D}), or 0 without one
     * @param residualSumOfSquares {@code sum (y - m)^2} over points and outputs at theta
     */
    record Result(double[] matrix, int q, double logLikelihood, double noiseFisher, double residualSumOfSquares) {
    }

    /**
     * @param model the model
     * @param jac   the linearisation over the covered parameters
     * @param theta the MAP, length {@code model.numParams()}
     * @param x     training inputs {@code [n, inDim]} (the space the model was fitted in)
     * @param y     training targets {@code [n, D]}
     * @param n     rows
     * @return the curvature at theta
     */
    static Result compute(BayesianModel model, OutputJacobian jac, double[] theta, double[] x, double[] y, int n) {
        Likelihood lik = model.likelihood();
        boolean het = lik.heteroskedastic();
        ScaleTransform transform = model.network().spec().scaleTransform();
        int inDim = model.network().spec().inDim();
        int d = model.network().spec().outDim();
        int q = jac.size();
        int p = model.numNetworkParams();
        double noise = het ? Double.NaN : lik.noiseScale(theta, p);
        int tile = Math.min(OutputJacobian.TILE, n);
        double[] mean = new double[tile * d];
        double[] raw = het ? new double[tile * d] : null;
        double[] jm = new double[tile * d * q];
        double[] jr = het ? new double[tile * d * q] : null;
        int heads = het ? 2 : 1;
        INDArray g = Nd4j.zeros(DataType.DOUBLE, q, q);
        double rss = 0;
        for (int from = 0; from < n; from += tile) {
            int t = Math.min(tile, n - from);
            double[] xs = Arrays.copyOfRange(x, from * inDim, (from + t) * inDim);
            jac.evaluate(theta, xs, t, mean, raw, jm, jr);
            int rows = t * d * heads;
            double[] a = new double[rows * q];
            for (int k = 0; k < t * d; k++) {
                double r = y[from * d + k] - mean[k];
                rss += r * r;
                if (het) {
                    double s = transform.apply(raw[k]);
                    double wm = 1.0 / s;
                    double wr = Math.sqrt(2.0) * transform.derivative(raw[k]) / s;
                    scaleRow(jm, k * q, wm, a, (2 * k) * q, q);
                    scaleRow(jr, k * q, wr, a, (2 * k + 1) * q, q);
                } else {
                    scaleRow(jm, k * q, 1.0 / noise, a, k * q, q);
                }
            }
            INDArray am = Nd4j.create(a, new long[] {rows, q}, DataType.DOUBLE);
            Nd4j.gemm(am, am, g, true, false, 1.0, 1.0);
        }
        double[] m = g.dup('c').data().asDouble();
        symmetrize(m, q);
        ModelEvaluator ev = model.newEvaluator(1, n);
        ev.setBatch(x, y, n, 1.0);
        double ll = ev.logLikelihood(theta, 1, new double[1], null);
        double noiseFisher = lik.numParams() == 1 ? 2.0 * n * d : 0.0;
        return new Result(m, q, ll, noiseFisher, rss);
    }

    private static void scaleRow(double[] src, int from, double w, double[] dst, int to, int len) {
        for (int k = 0; k < len; k++) {
            dst[to + k] = w * src[from + k];
        }
    }

    /** Averages the two triangles (BLAS fills both, up to rounding). */
    private static void symmetrize(double[] m, int q) {
        for (int i = 0; i < q; i++) {
            for (int j = i + 1; j < q; j++) {
                double v = 0.5 * (m[i * q + j] + m[j * q + i]);
                m[i * q + j] = v;
                m[j * q + i] = v;
            }
        }
    }
}
