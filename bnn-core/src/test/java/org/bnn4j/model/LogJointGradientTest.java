package org.bnn4j.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ScaleTransform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Central finite differences of the log joint against the hand-written backward pass, float64, for the Gaussian
 * and Student-t likelihoods (the t's gradients in its degrees of freedom and noise scale included).
 *
 * <p>Tolerance: central differences with step h have truncation error O(h^2 f''') ~ 1e-10 relative and
 * rounding error ~ eps |f| / h ~ 1e-16 * 1e3 / 1e-5 = 1e-8 absolute; we compare with relative error
 * |g - fd| / max(1, |g|, |fd|) <= 1e-6 as the issue requires, which leaves two orders of margin.
 */
class LogJointGradientTest {

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(NetworkSpec.builder(1, 1).hidden(50).build(), new HeteroskedasticGaussian()),
                Arguments.of(NetworkSpec.builder(3, 2).hidden(7, 5).activation(Activation.RELU).build(),
                        new HeteroskedasticGaussian()),
                Arguments.of(NetworkSpec.builder(2, 2).hidden(6, 4, 3).build(), new HeteroskedasticGaussian()),
                Arguments.of(NetworkSpec.builder(2, 1).hidden(8).scaleTransform(new ScaleTransform.Clamp(0.05, 5))
                        .build(), new HeteroskedasticGaussian()),
                Arguments.of(NetworkSpec.builder(3, 2).hidden(6, 4).heteroskedastic(false).build(),
                        new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(Math.log(0.3), 1.0, 0.5))),
                Arguments.of(NetworkSpec.builder(2, 1).hidden(5).heteroskedastic(false).build(),
                        new HomoskedasticGaussian(new NoiseModel.PointEstimate(0.7))),
                Arguments.of(NetworkSpec.builder(2, 1).heteroskedastic(false).build(),
                        new HomoskedasticGaussian(new NoiseModel.Fixed(0.4))),
                Arguments.of(NetworkSpec.builder(1, 1).hidden(50).build(),
                        new HeteroskedasticStudentT(new DegreesOfFreedom.Fixed(3))),
                Arguments.of(NetworkSpec.builder(3, 2).hidden(7, 5).activation(Activation.RELU).build(),
                        new HeteroskedasticStudentT(new DegreesOfFreedom.LogNormalPrior(Math.log(4), 0.7, 2.5))),
                Arguments.of(NetworkSpec.builder(3, 2).hidden(6, 4).heteroskedastic(false).build(),
                        new HomoskedasticStudentT(new NoiseModel.LogNormalPrior(Math.log(0.3), 1.0, 0.5),
                                DegreesOfFreedom.learned())),
                Arguments.of(NetworkSpec.builder(2, 1).hidden(5).heteroskedastic(false).build(),
                        new HomoskedasticStudentT(new NoiseModel.PointEstimate(0.7), DegreesOfFreedom.learned())),
                Arguments.of(NetworkSpec.builder(2, 1).hidden(5).heteroskedastic(false).build(),
                        new HomoskedasticStudentT(new NoiseModel.PointEstimate(0.7), new DegreesOfFreedom.Fixed(1.5))),
                Arguments.of(NetworkSpec.builder(2, 1).heteroskedastic(false).build(),
                        new HomoskedasticStudentT(new NoiseModel.Fixed(0.4), DegreesOfFreedom.learned())));
    }

    @ParameterizedTest
    @MethodSource("models")
    void gradientMatchesFiniteDifferences(NetworkSpec spec, Likelihood lik) {
        BayesianModel model = new BayesianModel(new FeedForwardNetwork(spec, KernelType.FUSED_CPU, DataType.DOUBLE),
                new LayerwiseNormalPrior(1.3), lik);
        SplittableRandom rng = new SplittableRandom(42);
        int n = 3;
        int b = 11;
        int p = model.numParams();
        double[] theta = new double[n * p];
        for (int s = 0; s < n; s++) {
            double[] t = model.initialParameters(rng);
            for (int k = 0; k < p; k++) {
                theta[s * p + k] = t[k] * 2 + 0.1 * rng.nextGaussian();
            }
        }
        double[] x = new double[b * spec.inDim()];
        double[] y = new double[b * spec.outDim()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextGaussian();
        }
        ModelEvaluator ev = model.newEvaluator(n, b);
        ev.setBatch(x, y, b, 2.5);
        double[] out = new double[n];
        double[] grad = new double[n * p];
        ev.logJoint(theta, n, out, grad);
        double h = 1e-5;
        double worst = 0;
        double[] plus = new double[n];
        double[] minus = new double[n];
        for (int k = 0; k < n * p; k++) {
            double keep = theta[k];
            theta[k] = keep + h;
            ev.logJoint(theta, n, plus, null);
            theta[k] = keep - h;
            ev.logJoint(theta, n, minus, null);
            theta[k] = keep;
            int s = k / p;
            double fd = (plus[s] - minus[s]) / (2 * h);
            double err = Math.abs(fd - grad[k]) / Math.max(1.0, Math.max(Math.abs(fd), Math.abs(grad[k])));
            worst = Math.max(worst, err);
        }
        assertTrue(worst <= 1e-6, "worst relative gradient error " + worst + " for " + spec);
    }
}
