package org.bnn4j.inference.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The full-data log-likelihood evaluated in forward blocks is bit for bit the whole-batch evaluation a minibatch fit
 * made before (an evaluator over all rows of the standardised copy): every comparison is exact. The nets cover both
 * paths of the fused kernel (unit-major: one hidden layer with D = 1, 1-d and 8-d inputs, tanh and ReLU, with and
 * without a noise head; row-major: D = 2 and two hidden layers), and the sizes one row, one block, a block plus one
 * row and two blocks plus a partial tile, so block and tile boundaries fall everywhere. A block that computed a row
 * differently (from the wrong offset of a block, or with a stale row of the previous block) fails; so does a
 * likelihood summed per block and then added up (tried: four of the six cases with more than one block
 * differ in the last bits).
 */
class FullDataLikelihoodTest {

    private static BayesianModel model(String net) {
        return switch (net) {
            case "cluster" -> BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(50).build());
            case "uci" -> new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(8, 1).hidden(50)
                    .activation(Activation.RELU).heteroskedastic(false).build()), new NormalPrior(1.0),
                    new HomoskedasticGaussian(new NoiseModel.PointEstimate(0.3)));
            case "twoOutputs" -> BayesianModel.heteroskedastic(NetworkSpec.builder(3, 2).hidden(7).build());
            case "deep" -> BayesianModel.heteroskedastic(NetworkSpec.builder(2, 1).hidden(9, 5).build());
            default -> throw new IllegalArgumentException(net);
        };
    }

    private static Dataset data(int n, int in, int out, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * in];
        double[] y = new double[n * out];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 + 2 * rng.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = -1 + 0.5 * rng.nextGaussian();
        }
        return Dataset.of(x, y, n, in, out);
    }

    @ParameterizedTest
    @CsvSource({"cluster,1", "cluster,4096", "cluster,4097", "cluster,8321", "uci,4097", "uci,8321",
            "twoOutputs,4097", "deep,8321", "deep,130"})
    void blocksGiveTheWholeBatchValueBitForBit(String net, int n) {
        BayesianModel model = model(net);
        int in = model.network().spec().inDim();
        int out = model.network().spec().outDim();
        int size = n + n / 9 + 2;
        Dataset d = data(size, in, out, n);
        // a member's rows: all but every tenth, as a held-out split leaves them
        int[] rows = IntStream.range(0, size).filter(i -> i % 10 != 3).limit(n).toArray();
        Standardizer s = Standardizer.fit(d);
        Dataset z = s.transform(d).subset(rows);
        double[] theta = model.initialParameters(new SplittableRandom(5));
        ModelEvaluator whole = model.newEvaluator(1, n);
        whole.setBatch(z.xArray(), z.yArray(), n, 1.0);
        double expected = whole.logLikelihood(theta, 1, new double[1], null);

        TrainingData td = new TrainingData(model, d, s, rows, 512);
        FullDataLikelihood full = new FullDataLikelihood(model, td);
        assertEquals(expected, full.logLikelihood(theta), 0.0);
        assertEquals(expected, full.logLikelihood(theta), 0.0, "a second call reuses the buffers");
        // with the inputs held whole (one block larger than the workspace) the value is the same too
        td.x();
        assertEquals(expected, full.logLikelihood(theta), 0.0);
        // and another parameter vector: nothing of the first evaluation is left over
        double[] other = model.initialParameters(new SplittableRandom(6));
        double o = whole.logLikelihood(other, 1, new double[1], null);
        assertEquals(o, new FullDataLikelihood(model, new TrainingData(model, d, s, rows, 100)).logLikelihood(other),
                0.0);
    }
}
