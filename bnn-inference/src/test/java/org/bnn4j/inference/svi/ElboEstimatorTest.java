package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DegreesOfFreedom;
import org.bnn4j.model.HeteroskedasticStudentT;
import org.bnn4j.model.HomoskedasticStudentT;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/** Gradients of the ELBO estimator against finite differences (fixed noise), and the K-particle batch. */
class ElboEstimatorTest {

    private static final int B = 7;

    static BayesianModel hetero(Activation a) {
        return BayesianModel.heteroskedastic(NetworkSpec.builder(2, 2).hidden(4, 3).activation(a).build());
    }

    static BayesianModel homo(NoiseModel noise) {
        return new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(2, 2).hidden(5).heteroskedastic(false)
                .build()), new NormalPrior(0.7), new HomoskedasticGaussian(noise));
    }

    /**
     * Guide parameters at means ~ N(0, 0.6^2) with marginal std ~0.2, the unconstrained scales and point-estimated
     * parameters then perturbed by N(0, 0.5^2) and a correlated guide's other parameters by N(0, 0.1^2) (moderate
     * weights keep the loss, and so the finite differences' rounding error, small).
     */
    static double[] randomU(ElboEstimator est, SplittableRandom rng) {
        double[] u = new double[est.numParams()];
        double[] loc = new double[est.latent()];
        for (int j = 0; j < loc.length; j++) {
            loc[j] = 0.6 * rng.nextGaussian();
        }
        est.guide().init(loc, 0.2, rng, u);
        int l = est.latent();
        int g = est.guide().numParams();
        for (int j = 0; j < u.length; j++) {
            u[j] += (j < l ? 0.0 : j < 2 * l || j >= g ? 0.5 : 0.1) * rng.nextGaussian();
        }
        return u;
    }

    static void setData(ElboEstimator est, SplittableRandom rng) {
        double[] x = new double[B * 2];
        double[] y = new double[B * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
            y[i] = rng.nextGaussian();
        }
        est.setBatch(x, y, B, 3.0);
    }

    /**
     * Central differences with h = 1e-5 have truncation error O(h^2 f''') ~ 1e-10 and rounding error
     * O(delta / h), where delta, the error of one loss evaluation, is a few 1e-12 for losses of order 1e2 (sums over
     * the batch of log densities through the fast tanh, ~1e-15 relative each): ~1e-7. (With h = 1e-6 the rounding
     * term reached 4e-6 on a correlated guide's 373-sized loss, where h = 1e-4 agreed with the analytic gradient to
     * 2e-10.) 1e-6 relative (plus 1e-6 absolute) sits above both and far below any real gradient bug.
     */
    static void checkGradient(BayesianModel model, boolean lrt, int k, long seed) {
        checkGradient(model, Guide.meanField(), lrt, k, seed);
    }

    static void checkGradient(BayesianModel model, Guide guide, boolean lrt, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        ElboEstimator est = new ElboEstimator(model, guide, k, B, lrt);
        setData(est, rng);
        double[] u = randomU(est, rng);
        double[] noise = new double[est.noiseLength(B, k)];
        for (int j = 0; j < noise.length; j++) {
            noise[j] = rng.nextGaussian();
        }
        double w = 0.37;
        double[] grad = new double[u.length];
        est.evaluate(u, noise, k, w, grad);
        double h = 1e-5;
        for (int j = 0; j < u.length; j++) {
            double[] up = u.clone();
            double[] dn = u.clone();
            up[j] += h;
            dn[j] -= h;
            double fd = (est.evaluate(up, noise, k, w, null).loss() - est.evaluate(dn, noise, k, w, null).loss()) / (2 * h);
            assertEquals(fd, grad[j], 1e-6 * Math.abs(fd) + 1e-6, "d loss / d u[" + j + "] (lrt=" + lrt + ", " + guide + ")");
        }
    }

    @Test
    void localReparameterizationGradientMatchesFiniteDifferences() {
        checkGradient(hetero(Activation.TANH), true, 2, 1);
        checkGradient(hetero(Activation.RELU), true, 1, 2);
        checkGradient(homo(new NoiseModel.LogNormalPrior(-1, 0.5, 0.3)), true, 3, 3);
        checkGradient(homo(new NoiseModel.PointEstimate(0.3)), true, 2, 4);
        checkGradient(homo(new NoiseModel.Fixed(0.3)), true, 2, 5);
    }

    /**
     * One hidden layer takes the local reparameterization's unit-major path (the cluster net's shape, an odd unit
     * count with three particles, ReLU with heteroskedastic D = 2 heads on two inputs); two layers on a 1-d input
     * with D = 1 heads take the general loops' thin-layer forms (no length-1 loops).
     */
    @Test
    void localReparameterizationThinLayersGradientMatchesFiniteDifferences() {
        checkGradient(BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(5).build()), true, 2, 11);
        checkGradient(BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(7).build()), true, 3, 14);
        checkGradient(BayesianModel.heteroskedastic(NetworkSpec.builder(2, 2).hidden(5).activation(Activation.RELU)
                .build()), true, 2, 15);
        checkGradient(BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(4, 3).activation(Activation.RELU)
                .build()), true, 1, 12);
        checkGradient(new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(1, 1).hidden(6)
                .heteroskedastic(false).build()), new NormalPrior(0.7),
                new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(-1, 0.5, 0.3))), true, 3, 13);
    }

    @Test
    void weightSpaceGradientMatchesFiniteDifferences() {
        checkGradient(hetero(Activation.TANH), false, 3, 6);
        checkGradient(homo(new NoiseModel.LogNormalPrior(-1, 0.5, 0.3)), false, 2, 7);
        checkGradient(homo(new NoiseModel.PointEstimate(0.3)), false, 2, 8);
    }

    /**
     * The low-rank and full-rank guides sample weights (the local reparameterization is mean-field only, so asking
     * for it must fall back to weight space), with the latent log noise scale of a log-normal noise prior and a
     * point-estimated one beside the guide.
     */
    @Test
    void correlatedGuidesGradientMatchesFiniteDifferences() {
        for (Guide guide : java.util.List.of(Guide.lowRank(1), Guide.lowRank(4), Guide.fullRank())) {
            checkGradient(hetero(Activation.TANH), guide, false, 2, 21);
            checkGradient(hetero(Activation.RELU), guide, true, 1, 22);
            checkGradient(homo(new NoiseModel.LogNormalPrior(-1, 0.5, 0.3)), guide, false, 3, 23);
            checkGradient(homo(new NoiseModel.PointEstimate(0.3)), guide, true, 2, 24);
        }
        // rank = L: the 16 network parameters and the latent log noise scale
        BayesianModel small = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(2, 1).hidden(3)
                .heteroskedastic(false).build()), new NormalPrior(0.7),
                new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(-1, 0.5, 0.3)));
        checkGradient(small, Guide.lowRank(small.numParams()), false, 2, 25);
    }

    /**
     * Student-t likelihoods: a learned nu is a latent extra beside the weights (two latent extras with a log-normal
     * noise prior, one latent and one point-estimated with a point-estimated noise), in the local reparameterization,
     * in weight space and with a low-rank guide.
     */
    @Test
    void studentTGradientMatchesFiniteDifferences() {
        BayesianModel twoLatent = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(2, 2).hidden(5)
                .heteroskedastic(false).build()), new NormalPrior(0.7), new HomoskedasticStudentT(
                new NoiseModel.LogNormalPrior(-1, 0.5, 0.3), DegreesOfFreedom.learned()));
        BayesianModel latentAndPoint = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(2, 2).hidden(5)
                .heteroskedastic(false).build()), new NormalPrior(0.7), new HomoskedasticStudentT(
                new NoiseModel.PointEstimate(0.3), new DegreesOfFreedom.LogNormalPrior(Math.log(4), 0.5, 3)));
        BayesianModel hetero = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(1, 1).hidden(6).build()),
                new NormalPrior(0.7), new HeteroskedasticStudentT(DegreesOfFreedom.learned()));
        BayesianModel fixed = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(2, 2).hidden(4, 3)
                .build()), new NormalPrior(0.7), new HeteroskedasticStudentT(new DegreesOfFreedom.Fixed(2.5)));
        for (boolean lrt : new boolean[] {true, false}) {
            checkGradient(twoLatent, lrt, 3, 31);
            checkGradient(latentAndPoint, lrt, 2, 32);
            checkGradient(hetero, lrt, 2, 33);
            checkGradient(fixed, lrt, 2, 34);
        }
        checkGradient(twoLatent, Guide.lowRank(3), false, 2, 35);
        checkGradient(latentAndPoint, Guide.fullRank(), false, 2, 36);
    }

    @Test
    void kParticleBatchEqualsKSingleEvaluations() {
        for (boolean lrt : new boolean[] {false, true}) {
            BayesianModel model = hetero(Activation.TANH);
            int k = 4;
            SplittableRandom rng = new SplittableRandom(9);
            ElboEstimator batch = new ElboEstimator(model, Guide.meanField(), k, B, lrt);
            ElboEstimator single = new ElboEstimator(model, Guide.meanField(), 1, B, lrt);
            double[] x = new double[B * 2];
            double[] y = new double[B * 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
                y[i] = rng.nextGaussian();
            }
            batch.setBatch(x, y, B, 2.0);
            single.setBatch(x, y, B, 2.0);
            double[] u = randomU(batch, rng);
            int per = batch.noiseLength(B, 1);
            double[] noise = new double[batch.noiseLength(B, k)];
            for (int j = 0; j < noise.length; j++) {
                noise[j] = rng.nextGaussian();
            }
            double[] g = new double[u.length];
            ElboEstimator.Terms t = batch.evaluate(u, noise, k, 0.5, g);
            double[] gSum = new double[u.length];
            double llSum = 0;
            for (int s = 0; s < k; s++) {
                double[] ns = java.util.Arrays.copyOfRange(noise, s * per, (s + 1) * per);
                double[] gs = new double[u.length];
                llSum += single.evaluate(u, ns, 1, 0.5, gs).expectedLogLik();
                for (int j = 0; j < u.length; j++) {
                    gSum[j] += gs[j] / k;
                }
            }
            // identical arithmetic up to summation order: relative 1e-12
            assertEquals(llSum / k, t.expectedLogLik(), 1e-12 * Math.abs(llSum));
            for (int j = 0; j < u.length; j++) {
                assertEquals(gSum[j], g[j], 1e-12 * (1 + Math.abs(gSum[j])), "grad " + j + " lrt=" + lrt);
            }
        }
    }
}
