package org.bnn4j.inference;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.bnn4j.data.Dataset;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;

/**
 * Bayesian linear regression with known noise and an IID Normal prior, whose posterior is Gaussian in closed form:
 * precision {@code A = X^T X / sigma^2 + I / s^2}, mean {@code m = A^-1 X^T y / sigma^2}, with X the inputs plus a
 * column of ones (parameter order: weights then bias, as in ParameterLayout). Inputs are standard normal with a
 * common pairwise correlation (0 by default); correlated inputs give a posterior with strongly correlated weights,
 * which no mean-field Gaussian can match.
 */
public final class ConjugateLinearRegression {
    /** Noise std. */
    public final double sigma;
    /** Prior std. */
    public final double priorStd;
    /** The data. */
    public final Dataset data;
    /** The model: no hidden layer, homoskedastic, fixed noise. */
    public final BayesianModel model;
    /** Posterior mean. */
    public final double[] mean;
    /** Posterior precision. */
    public final RealMatrix precision;
    /** Posterior covariance. */
    public final RealMatrix covariance;

    /**
     * @param n        rows
     * @param inDim    inputs
     * @param sigma    noise std
     * @param priorStd prior std
     * @param seed     data seed
     */
    public ConjugateLinearRegression(int n, int inDim, double sigma, double priorStd, long seed) {
        this(n, inDim, sigma, priorStd, 0.0, seed);
    }

    /**
     * @param n           rows
     * @param inDim       inputs
     * @param sigma       noise std
     * @param priorStd    prior std
     * @param correlation pairwise correlation of the inputs, in [0, 1): {@code x_j = sqrt(c) z_0 + sqrt(1 - c) z_j}
     * @param seed        data seed
     */
    public ConjugateLinearRegression(int n, int inDim, double sigma, double priorStd, double correlation, long seed) {
        this.sigma = sigma;
        this.priorStd = priorStd;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * inDim];
        double[] y = new double[n];
        double[] w = new double[inDim];
        for (int j = 0; j < inDim; j++) {
            w[j] = rng.nextGaussian();
        }
        double shared = Math.sqrt(correlation);
        double own = Math.sqrt(1 - correlation);
        for (int i = 0; i < n; i++) {
            double m = 0.3;
            double z0 = correlation == 0 ? 0 : rng.nextGaussian();
            for (int j = 0; j < inDim; j++) {
                x[i * inDim + j] = shared * z0 + own * rng.nextGaussian();
                m += w[j] * x[i * inDim + j];
            }
            y[i] = m + sigma * rng.nextGaussian();
        }
        data = Dataset.of(x, y, n, inDim, 1);
        NetworkSpec spec = NetworkSpec.builder(inDim, 1).heteroskedastic(false).build();
        model = new BayesianModel(new FeedForwardNetwork(spec), new NormalPrior(priorStd),
                new HomoskedasticGaussian(new NoiseModel.Fixed(sigma)));
        int p = inDim + 1;
        double[][] a = new double[p][p];
        double[] xty = new double[p];
        for (int i = 0; i < n; i++) {
            double[] row = new double[p];
            System.arraycopy(x, i * inDim, row, 0, inDim);
            row[inDim] = 1.0;
            for (int r = 0; r < p; r++) {
                xty[r] += row[r] * y[i] / (sigma * sigma);
                for (int c = 0; c < p; c++) {
                    a[r][c] += row[r] * row[c] / (sigma * sigma);
                }
            }
        }
        for (int r = 0; r < p; r++) {
            a[r][r] += 1.0 / (priorStd * priorStd);
        }
        precision = new Array2DRowRealMatrix(a);
        covariance = new LUDecomposition(precision).getSolver().getInverse();
        mean = covariance.operate(xty);
    }
}
