package org.bnn4j.inference.laplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.bnn4j.inference.ConjugateLinearRegression;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Laplace on Bayesian linear regression (no hidden layer, homoskedastic, known noise), where the posterior is
 * Gaussian in closed form ({@link ConjugateLinearRegression}): the Laplace approximation is then exact, so its mean
 * is the posterior mean, its covariance {@code (X'X / s^2 + Lambda)^-1}, its linearised predictive the exact
 * predictive {@code N(x'm, x' Sigma x + s^2)} and its log marginal likelihood the exact log evidence
 * {@code log N(y; 0, s^2 I + X Lambda^-1 X')}.
 */
class LaplaceLinearModelTest {

    private static final FitOptions RAW = FitOptions.defaults().withStandardize(false);

    /** A tight MAP: Adam to 1e-5 of its initial rate over the last half. */
    private static final OptimizerConfig MAP = OptimizerConfig.builder().learningRate(2e-2).epochs(4000)
            .finalLearningRateFraction(1e-3).decayFraction(0.5).seed(1).build();

    private static LaplacePosterior fit(ConjugateLinearRegression lr, CurvatureStructure structure) {
        return new Laplace(LaplaceConfig.builder().map(MAP).structure(structure)
                .priorPrecision(PriorPrecision.fixed(1.0)).build()).fit(lr.model, lr.data, RAW);
    }

    @Test
    void gaussianIsTheExactPosterior() {
        ConjugateLinearRegression lr = new ConjugateLinearRegression(80, 3, 0.4, 1.5, 12);
        LaplacePosterior post = fit(lr, CurvatureStructure.FULL);
        int p = lr.mean.length;
        assertEquals(p, post.numCoveredParameters());
        double[] theta = post.mapParameters();
        double[] cov = post.covariance();
        for (int i = 0; i < p; i++) {
            double sd = Math.sqrt(lr.covariance.getEntry(i, i));
            // The MAP is Adam's last iterate on a quadratic, full batch: with the rate annealed to 2e-5 it settles
            // on the optimum (observed 6e-11 posterior sds off); 1e-6 sds is far below anything that matters.
            assertEquals(lr.mean[i], theta[i], 1e-6 * sd, "mean " + i);
            for (int j = 0; j < p; j++) {
                // For a linear model J = [X, 1] does not depend on the weights, so the curvature X'X / s^2 is exact
                // whatever the MAP; what is left is rounding in the gemm, the eigendecomposition and the reference's
                // LU inverse (condition number ~10 here: observed 1e-15 of the diagonal).
                double ref = lr.covariance.getEntry(i, j);
                assertEquals(ref, cov[i * p + j], 1e-12 * lr.covariance.getEntry(i, i), "cov " + i + "," + j);
            }
        }
        // a linear model's last layer is the whole model
        LaplacePosterior ll = fit(lr, CurvatureStructure.LAST_LAYER);
        assertEquals(0, ll.firstCoveredParameter());
        double[] cl = ll.covariance();
        for (int k = 0; k < cl.length; k++) {
            assertEquals(cov[k], cl[k], 1e-12);
        }
    }

    @Test
    void logMarginalLikelihoodIsTheExactEvidence() {
        ConjugateLinearRegression lr = new ConjugateLinearRegression(80, 3, 0.4, 1.5, 12);
        LaplacePosterior post = fit(lr, CurvatureStructure.FULL);
        int n = lr.data.size();
        int in = lr.data.inDim();
        double[] x = lr.data.xArray();
        double[] y = lr.data.yArray();
        double v = lr.priorStd * lr.priorStd;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = v; // bias
                for (int k = 0; k < in; k++) {
                    s += v * x[i * in + k] * x[j * in + k];
                }
                c[i][j] = s + (i == j ? lr.sigma * lr.sigma : 0);
                c[j][i] = c[i][j];
            }
        }
        RealMatrix cm = new Array2DRowRealMatrix(c);
        CholeskyDecomposition chol = new CholeskyDecomposition(cm);
        double[] a = chol.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(y)).toArray();
        double quad = 0;
        for (int i = 0; i < n; i++) {
            quad += y[i] * a[i];
        }
        double exact = -0.5 * quad - 0.5 * Math.log(chol.getDeterminant()) - 0.5 * n * Math.log(2 * Math.PI);
        // The Laplace formula evaluated at the mode is exact; at a point delta off the mode it is off by
        // delta' H delta / 2 (second order: the log joint is stationary there), ~1e-20 for the MAP's 6e-11 sds. What
        // is left is rounding in sums of ~100 log terms of size ~10 and in the reference's determinant: 1e-8 nats.
        assertEquals(exact, post.logMarginalLikelihood(), 1e-8);
    }

    @Test
    void linearizedPredictiveIsTheExactPredictive() {
        ConjugateLinearRegression lr = new ConjugateLinearRegression(80, 2, 0.4, 1.5, 5);
        LaplacePosterior post = fit(lr, CurvatureStructure.FULL);
        double[] xs = {0.5, -1.0, 3.0, 2.0, -2.5, 0.0};
        INDArray x = Nd4j.create(xs, new long[] {3, 2}, DataType.DOUBLE);
        int n = 20000;
        PredictiveDistribution pd = post.predict(x, n, new SplittableRandom(4));
        // each component is the linear model at the weights sampleParameters draws from a generator of the same seed
        double[] w = Arrays2.toDoubles(post.sampleParameters(n, new SplittableRandom(4)));
        double[] means = Arrays2.toDoubles(pd.sampleMeans());
        double[] scales = Arrays2.toDoubles(pd.sampleScales());
        for (int s = 0; s < n; s += 997) {
            for (int i = 0; i < 3; i++) {
                double m = w[s * 3 + 2] + w[s * 3] * xs[2 * i] + w[s * 3 + 1] * xs[2 * i + 1];
                assertEquals(m, means[s * 3 + i], 1e-12, "component " + s + " point " + i);
                assertEquals(lr.sigma, scales[s * 3 + i], 0.0);
            }
        }
        double[] mean = Arrays2.toDoubles(pd.mean());
        double[] epi = Arrays2.toDoubles(pd.epistemicVariance());
        double[] ale = Arrays2.toDoubles(pd.aleatoricVariance());
        for (int i = 0; i < 3; i++) {
            double[] xi = {xs[2 * i], xs[2 * i + 1], 1.0};
            double mu = 0;
            double var = 0;
            for (int a = 0; a < 3; a++) {
                mu += xi[a] * lr.mean[a];
                for (int b = 0; b < 3; b++) {
                    var += xi[a] * lr.covariance.getEntry(a, b) * xi[b];
                }
            }
            // Monte Carlo over n draws: the mean's error has sd sqrt(var / n), the variance's relative error sd
            // sqrt(2 / n) = 1 %; 4 sd each (plus the MAP's ~1e-6 offset, negligible).
            assertEquals(mu, mean[i], 4 * Math.sqrt(var / n) + 1e-5, "predictive mean " + i);
            assertEquals(var, epi[i], 4 * Math.sqrt(2.0 / n) * var, "epistemic variance " + i);
            // the mean of n equal squares: summation rounding only (n eps ~ 4e-12 relative at most)
            assertEquals(lr.sigma * lr.sigma, ale[i], 1e-11 * lr.sigma * lr.sigma, "aleatoric variance " + i);
        }
        // the sampled predictive of a linear model is the linearised one, component by component
        LaplacePosterior sampled = new Laplace(LaplaceConfig.builder().map(MAP).predictive(LaplacePredictive.SAMPLED)
                .priorPrecision(PriorPrecision.fixed(1.0)).build()).fit(lr.model, lr.data, RAW);
        double[] sm = Arrays2.toDoubles(sampled.predict(x, 50, new SplittableRandom(9)).sampleMeans());
        double[] lm = Arrays2.toDoubles(post.predict(x, 50, new SplittableRandom(9)).sampleMeans());
        for (int k = 0; k < sm.length; k++) {
            assertEquals(lm[k], sm[k], 1e-12);
        }
        assertTrue(sampled.diagnostics().warnings().isEmpty(), sampled.diagnostics().warnings().toString());
    }
}
