package org.bnn4j.inference.laplace;

import java.util.Arrays;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.nn.ScaleTransform;
import org.bnn4j.predictive.NoiseDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The generalised Gauss-Newton / Fisher curvature of the negative log-likelihood (Martens 2020):
 * {@code G = sum_i J_i^T F_i J_i} with {@code J_i} the Jacobian of point i's head outputs over the covered parameters
 * and {@code F_i} the Fisher information of the likelihood's component {@code m + s Z} in those outputs. For a
 * location-scale family with symmetric Z the Fisher in {@code (m, s)} is {@code diag(I_m, I_s) / s^2} with
 * {@code I_m = E[score(Z)^2]} and {@code I_s = E[(1 + Z score(Z))^2]} ({@link NoiseDistribution#fisherLocation},
 * {@link NoiseDistribution#fisherScale}): 1 and 2 for the Normal, {@code (nu+1)/(nu+3)} and {@code 2 nu/(nu+3)} for
 * a Student-t with nu degrees of freedom (Lange, Little &amp; Taylor 1989). For a Gaussian the GGN and the Fisher
 * coincide; for the Student-t the Fisher replaces the GGN of the NLL (whose Hessian in m is not PSD), so the
 * curvature is {@code (nu+1)/((nu+3) s^2)} per point in the mean output.
 *
 * <p>Heteroskedastic heads (mean m, raw scale r, {@code s = transform(r)}): in {@code (m, r)} the Fisher is
 * {@code diag(I_m/s^2, I_s (ds/dr)^2 / s^2)} and {@code G = sum_i I_m J_m,i^T J_m,i / s_i^2 + I_s (ds/dr)_i^2 / s_i^2
 * J_r,i^T J_r,i}. This is the expected Hessian (PSD); the exact Hessian in s is not. Homoskedastic with noise scale
 * s: {@code G = I_m J_m^T J_m / s^2}; a learned {@code log s} has Fisher {@code I_s} per point and output and no
 * cross term with the weights in expectation. The matrix is
 * accumulated tile by tile as {@code A^T A} (BLAS {@code dgemm}) with A's rows the Jacobian rows times the square
 * roots of the Fisher weights.
 *
 * <p>References: K. L. Lange, R. J. A. Little, J. M. G. Taylor, "Robust statistical modeling using the t
 * distribution", JASA 1989; J. Martens, "New insights and perspectives on the natural gradient method", JMLR 2020;
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
     * @param noiseFisher   Fisher information of the learned {@code log s} ({@code I_s n D}: {@code 2 n D} for a
     *                      Gaussian), or 0 without one
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
        NoiseDistribution z = lik.noise(theta, p);
        double rootLocation = Math.sqrt(z.fisherLocation()); // exactly 1 for the Normal
        double rootScale = Math.sqrt(z.fisherScale()); // sqrt(2) for the Normal
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
                    double wm = rootLocation / s;
                    double wr = rootScale * transform.derivative(raw[k]) / s;
                    scaleRow(jm, k * q, wm, a, (2 * k) * q, q);
                    scaleRow(jr, k * q, wr, a, (2 * k + 1) * q, q);
                } else {
                    scaleRow(jm, k * q, rootLocation / noise, a, k * q, q);
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
        double noiseFisher = lik.numParams() == 1 ? z.fisherScale() * n * d : 0.0;
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
