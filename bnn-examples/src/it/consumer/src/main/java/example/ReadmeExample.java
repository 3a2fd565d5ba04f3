package example;

import java.util.SplittableRandom;
import org.bnn4j.data.ClusterConfig;
import org.bnn4j.data.ClusterData;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.predictive.PredictiveDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The README's "Use it from your project" example, verbatim between the markers, plus checks of its output. */
public final class ReadmeExample {

    public static void main(String[] args) {
        // README example begins
        ClusterData clusters = ClusterData.generate(ClusterConfig.defaults());       // 400 points, 4 clusters
        BayesianModel model = BayesianModel.heteroskedastic(
                NetworkSpec.builder(1, 1).hidden(50).build());                        // 1-50-1 tanh, mean + scale heads
        Posterior posterior = new Svi(SviConfig.defaults()).fit(model, clusters.train());
        PredictiveDistribution pred = posterior.predict(clusters.grid().x(), 100, new SplittableRandom(1));
        INDArray mean = pred.mean();                 // [B, 1] predictive mean E[mu]
        INDArray aleatoric = pred.aleatoricStd();    // sqrt(E[sigma^2]): noise in the data
        INDArray epistemic = pred.epistemicStd();    // sqrt(Var[mu]): uncertainty about the weights
        // README example ends
        long b = clusters.grid().size();
        check(mean, b, "mean");
        check(aleatoric, b, "aleatoric");
        check(epistemic, b, "epistemic");
        System.out.println("README example OK: " + b + " grid points, mean[0] = " + mean.getDouble(0, 0)
                + ", aleatoric[0] = " + aleatoric.getDouble(0, 0) + ", epistemic[0] = " + epistemic.getDouble(0, 0));
    }

    private static void check(INDArray a, long rows, String name) {
        if (a.rows() != rows || a.columns() != 1) {
            throw new IllegalStateException(name + " has shape " + java.util.Arrays.toString(a.shape())
                    + " but should be [" + rows + ", 1]");
        }
        for (long i = 0; i < rows; i++) {
            double v = a.getDouble(i, 0);
            if (!Double.isFinite(v) || (!name.equals("mean") && v < 0)) {
                throw new IllegalStateException(name + "[" + i + "] = " + v + " is not a finite "
                        + (name.equals("mean") ? "number" : "standard deviation"));
            }
        }
    }
}
