package org.bnn4j.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.mcmc.ConvergenceDiagnostics;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;
import org.junit.jupiter.api.Test;

/**
 * The collapsed sampler end to end against the exact posterior of a net small enough to integrate: one tanh
 * hidden unit, fixed noise, N(0, 1) priors. Given the hidden unit's {@code (w, b)}, the mean head {@code (v, c)}
 * is a conjugate Bayesian linear model with features {@code (tanh(w x + b), 1)}: its evidence
 * {@code N(y; 0, s^2 I + Phi Phi^T)} and its posterior mean and covariance are closed forms, computed here with
 * dense n x n algebra independent of {@link MarginalMeanHeadDensity}. The posterior moments of the predictive mean
 * {@code f(x*) = v tanh(w x* + b) + c} are then 2-d integrals over {@code (w, b)}, done on a fine grid; the
 * fit's joint draws (NUTS over {@code (w, b)}, the head drawn exactly) must match them within Monte Carlo error.
 */
class MarginalMeanHeadPosteriorTest {

    private static final double NOISE = 0.3;
    private static final double[] X = {-1.8, -1.1, -0.4, 0.3, 0.9, 1.7};
    private static final double[] Y = {-0.95, -0.85, -0.30, 0.35, 0.70, 1.05};
    private static final double[] X_STAR = {0.5, 3.0};

    private static BayesianModel model() {
        NetworkSpec spec = NetworkSpec.builder(1, 1).hidden(1).activation(Activation.TANH).heteroskedastic(false)
                .build();
        return new BayesianModel(new FeedForwardNetwork(spec), new NormalPrior(1.0),
                new HomoskedasticGaussian(new NoiseModel.Fixed(NOISE)));
    }

    /**
     * {@code [x*][E f, E f^2]} under the exact posterior: midpoint rule over {@code (w, b)} in {@code [-7, 7]^2}
     * (the N(0, 1) prior puts mass below 1e-11 outside), weights {@code N(w) N(b) N(y; 0, s^2 I + Phi Phi^T)}.
     */
    private static double[][] exactMoments() {
        int g = 400;
        double lo = -7;
        double h = 14.0 / g;
        int n = X.length;
        double[][] sums = new double[X_STAR.length][2];
        double total = 0;
        double logRef = Double.NaN;
        for (int a = 0; a < g; a++) {
            double w = lo + (a + 0.5) * h;
            for (int c = 0; c < g; c++) {
                double b = lo + (c + 0.5) * h;
                double[][] s = new double[n][n];
                double[] phi = new double[n];
                for (int i = 0; i < n; i++) {
                    phi[i] = Math.tanh(w * X[i] + b);
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        s[i][j] = phi[i] * phi[j] + 1.0 + (i == j ? NOISE * NOISE : 0.0);
                    }
                }
                CholeskyDecomposition chol = new CholeskyDecomposition(new Array2DRowRealMatrix(s, false));
                double[] sy = chol.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(Y))
                        .toArray();
                double quad = 0;
                for (int i = 0; i < n; i++) {
                    quad += Y[i] * sy[i];
                }
                double logW = -0.5 * (w * w + b * b) - 0.5 * Math.log(chol.getDeterminant()) - 0.5 * quad;
                if (Double.isNaN(logRef)) {
                    logRef = logW;
                }
                double weight = Math.exp(logW - logRef);
                // head posterior: Lambda = F^T F / s^2 + I, mean = Lambda^-1 F^T y / s^2, F = [phi, 1]
                double[][] lam = {{1, 0}, {0, 1}};
                double[] rhs = new double[2];
                for (int i = 0; i < n; i++) {
                    double[] f = {phi[i], 1.0};
                    for (int p = 0; p < 2; p++) {
                        rhs[p] += f[p] * Y[i] / (NOISE * NOISE);
                        for (int q = 0; q < 2; q++) {
                            lam[p][q] += f[p] * f[q] / (NOISE * NOISE);
                        }
                    }
                }
                RealMatrix cov = new CholeskyDecomposition(new Array2DRowRealMatrix(lam)).getSolver().getInverse();
                double[] mean = cov.operate(rhs);
                for (int k = 0; k < X_STAR.length; k++) {
                    double[] f = {Math.tanh(w * X_STAR[k] + b), 1.0};
                    double m = f[0] * mean[0] + f[1] * mean[1];
                    double v = cov.getEntry(0, 0) * f[0] * f[0] + 2 * cov.getEntry(0, 1) * f[0] + cov.getEntry(1, 1);
                    sums[k][0] += weight * m;
                    sums[k][1] += weight * (v + m * m);
                }
                total += weight;
            }
        }
        for (double[] s : sums) {
            s[0] /= total;
            s[1] /= total;
        }
        return sums;
    }

    @Test
    void jointDrawsHaveTheExactPosteriorMomentsOfThePredictiveMean() {
        BayesianModel model = model();
        McmcConfig config = McmcConfig.builder().numWarmup(500).numSamples(1000).numChains(4).seed(11).build();
        SamplePosterior post = new McmcInference(config, McmcInitialization.networkDefault(),
                McmcInference.Parameterization.MARGINAL_MEAN_HEAD)
                .fit(model, Dataset.of(X, Y, X.length, 1, 1), FitOptions.defaults().withStandardize(false));
        ParameterLayout layout = model.network().layout();
        int w = layout.hiddenWeightOffset(0);
        int b = layout.hiddenBiasOffset(0);
        int v = layout.meanWeightOffset();
        int c = layout.meanBiasOffset();
        double[][][] chains = post.chains();
        double[][] exact = exactMoments();
        for (int k = 0; k < X_STAR.length; k++) {
            double[][] f = new double[chains.length][chains[0].length];
            double[][] f2 = new double[chains.length][chains[0].length];
            for (int ch = 0; ch < chains.length; ch++) {
                for (int t = 0; t < chains[ch].length; t++) {
                    double[] th = chains[ch][t];
                    double val = th[v] * Math.tanh(th[w] * X_STAR[k] + th[b]) + th[c];
                    f[ch][t] = val;
                    f2[ch][t] = val * val;
                }
            }
            assertTrue(ConvergenceDiagnostics.splitRHat(f) < 1.01, "R-hat " + ConvergenceDiagnostics.splitRHat(f));
            check("E f(" + X_STAR[k] + ")", f, exact[k][0]);
            check("E f(" + X_STAR[k] + ")^2", f2, exact[k][1]);
        }
    }

    /**
     * The chains' mean equals {@code expected} within 4.5 Monte Carlo standard errors {@code sd / sqrt(ESS)} (mean
     * ESS, Vehtari et al. 2021): a false failure has probability below 1e-5 per check. The grid's error is far
     * smaller (the integrand is analytic and negligible at the edges).
     */
    private static void check(String what, double[][] draws, double expected) {
        double sum = 0;
        double sq = 0;
        int count = 0;
        for (double[] chain : draws) {
            for (double d : chain) {
                sum += d;
                sq += d * d;
                count++;
            }
        }
        double mean = sum / count;
        double sd = Math.sqrt(sq / count - mean * mean);
        double se = sd / Math.sqrt(ConvergenceDiagnostics.meanEss(draws));
        assertEquals(expected, mean, 4.5 * se, what + ": sd " + sd + ", se " + se);
    }
}
