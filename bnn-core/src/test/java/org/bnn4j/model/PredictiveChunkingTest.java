package org.bnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Test;

/** Chunked evaluation in {@link BayesianModel#predictive} gives exactly the per-sample results. */
class PredictiveChunkingTest {

    private static void check(BayesianModel model) {
        SplittableRandom rng = new SplittableRandom(3);
        int n = BayesianModel.PREDICT_CHUNK * 2 + 3;
        int p = model.numParams();
        int b = 17;
        double[] params = new double[n * p];
        for (int s = 0; s < n; s++) {
            System.arraycopy(model.initialParameters(rng), 0, params, s * p, p);
            if (p > model.numNetworkParams()) {
                params[s * p + p - 1] = Math.log(0.1 + s * 0.01); // distinct noise scale per sample
            }
        }
        double[] x = new double[b * model.network().spec().inDim()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        PredictiveDistribution all = model.predictive(params, n, x, b);
        double[] mean = all.sampleMeans().dup('c').data().asDouble();
        double[] scale = all.sampleScales().dup('c').data().asDouble();
        int per = b * model.network().spec().outDim();
        for (int s = 0; s < n; s++) {
            PredictiveDistribution one = model.predictive(java.util.Arrays.copyOfRange(params, s * p, (s + 1) * p), 1,
                    x, b);
            assertArrayEquals(one.sampleMeans().dup('c').data().asDouble(),
                    java.util.Arrays.copyOfRange(mean, s * per, (s + 1) * per), 0.0);
            assertArrayEquals(one.sampleScales().dup('c').data().asDouble(),
                    java.util.Arrays.copyOfRange(scale, s * per, (s + 1) * per), 0.0);
        }
    }

    @Test
    void heteroskedastic() {
        check(BayesianModel.heteroskedastic(NetworkSpec.builder(2, 2).hidden(6).build()));
    }

    @Test
    void homoskedasticWithLearnedNoise() {
        check(new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(1, 1).hidden(5).heteroskedastic(false)
                .build()), new NormalPrior(1), new HomoskedasticGaussian(new NoiseModel.PointEstimate(0.2))));
    }
}
