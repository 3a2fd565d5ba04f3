package org.bnn4j.examples.clusters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.Cluster;
import org.bnn4j.datasets.Region;
import org.bnn4j.examples.clusters.ClusterReport.ClusterStats;
import org.bnn4j.examples.clusters.ClusterReport.TestMetrics;
import org.bnn4j.examples.clusters.ClusterReport.UncertaintyStats;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Test;

/**
 * Known answers on a hand-built two-sample predictive distribution over four grid points with f = 0:
 * sample means {1,0,2,0} and {3,0,2,1} give E[mu] = {2,0,2,0.5}, Var[mu] = {1,0,0,0.25}; scales {1,2,1,1} and
 * {1,2,3,1} give E[sigma^2] = {1,4,5,1}. The statistics are a handful of exact sums, so the tolerance is a few ulps
 * of values of order 1.
 */
class ClusterReportTest {

    private static final double TOL = 1e-12; // exact arithmetic up to rounding of O(1) sums

    private static final Dataset GRID = Dataset.of(new double[] {0, 1, 2, 3}, new double[] {0, 0, 0, 0}, 4, 1, 1);

    private static PredictiveDistribution pred() {
        double[] mean = {1, 0, 2, 0, 3, 0, 2, 1};
        double[] scale = {1, 2, 1, 1, 1, 2, 3, 1};
        return PredictiveDistribution.of(mean, scale, 2, 4, 1);
    }

    @Test
    void clusterStatsAverageVariancesOverTheGridPointsInEachCluster() {
        List<Cluster> clusters = List.of(new Cluster(0, 0.0, 1.0, 0.1), new Cluster(1, 1.5, 3.0, 0.2));
        List<ClusterStats> s = ClusterReport.clusterStats(pred(), GRID, clusters);
        assertEquals(2, s.size());
        assertEquals(0.1, s.get(0).trueStd());
        assertEquals(1.5, s.get(1).lo());
        assertStats(s.get(0).stats(), Math.sqrt(2.5), Math.sqrt(0.5), Math.sqrt(2.0), 2);
        assertStats(s.get(1).stats(), Math.sqrt(3.0), Math.sqrt(0.125), Math.sqrt(2.125), 2);
    }

    @Test
    void regionStatsGroupGridPointsByRegion() {
        Region[] regions = {Region.CLUSTER, Region.GAP, Region.OUTSIDE, Region.OUTSIDE};
        Map<Region, UncertaintyStats> r = ClusterReport.regionStats(pred(), GRID, regions);
        assertStats(r.get(Region.CLUSTER), 1.0, 1.0, 2.0, 1);
        assertStats(r.get(Region.GAP), 2.0, 0.0, 0.0, 1);
        assertStats(r.get(Region.OUTSIDE), Math.sqrt(3.0), Math.sqrt(0.125), Math.sqrt(2.125), 2);
    }

    @Test
    void anEmptyRegionHasZeroPointsAndNaNStatistics() {
        Region[] regions = {Region.CLUSTER, Region.CLUSTER, Region.OUTSIDE, Region.OUTSIDE};
        UncertaintyStats gap = ClusterReport.regionStats(pred(), GRID, regions).get(Region.GAP);
        assertEquals(0, gap.numPoints());
        assertTrue(Double.isNaN(gap.aleatoricStd()));
    }

    @Test
    void testMetricsOfAStandardNormalAtItsMean() {
        PredictiveDistribution p = PredictiveDistribution.of(new double[] {0}, new double[] {1}, 1, 1, 1);
        Dataset test = Dataset.of(new double[] {5}, new double[] {0}, 1, 1, 1);
        TestMetrics m = ClusterReport.testMetrics(p, test);
        assertEquals(0.0, m.rmse(), TOL);
        assertEquals(0.5 * Math.log(2 * Math.PI), m.nll(), TOL); // -log N(0; 0, 1)
        assertEquals(1.0, m.coverage90(), 0.0);
        // CRPS of N(0, 1) at its mean: 2 phi(0) - 1/sqrt(pi) (Gneiting & Raftery 2007)
        assertEquals(2 / Math.sqrt(2 * Math.PI) - 1 / Math.sqrt(Math.PI), m.crps(), 1e-9);
    }

    @Test
    void mismatchedSizesAreRejected() {
        Dataset shortGrid = Dataset.of(new double[] {0, 1}, new double[] {0, 0}, 2, 1, 1);
        assertThrows(IllegalArgumentException.class,
                () -> ClusterReport.clusterStats(pred(), shortGrid, List.of(new Cluster(0, 0, 1, 0.1))));
        assertThrows(IllegalArgumentException.class,
                () -> ClusterReport.regionStats(pred(), GRID, new Region[] {Region.GAP}));
    }

    private static void assertStats(UncertaintyStats s, double ale, double epi, double rmse, int n) {
        assertEquals(ale, s.aleatoricStd(), TOL);
        assertEquals(epi, s.epistemicStd(), TOL);
        assertEquals(rmse, s.rmse(), TOL);
        assertEquals(n, s.numPoints());
    }
}
