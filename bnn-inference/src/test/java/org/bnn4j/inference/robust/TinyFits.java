package org.bnn4j.inference.robust;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.McmcInference;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.ensemble.DeepEnsemble;
import org.bnn4j.inference.ensemble.EnsembleConfig;
import org.bnn4j.inference.laplace.Laplace;
import org.bnn4j.inference.laplace.LaplaceConfig;
import org.bnn4j.inference.mcmc.Algorithm;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.MaximumLikelihood;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Tiny, fast fits of every inference method on a small synthetic 2-input problem, and digests of predictions. */
public final class TinyFits {

    /** Number of training points. */
    public static final int N = 60;

    private TinyFits() {
    }

    /**
     * @param seed data seed
     * @return {@code y = sin(x1) + 0.5 x2 + 0.1 eps}, x uniform on [-2, 2]^2, {@link #N} points
     */
    public static Dataset data(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[N * 2];
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            x[2 * i] = 4 * r.nextDouble() - 2;
            x[2 * i + 1] = 4 * r.nextDouble() - 2;
            y[i] = Math.sin(x[2 * i]) + 0.5 * x[2 * i + 1] + 0.1 * r.nextGaussian();
        }
        return Dataset.of(x, y, N, 2, 1);
    }

    /** @return a 2-8-1 heteroskedastic tanh model */
    public static BayesianModel model() {
        return BayesianModel.heteroskedastic(NetworkSpec.builder(2, 1).hidden(8).build());
    }

    /** @return 5 test inputs {@code [5, 2]} */
    public static INDArray testX() {
        return Nd4j.create(new double[] {-3, 1, -1, 0.5, 0, 0, 1.5, -1, 4, 2}, new long[] {5, 2}, DataType.DOUBLE);
    }

    /**
     * @param name mle, map, svi, nuts, laplace or ensemble
     * @param seed the method's seed
     * @return the method with a tiny budget (NUTS: 3 chains run in parallel)
     */
    public static InferenceMethod method(String name, long seed) {
        OptimizerConfig oc = OptimizerConfig.builder().epochs(40).seed(seed).build();
        return switch (name) {
            case "mle" -> new MaximumLikelihood(oc);
            case "map" -> new MaximumAPosteriori(oc);
            case "svi" -> new Svi(SviConfig.defaults().toBuilder().epochs(40).particles(2).seed(seed).build());
            case "nuts" -> new McmcInference(McmcConfig.builder().algorithm(Algorithm.NUTS).numWarmup(30).numSamples(10)
                    .numChains(3).parallel(true).maxTreeDepth(5).seed(seed).build());
            case "laplace" -> new Laplace(LaplaceConfig.builder().map(oc).build());
            case "ensemble" -> new DeepEnsemble(EnsembleConfig.builder().members(3)
                    .optimizer(OptimizerConfig.builder().epochs(40).build()).threads(2).seed(seed).build());
            default -> throw new IllegalArgumentException("unknown method " + name);
        };
    }

    /**
     * @param p    a posterior
     * @param seed seed of the prediction's generator
     * @return hex SHA-256 of the per-sample means and scales of 20 weight samples at {@link #testX()}
     */
    public static String predictionDigest(Posterior p, long seed) {
        PredictiveDistribution pd = p.predict(testX(), 20, new SplittableRandom(seed));
        return digest(Arrays2.toDoubles(pd.sampleMeans()), Arrays2.toDoubles(pd.sampleScales()));
    }

    /**
     * @param arrays values
     * @return hex SHA-256 of their IEEE-754 bits
     */
    public static String digest(double[]... arrays) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (double[] a : arrays) {
                ByteBuffer b = ByteBuffer.allocate(8 * a.length);
                for (double v : a) {
                    b.putLong(Double.doubleToRawLongBits(v));
                }
                md.update(b.array());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fits each named method and prints {@code name digest} lines: the other JVM of the cross-JVM determinism test.
     *
     * @param args method names
     */
    public static void main(String[] args) {
        for (String m : args) {
            Posterior p = method(m, 7).fit(model(), data(3));
            System.out.println(m + " " + predictionDigest(p, 11));
        }
    }
}
