package org.bnn4j.inference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bnn4j.data.ClusterConfig;
import org.bnn4j.data.ClusterData;
import org.bnn4j.data.Region;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.mcmc.Metric;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.predictive.Metrics;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed experiment with NUTS at its defaults (4 chains x (500 + 500)): the targets of the HMC/NUTS issue.
 * Thresholds are the acceptance criteria, not tuned to the result.
 */
@Tag("slow")
class NutsClustersTest {

    @Test
    void defaultNutsGivesTheTextbookPicture() {
        ClusterData data = ClusterData.generate(ClusterConfig.defaults());
        BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(50).build());
        McmcConfig cfg = McmcConfig.builder().numWarmup(Integer.getInteger("bnn.warmup", 500))
                .numSamples(Integer.getInteger("bnn.samples", 500))
                .numChains(Integer.getInteger("bnn.chains", McmcConfig.DEFAULT_NUM_CHAINS))
                .metric(Metric.valueOf(System.getProperty("bnn.metric", "DIAGONAL"))).build();
        long t0 = System.nanoTime();
        SamplePosterior post = (SamplePosterior) new McmcInference(cfg).fit(model, data.train());
        double secs = (System.nanoTime() - t0) / 1e9;
        PredictiveDistribution test = post.predict(data.test().x(), 100, new SplittableRandom(1));
        double nll = Metrics.nll(test, data.test().y());
        PredictiveDistribution grid = post.predict(data.grid().x(), 100, new SplittableRandom(2));
        double[] ale = grid.aleatoricVariance().data().asDouble();
        double[] epi = grid.epistemicVariance().data().asDouble();
        Region[] regions = data.gridRegions();
        double[] aSum = new double[3];
        double[] eSum = new double[3];
        int[] cnt = new int[3];
        for (int i = 0; i < regions.length; i++) {
            int r = regions[i].ordinal();
            aSum[r] += ale[i];
            eSum[r] += epi[i];
            cnt[r]++;
        }
        double epiCluster = Math.sqrt(eSum[Region.CLUSTER.ordinal()] / cnt[Region.CLUSTER.ordinal()]);
        double epiGap = Math.sqrt(eSum[Region.GAP.ordinal()] / cnt[Region.GAP.ordinal()]);
        double epiOut = Math.sqrt(eSum[Region.OUTSIDE.ordinal()] / cnt[Region.OUTSIDE.ordinal()]);
        SamplePosterior.PredictiveConvergence conv = post.convergence(data.test().x());
        System.err.printf("NUTS clusters: %.1f s, NLL %.3f, epistemic cluster %.4f gap %.4f outside %.4f, "
                        + "rhatMax %.3f essMin %.1f, %s%n", secs, nll, epiCluster, epiGap, epiOut,
                conv.rhatMax(), conv.essMin(), post.diagnostics().summary());
        assertTrue(nll <= -2.0, "test NLL " + nll);
        assertTrue(epiGap / epiCluster >= 3, "gap/cluster " + epiGap / epiCluster);
        assertTrue(epiOut / epiCluster >= 10, "outside/cluster " + epiOut / epiCluster);
    }
}
