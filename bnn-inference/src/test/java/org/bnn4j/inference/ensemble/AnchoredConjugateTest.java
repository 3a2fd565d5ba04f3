package org.bnn4j.inference.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.bnn4j.inference.ConjugateLinearRegression;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.internal.AnchoredPrior;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.ModelEvaluator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Anchored ensembles on Bayesian linear regression (no hidden layer, known noise sigma, prior N(0, s^2 I), so the
 * prior precision is Lambda = I / s^2): member m's MAP is {@code A^-1 (X^T y / sigma^2 + Lambda a_m)} with
 * {@code A = X^T X / sigma^2 + Lambda}; over anchors {@code a_m ~ N(0, Lambda^-1)} the members have the posterior
 * mean {@code A^-1 X^T y / sigma^2} and the covariance {@code A^-1 Lambda A^-1}, not the posterior's {@code A^-1}.
 */
class AnchoredConjugateTest {

    /** Members: enough that the Monte Carlo error of the moments is a few percent of them. */
    private static final int M = 400;
    /** Few rows and noise 1 so the prior's share of A is large and A^-1 Lambda A^-1 differs clearly from A^-1. */
    private static final ConjugateLinearRegression LR = new ConjugateLinearRegression(8, 2, 1.0, 1.0, 21);
    private static final FitOptions RAW = FitOptions.defaults().withStandardize(false);
    private static List<EnsembleMember> members;
    private static double lambdaMin;

    @BeforeAll
    static void fit() {
        EnsembleConfig c = EnsembleConfig.builder().members(M).anchored(true).seed(3).optimizer(
                OptimizerConfig.builder().learningRate(2e-2).epochs(3000).finalLearningRateFraction(0.01)
                        .decayFraction(0.5).build()).build();
        DeepEnsemble de = new DeepEnsemble(c);
        members = new java.util.ArrayList<>();
        for (int m = 0; m < M; m++) {
            members.add(de.fitMember(LR.model, LR.data, RAW, m));
        }
        lambdaMin = Double.POSITIVE_INFINITY;
        for (double e : new EigenDecomposition(LR.precision).getRealEigenvalues()) {
            lambdaMin = Math.min(lambdaMin, e);
        }
    }

    /** @return member m's closed-form MAP: mean + A^-1 Lambda a_m */
    private static double[] exact(EnsembleMember e) {
        double[] la = e.anchor().clone();
        for (int k = 0; k < la.length; k++) {
            la[k] /= LR.priorStd * LR.priorStd;
        }
        double[] shift = LR.covariance.operate(la);
        double[] out = LR.mean.clone();
        for (int k = 0; k < out.length; k++) {
            out[k] += shift[k];
        }
        return out;
    }

    /** @return the gradient norm of member e's anchored objective at its parameters */
    private static double gradientNorm(EnsembleMember e) {
        double[] theta = e.parameters();
        ModelEvaluator ev = LR.model.newEvaluator(1, LR.data.size());
        ev.setBatch(LR.data.xArray(), LR.data.yArray(), LR.data.size(), 1.0);
        double[] g = new double[theta.length];
        ev.logLikelihood(theta, 1, new double[1], g);
        AnchoredPrior.at(LR.model, e.anchor()).logDensity(theta, g);
        double s = 0;
        for (double v : g) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Test
    void everyMemberIsItsClosedFormAnchoredMap() {
        double worst = 0;
        for (EnsembleMember e : members) {
            double gNorm = gradientNorm(e);
            assertTrue(gNorm < 1e-3, "member " + e.index() + " did not converge: |grad| = " + gNorm);
            // The anchored objective is quadratic with Hessian A: |theta - exact|_2 <= |grad|_2 / lambda_min(A).
            double[] t = e.parameters();
            double[] x = exact(e);
            double d = 0;
            for (int k = 0; k < t.length; k++) {
                d += (t[k] - x[k]) * (t[k] - x[k]);
            }
            d = Math.sqrt(d);
            assertTrue(d <= gNorm / lambdaMin * (1 + 1e-9) + 1e-12, "member " + e.index() + ": |theta - exact| = " + d);
            worst = Math.max(worst, d);
        }
        assertTrue(worst < 1e-3, "worst distance to the closed form " + worst);
    }

    @Test
    void membersHaveThePosteriorMeanAndCovarianceAinvLambdaAinv() {
        int p = LR.mean.length;
        double[] mean = new double[p];
        for (EnsembleMember e : members) {
            double[] t = e.parameters();
            for (int k = 0; k < p; k++) {
                mean[k] += t[k] / M;
            }
        }
        double[][] cov = new double[p][p];
        for (EnsembleMember e : members) {
            double[] t = e.parameters();
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    cov[i][j] += (t[i] - mean[i]) * (t[j] - mean[j]) / (M - 1);
                }
            }
        }
        RealMatrix lambda = org.apache.commons.math3.linear.MatrixUtils.createRealIdentityMatrix(p)
                .scalarMultiply(1 / (LR.priorStd * LR.priorStd));
        RealMatrix c = LR.covariance.multiply(lambda).multiply(LR.covariance);
        // The members are i.i.d. N(m, C) up to an optimisation error below 1e-3 (the test above). Tolerances: 4
        // Monte Carlo standard errors, sqrt(C_kk / M) for a mean and sqrt((C_ii C_jj + C_ij^2) / M) for a
        // covariance entry (Gaussian), plus the optimisation error.
        for (int k = 0; k < p; k++) {
            double se = Math.sqrt(c.getEntry(k, k) / M);
            assertEquals(LR.mean[k], mean[k], 4 * se + 1e-3, "mean " + k);
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double se = Math.sqrt((c.getEntry(i, i) * c.getEntry(j, j) + c.getEntry(i, j) * c.getEntry(i, j)) / M);
                double tol = 4 * se + 2e-3 * Math.sqrt(c.getEntry(i, i) + c.getEntry(j, j));
                assertEquals(c.getEntry(i, j), cov[i][j], tol, "covariance " + i + "," + j);
                if (i == j) {
                    // power: the exact posterior's variance A^-1 is outside the tolerance, so this test tells
                    // anchored MAP (A^-1 Lambda A^-1) from exact sampling
                    assertTrue(Math.abs(LR.covariance.getEntry(i, i) - c.getEntry(i, i)) > 2 * tol,
                            "A^-1 and A^-1 Lambda A^-1 too close at " + i + " for this test to tell them apart");
                }
            }
        }
    }

    @Test
    void anchorsAreDrawsFromThePrior() {
        // each anchor coordinate ~ N(0, priorStd^2): over M * p draws the sample variance is priorStd^2 within
        // 4 standard errors sqrt(2 / (M p)) (relative)
        double s = 0;
        int n = 0;
        for (EnsembleMember e : members) {
            for (double a : e.anchor()) {
                s += a * a;
                n++;
            }
        }
        double v = s / n;
        assertEquals(LR.priorStd * LR.priorStd, v, 4 * Math.sqrt(2.0 / n) * LR.priorStd * LR.priorStd);
    }
}
