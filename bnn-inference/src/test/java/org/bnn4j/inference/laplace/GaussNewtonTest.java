package org.bnn4j.inference.laplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Gauss-Newton / Fisher curvature against finite differences of the log-likelihood gradient. The Hessian of a
 * point's Gaussian NLL is {@code J' H_out J + sum_o (dNLL/do) Hess(o)}; with the target at {@code y = m + c s} the
 * output gradient is {@code (-c/s, (1 - c^2)/s)} in (m, s) and the output Hessian
 * {@code [[1/s^2, 2c/s^2], [2c/s^2, (3c^2 - 1)/s^2]]}, so averaging the exact Hessians at c = +1 and c = -1 cancels
 * every residual term and leaves exactly {@code J' diag(1/s^2, 2/s^2) J}: the Fisher. (For the raw scale,
 * {@code dNLL/dr = s' dNLL/ds} vanishes at c = +-1 and the {@code s''} term with it.) A learned {@code log s} gets
 * {@code d2/du2 = 2 z^2 = 2} per point and a cross term {@code 2c/s} with the mean that cancels in the average.
 *
 * <p>Tolerance: central differences of the analytic gradient with h = 1e-5 have truncation error O(h^2 |g'''|)
 * ~ 1e-9 here and rounding error ~ eps |g| / h ~ 1e-16 * 100 / 1e-5 = 1e-9; we require
 * {@code |G - fd| <= 1e-6 max(1, max |G|)}, three orders above both.
 */
class GaussNewtonTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(2, 2).hidden(5, 4).build()),
                        new NormalPrior(1), new HeteroskedasticGaussian()), 6),
                Arguments.of(new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(1, 1).hidden(6).build()),
                        new NormalPrior(1), new HeteroskedasticGaussian()), 9),
                Arguments.of(new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(2, 1).hidden(6)
                        .heteroskedastic(false).build()), new NormalPrior(1),
                        new HomoskedasticGaussian(new NoiseModel.PointEstimate(0.3))), 7),
                Arguments.of(new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(3, 2).hidden(5)
                        .activation(Activation.RELU).heteroskedastic(false).build()), new NormalPrior(1),
                        new HomoskedasticGaussian(new NoiseModel.Fixed(0.4))), 5));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void curvatureIsTheAverageHessianAtResidualsPlusMinusOneScale(BayesianModel model, int n) {
        SplittableRandom rng = new SplittableRandom(23);
        double[] theta = model.initialParameters(rng);
        for (int k = 0; k < model.numNetworkParams(); k++) {
            theta[k] *= 1.5;
        }
        int in = model.network().spec().inDim();
        int d = model.network().spec().outDim();
        double[] x = new double[n * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1.5 * rng.nextGaussian();
        }
        int stride = model.numParams();
        int p = model.numNetworkParams();
        double[] avg = new double[stride * stride];
        for (double c : new double[] {1.0, -1.0}) {
            double[] y = targets(model, theta, x, n, c);
            double[] h = finiteDifferenceHessian(model, theta, x, y, n);
            for (int k = 0; k < avg.length; k++) {
                avg[k] += 0.5 * h[k];
            }
        }
        OutputJacobian jac = new OutputJacobian(model.network().spec(), CurvatureStructure.FULL);
        GaussNewton.Result g = GaussNewton.compute(model, jac, theta, x, targets(model, theta, x, n, 1.0), n);
        double scale = 1.0;
        for (double v : g.matrix()) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                worst = Math.max(worst, Math.abs(g.matrix()[i * p + j] - avg[i * stride + j]));
            }
        }
        assertTrue(worst <= 1e-6 * scale, "worst |G - fd| " + worst + " against max |G| " + scale);
        if (stride > p) { // the learned log noise scale: Fisher 2 per point and output, no cross term
            assertEquals(2.0 * n * d, g.noiseFisher(), 0.0);
            assertEquals(g.noiseFisher(), avg[p * stride + p], 1e-6 * g.noiseFisher());
            for (int j = 0; j < p; j++) {
                assertEquals(0.0, avg[p * stride + j], 1e-6 * scale, "cross term " + j);
            }
        } else {
            assertEquals(0.0, g.noiseFisher(), 0.0);
        }
        // the last-layer curvature is the heads' block of the full one (same Jacobian columns)
        OutputJacobian last = new OutputJacobian(model.network().spec(), CurvatureStructure.LAST_LAYER);
        GaussNewton.Result gl = GaussNewton.compute(model, last, theta, x, targets(model, theta, x, n, 1.0), n);
        int f = last.first();
        int q = last.size();
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                assertEquals(g.matrix()[(f + i) * p + f + j], gl.matrix()[i * q + j], 1e-12 * scale);
            }
        }
    }

    /** {@code y = m + c s} at theta, per point and output. */
    /**
     * A Student-t's curvature is its Fisher in the outputs: {@code (nu+1)/((nu+3) s^2)} per point in the mean
     * (Lange, Little &amp; Taylor 1989), so with a fixed noise scale it is the Gaussian's times {@code (nu+1)/(nu+3)}
     * at the same parameters, and with a learned log s its Fisher is {@code 2 nu/(nu+3)} per point. Identical
     * arithmetic up to one multiplication per row: 1e-14 relative.
     */
    @org.junit.jupiter.api.Test
    void studentTCurvatureIsTheGaussiansScaledByItsFisher() {
        double nu = 3.5;
        double factor = (nu + 1) / (nu + 3);
        NetworkSpec spec = NetworkSpec.builder(2, 1).hidden(6).heteroskedastic(false).build();
        BayesianModel gauss = new BayesianModel(new FeedForwardNetwork(spec), new NormalPrior(1),
                new HomoskedasticGaussian(new NoiseModel.Fixed(0.4)));
        BayesianModel t = new BayesianModel(new FeedForwardNetwork(spec), new NormalPrior(1),
                new org.bnn4j.model.HomoskedasticStudentT(new NoiseModel.Fixed(0.4),
                        new org.bnn4j.model.DegreesOfFreedom.Fixed(nu)));
        SplittableRandom rng = new SplittableRandom(5);
        double[] theta = gauss.initialParameters(rng);
        int n = 9;
        double[] x = new double[n * 2];
        double[] y = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextGaussian();
        }
        OutputJacobian jac = new OutputJacobian(spec, CurvatureStructure.FULL);
        double[] gg = GaussNewton.compute(gauss, jac, theta, x, y, n).matrix();
        double[] gt = GaussNewton.compute(t, jac, theta, x, y, n).matrix();
        for (int k = 0; k < gg.length; k++) {
            assertEquals(factor * gg[k], gt[k], 1e-14 * (Math.abs(gg[k]) + 1e-300), "entry " + k);
        }
        BayesianModel learned = new BayesianModel(new FeedForwardNetwork(spec), new NormalPrior(1),
                new org.bnn4j.model.HomoskedasticStudentT(new NoiseModel.PointEstimate(0.4),
                        new org.bnn4j.model.DegreesOfFreedom.Fixed(nu)));
        double[] withNoise = java.util.Arrays.copyOf(theta, learned.numParams());
        withNoise[theta.length] = Math.log(0.4);
        assertEquals(2 * nu / (nu + 3) * n, GaussNewton.compute(learned, jac, withNoise, x, y, n).noiseFisher(),
                1e-13 * n);
    }

    private static double[] targets(BayesianModel model, double[] theta, double[] x, int n, double c) {
        ModelEvaluator ev = model.newEvaluator(1, n);
        int d = model.network().spec().outDim();
        ev.setBatch(x, new double[n * d], n, 1.0);
        ev.forward(theta, 1);
        Likelihood lik = model.likelihood();
        double[] y = new double[n * d];
        for (int k = 0; k < n * d; k++) {
            double s = lik.heteroskedastic() ? ev.scale()[k] : lik.noiseScale(theta, model.numNetworkParams());
            y[k] = ev.mean()[k] + c * s;
        }
        return y;
    }

    /** {@code -d2 log p(y | x, theta)} by central differences of the analytic gradient, {@code [stride, stride]}. */
    private static double[] finiteDifferenceHessian(BayesianModel model, double[] theta, double[] x, double[] y,
                                                    int n) {
        int stride = model.numParams();
        ModelEvaluator ev = model.newEvaluator(1, n);
        ev.setBatch(x, y, n, 1.0);
        double[] out = new double[1];
        double[] gp = new double[stride];
        double[] gm = new double[stride];
        double[] t = theta.clone();
        double h = 1e-5;
        double[] hess = new double[stride * stride];
        for (int k = 0; k < stride; k++) {
            t[k] = theta[k] + h;
            ev.logLikelihood(t, 1, out, gp);
            t[k] = theta[k] - h;
            ev.logLikelihood(t, 1, out, gm);
            t[k] = theta[k];
            for (int j = 0; j < stride; j++) {
                hess[j * stride + k] = -(gp[j] - gm[j]) / (2 * h);
            }
        }
        return hess;
    }
}
