package org.bnn4j.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.bnn4j.inference.mcmc.LogDensity;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.LayerwiseNormalPrior;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * Known answers of the marginal over all but the mean head, against the model's own joint density: the value is
 * {@code log integral p(theta, beta, y) d beta}, computed here independently by Newton's method and the Laplace
 * formula on the joint (both exact for a density Gaussian in {@code beta}).
 */
class MarginalMeanHeadTest {

    private static final int N = 9;
    private static final int IN = 2;

    private static BayesianModel model(Activation act, boolean hetero, NoiseModel noise) {
        NetworkSpec spec = NetworkSpec.builder(IN, 1).hidden(3).activation(act).heteroskedastic(hetero).build();
        return new BayesianModel(new FeedForwardNetwork(spec), new LayerwiseNormalPrior(2),
                hetero ? new HeteroskedasticGaussian() : new HomoskedasticGaussian(noise));
    }

    private static BayesianModel[] models() {
        return new BayesianModel[] {
            model(Activation.TANH, true, null),
            model(Activation.RELU, true, null),
            model(Activation.TANH, false, new NoiseModel.LogNormalPrior(Math.log(0.3), 1.0, 0.3)),
            model(Activation.TANH, false, new NoiseModel.PointEstimate(0.3)),
            model(Activation.TANH, false, new NoiseModel.Fixed(0.2))};
    }

    private static double[] x() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] x = new double[N * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * rng.nextDouble() - 1;
        }
        return x;
    }

    private static double[] y(double[] x) {
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = Math.sin(2 * x[i * IN]) + 0.3 * x[i * IN + 1] + 0.05 * Math.cos(17 * i);
        }
        return y;
    }

    /** The joint at the full vector {@code rest + beta}, with its gradient in {@code grad}. */
    private static double joint(ModelEvaluator ev, MarginalMeanHead m, double[] rest, double[] beta, double[] grad) {
        double[] full = new double[m.model().numParams()];
        int[] idx = m.restIndices();
        for (int r = 0; r < idx.length; r++) {
            full[idx[r]] = rest[r];
        }
        System.arraycopy(beta, 0, full, m.meanOffset(), beta.length);
        return ev.logJoint(full, 1, new double[1], grad);
    }

    /** {@code [beta*, -H]} of the joint in beta: Newton's step from 0 and the central-difference Hessian. */
    private static double[][] laplace(ModelEvaluator ev, MarginalMeanHead m, double[] rest, double[] betaOut) {
        int k = m.hidden() + 1;
        int off = m.meanOffset();
        int p = m.model().numParams();
        double[] g0 = new double[p];
        joint(ev, m, rest, new double[k], g0);
        double[][] negH = new double[k][k];
        double h = 1e-3; // the joint is quadratic in beta: central differences are exact up to rounding
        for (int b = 0; b < k; b++) {
            double[] bp = new double[k];
            double[] bm = new double[k];
            bp[b] = h;
            bm[b] = -h;
            double[] gp = new double[p];
            double[] gm = new double[p];
            joint(ev, m, rest, bp, gp);
            joint(ev, m, rest, bm, gm);
            for (int a = 0; a < k; a++) {
                negH[a][b] = -(gp[off + a] - gm[off + a]) / (2 * h);
            }
        }
        RealMatrix nh = new Array2DRowRealMatrix(negH);
        nh = nh.add(nh.transpose()).scalarMultiply(0.5);
        double[] g = new double[k];
        System.arraycopy(g0, off, g, 0, k);
        double[] step = new CholeskyDecomposition(nh).getSolver().solve(new org.apache.commons.math3.linear
                .ArrayRealVector(g)).toArray();
        System.arraycopy(step, 0, betaOut, 0, k); // beta* = 0 + (-H)^-1 g
        return nh.getData();
    }

    @Test
    void valueIsTheJointIntegratedOverTheMeanHead() {
        double[] x = x();
        double[] y = y(x);
        for (BayesianModel model : models()) {
            MarginalMeanHead m = new MarginalMeanHead(model, x, y, N);
            ModelEvaluator ev = model.newEvaluator(1, N);
            ev.setBatch(x, y, N, 1.0);
            LogDensity d = m.newDensity();
            SplittableRandom rng = new SplittableRandom(2);
            for (int t = 0; t < 3; t++) {
                double[] rest = m.rest(model.initialParameters(rng));
                int k = m.hidden() + 1;
                double[] beta = new double[k];
                double[][] negH = laplace(ev, m, rest, beta);
                double logDet = Math.log(new CholeskyDecomposition(new Array2DRowRealMatrix(negH)).getDeterminant());
                double expected = joint(ev, m, rest, beta, new double[model.numParams()])
                        + 0.5 * k * Math.log(2 * Math.PI) - 0.5 * logDet;
                double value = d.logDensityAndGradient(rest, new double[rest.length]);
                // the Hessian by differences of the analytic gradient carries relative errors ~1e-16 |g| / 1e-3,
                // so log det is off by ~1e-11 per entry; 1e-7 covers it and any larger error in the formula
                assertEquals(expected, value, 1e-7 * Math.max(1, Math.abs(expected)), model.toString());
            }
        }
    }

    @Test
    void gradientMatchesCentralDifferences() {
        double[] x = x();
        double[] y = y(x);
        for (BayesianModel model : models()) {
            MarginalMeanHead m = new MarginalMeanHead(model, x, y, N);
            LogDensity d = m.newDensity();
            double[] rest = m.rest(model.initialParameters(new SplittableRandom(3)));
            double[] g = new double[rest.length];
            d.logDensityAndGradient(rest, g);
            for (int j = 0; j < rest.length; j++) {
                double h = 1e-6;
                double[] up = rest.clone();
                double[] dn = rest.clone();
                up[j] += h;
                dn[j] -= h;
                double fd = (d.logDensityAndGradient(up, new double[rest.length])
                        - d.logDensityAndGradient(dn, new double[rest.length])) / (2 * h);
                // truncation h^2 f''' / 6 ~ 1e-12 and rounding ~1e-16 |f| / h ~ 1e-9 for |f| ~ 10: 1e-6 relative
                assertEquals(fd, g[j], 1e-6 * Math.max(1, Math.abs(fd)), model + " coordinate " + j);
            }
        }
    }

    @Test
    void headDrawsHaveTheConditionalMeanAndCovariance() {
        // beta = m + R^-T z: z = 0 gives the conditional mean; z = e_a gives m + (column a of R^-T), and the sum of
        // the outer products of those columns is the conditional covariance Lambda^-1 = (-H)^-1.
        double[] x = x();
        double[] y = y(x);
        BayesianModel model = models()[0];
        MarginalMeanHead m = new MarginalMeanHead(model, x, y, N);
        ModelEvaluator ev = model.newEvaluator(1, N);
        ev.setBatch(x, y, N, 1.0);
        double[] rest = m.rest(model.initialParameters(new SplittableRandom(4)));
        int k = m.hidden() + 1;
        double[] betaStar = new double[k];
        double[][] cov = new CholeskyDecomposition(new Array2DRowRealMatrix(laplace(ev, m, rest, betaStar)))
                .getSolver().getInverse().getData();
        LogDensity d = m.newDensity();
        double[] mean = m.complete(rest, d, scripted(-1));
        double[] head = java.util.Arrays.copyOfRange(mean, m.meanOffset(), m.meanOffset() + k);
        assertArrayEquals(betaStar, head, 1e-8);
        double[][] outer = new double[k][k];
        for (int a = 0; a < k; a++) {
            double[] b = m.complete(rest, d, scripted(a));
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    outer[i][j] += (b[m.meanOffset() + i] - head[i]) * (b[m.meanOffset() + j] - head[j]);
                }
            }
        }
        for (int i = 0; i < k; i++) {
            // relative to the variances, as above the Hessian by differences is good to ~1e-10
            assertArrayEquals(cov[i], outer[i], 1e-7 * Math.max(1, cov[i][i]), "row " + i);
        }
        // the other parameters are kept as they are
        assertArrayEquals(rest, m.rest(mean), 0.0);
    }

    /** Normals that are all 0, except 1 at draw {@code one} (0-based). */
    private static RandomGenerator scripted(int one) {
        return new RandomGenerator() {
            private int count;

            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextGaussian() {
                return count++ == one ? 1.0 : 0.0;
            }
        };
    }

    @Test
    void onlyOneHiddenLayerAndOneOutputAreSupported() {
        NetworkSpec deep = NetworkSpec.builder(1, 1).hidden(3, 3).build();
        NetworkSpec twoOut = NetworkSpec.builder(1, 2).hidden(3).build();
        for (NetworkSpec s : new NetworkSpec[] {deep, twoOut}) {
            BayesianModel model = new BayesianModel(new FeedForwardNetwork(s), new NormalPrior(1),
                    new HeteroskedasticGaussian());
            assertFalse(MarginalMeanHead.supports(model));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> McmcInference.Parameterization.MARGINAL_MEAN_HEAD.marginal(model));
            assertTrue(e.getMessage().contains("Parameterization.FULL"), e.getMessage());
            assertFalse(McmcInference.Parameterization.AUTO.marginal(model));
        }
        assertTrue(McmcInference.Parameterization.AUTO.marginal(models()[0]));
        assertFalse(McmcInference.Parameterization.FULL.marginal(models()[0]));
    }
}
