package org.bnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelPreconditionsTest {

    private static final NetworkSpec HETERO = NetworkSpec.builder(2, 1).hidden(3).build();
    private static final NetworkSpec HOMO = NetworkSpec.builder(2, 1).hidden(3).heteroskedastic(false).build();

    @Test
    void likelihoodMustMatchTheHeads() {
        FeedForwardNetwork het = new FeedForwardNetwork(HETERO);
        FeedForwardNetwork hom = new FeedForwardNetwork(HOMO);
        NormalPrior prior = new NormalPrior(1);
        assertThrows(IllegalArgumentException.class,
                () -> new BayesianModel(het, prior, new HomoskedasticGaussian(new NoiseModel.Fixed(1))));
        assertThrows(IllegalArgumentException.class, () -> new BayesianModel(hom, prior, new HeteroskedasticGaussian()));
        assertThrows(NullPointerException.class, () -> new BayesianModel(het, null, new HeteroskedasticGaussian()));
    }

    @Test
    void noiseModelsValidate() {
        assertThrows(IllegalArgumentException.class, () -> new NoiseModel.Fixed(0));
        assertThrows(IllegalArgumentException.class, () -> new NoiseModel.Fixed(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new NoiseModel.PointEstimate(-1));
        assertThrows(IllegalArgumentException.class, () -> new NoiseModel.LogNormalPrior(Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new NoiseModel.LogNormalPrior(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new NoiseModel.LogNormalPrior(0, 1, 0));
        assertThrows(NullPointerException.class, () -> new HomoskedasticGaussian(null));
    }

    @Test
    void dataAndParametersMustMatchTheModel() {
        BayesianModel model = BayesianModel.heteroskedastic(HETERO);
        Dataset wrongInputs = Dataset.of(new double[] {1, 2, 3}, new double[] {1}, 1, 3, 1);
        INDArray params = model.network().initParameters(2, new SplittableRandom(1));
        assertThrows(IllegalArgumentException.class, () -> model.logJoint(params, wrongInputs));
        Dataset ok = Dataset.of(new double[] {1, 2}, new double[] {1}, 1, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> model.logJoint(Nd4j.zeros(2, 5), ok));
        ModelEvaluator ev = model.newEvaluator(1, 4);
        assertThrows(IllegalStateException.class, () -> ev.forward(new double[model.numParams()], 1));
        assertThrows(IllegalArgumentException.class, () -> ev.setBatch(new double[10], new double[5], 5, 1.0));
        assertThrows(IllegalArgumentException.class, () -> ev.setBatch(new double[2], new double[1], 1, 0.0));
    }

    @Test
    void inputsAreNotMutatedAndTheIndArrayApiAgreesWithTheEvaluator() {
        BayesianModel model = BayesianModel.heteroskedastic(HETERO);
        INDArray params = model.network().initParameters(3, new SplittableRandom(2));
        INDArray before = params.dup();
        Dataset data = Dataset.of(new double[] {0.1, 0.2, -0.3, 0.4}, new double[] {0.5, -0.5}, 2, 2, 1);
        INDArray lp = model.logJoint(params, data);
        INDArray grad = model.logJointGradient(params, data);
        assertEquals(before, params);
        ModelEvaluator ev = model.newEvaluator(3, 2);
        ev.setBatch(data.xArray(), data.yArray(), 2, 1.0);
        double[] out = new double[3];
        double[] g = new double[3 * model.numParams()];
        ev.logJoint(params.dup('c').data().asDouble(), 3, out, g);
        assertArrayEquals(out, lp.toDoubleVector(), 0.0);
        assertArrayEquals(g, grad.dup('c').data().asDouble(), 0.0);
    }
}
