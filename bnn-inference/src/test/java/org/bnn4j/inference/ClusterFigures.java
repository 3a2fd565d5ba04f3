package org.bnn4j.inference;

import java.util.List;
import java.util.SplittableRandom;
import org.bnn4j.datasets.Cluster;
import org.bnn4j.datasets.ClusterData;
import org.bnn4j.datasets.Region;
import org.bnn4j.predictive.Metrics;
import org.bnn4j.predictive.PredictiveDistribution;

/**
 * The cluster experiment's figures for a sample posterior, shared by {@link NutsClustersTest} and
 * {@link NutsProbe}: test NLL, and on the noise-free grid the aleatoric std per cluster
 * ({@code sqrt(mean E[sigma^2])}) and the epistemic std per region ({@code sqrt(mean Var[mu])}).
 *
 * @param nll          mean test NLL over the in-distribution test points
 * @param aleatoricStd per cluster, in configuration order
 * @param epiCluster   epistemic std over the grid points inside the clusters
 * @param epiGap       epistemic std over the grid points in the gaps
 * @param epiOutside   epistemic std over the grid points outside
 */
record ClusterFigures(double nll, double[] aleatoricStd, double epiCluster, double epiGap, double epiOutside) {

    /**
     * @param post a posterior fitted to {@code data.train()}
     * @param data the cluster data
     * @return the figures, predicting with all of the posterior's draws
     */
    static ClusterFigures of(SamplePosterior post, ClusterData data) {
        PredictiveDistribution test = post.predict(data.test().x(), post.numDraws(), new SplittableRandom(1));
        double nll = Metrics.nll(test, data.test().y());
        PredictiveDistribution grid = post.predict(data.grid().x(), post.numDraws(), new SplittableRandom(2));
        double[] gx = data.grid().xArray();
        double[] ale = grid.aleatoricVariance().data().asDouble();
        double[] epi = grid.epistemicVariance().data().asDouble();
        Region[] regions = data.gridRegions();
        double[] sum = new double[Region.values().length];
        int[] count = new int[sum.length];
        for (int i = 0; i < regions.length; i++) {
            sum[regions[i].ordinal()] += epi[i];
            count[regions[i].ordinal()]++;
        }
        List<Cluster> clusters = data.clusters();
        double[] aleStd = new double[clusters.size()];
        for (int c = 0; c < aleStd.length; c++) {
            double s = 0;
            int n = 0;
            for (int i = 0; i < gx.length; i++) {
                if (clusters.get(c).contains(gx[i])) {
                    s += ale[i];
                    n++;
                }
            }
            aleStd[c] = Math.sqrt(s / n);
        }
        return new ClusterFigures(nll, aleStd, regionStd(sum, count, Region.CLUSTER), regionStd(sum, count, Region.GAP),
                regionStd(sum, count, Region.OUTSIDE));
    }

    private static double regionStd(double[] sum, int[] count, Region r) {
        return Math.sqrt(sum[r.ordinal()] / count[r.ordinal()]);
    }

    /** @return gap / cluster epistemic std */
    double gapRatio() {
        return epiGap / epiCluster;
    }

    /** @return outside / cluster epistemic std */
    double outsideRatio() {
        return epiOutside / epiCluster;
    }
}
