package org.bnn4j.examples.clusters;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.Cluster;
import org.bnn4j.datasets.Region;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.Metrics;
import org.bnn4j.predictive.PredictiveDistribution;

/**
 * The statistics of the cluster experiment, computed from predictive distributions: metrics on the in-distribution
 * test points, and per-cluster and per-region uncertainty on the noise-free grid. Pure functions of their inputs
 * (no I/O), so that they can be checked on hand-built distributions.
 *
 * <p>Averages over a set of grid points are taken on variances, then square-rooted:
 * {@code aleatoricStd = sqrt(mean_i E[sigma_i^2])}, {@code epistemicStd = sqrt(mean_i Var[mu_i])}; {@code rmse} is
 * that of the predictive mean against the noise-free {@code f} on those points.
 *
 * <pre>{@code
 * ClusterReport.TestMetrics t = ClusterReport.testMetrics(posterior.predict(test.x(), 100, rng), test);
 * List<ClusterReport.ClusterStats> c = ClusterReport.clusterStats(gridPred, grid, data.clusters());
 * }</pre>
 */
public final class ClusterReport {

    /** The central-interval level whose coverage is reported. */
    public static final double COVERAGE_LEVEL = 0.9;

    private ClusterReport() {
    }

    /**
     * Metrics on a test set.
     *
     * @param rmse       root mean squared error of the predictive mean
     * @param nll        mean negative log predictive density
     * @param coverage90 fraction of targets inside the central 90% interval
     * @param crps       mean continuous ranked probability score
     * @param oracleNll  the NLL of the data-generating distribution on the same targets (the floor for
     *                   {@code nll}), NaN when unknown
     */
    public record TestMetrics(double rmse, double nll, double coverage90, double crps, double oracleNll) {
    }

    /**
     * Uncertainty over a set of grid points.
     *
     * @param aleatoricStd {@code sqrt(mean E[sigma^2])}
     * @param epistemicStd {@code sqrt(mean Var[mu])}
     * @param rmse         RMSE of the predictive mean against the noise-free function
     * @param numPoints    how many grid points the set holds (0 gives NaN statistics)
     */
    public record UncertaintyStats(double aleatoricStd, double epistemicStd, double rmse, int numPoints) {
    }

    /**
     * Uncertainty inside one training cluster.
     *
     * @param lo      cluster start
     * @param hi      cluster end
     * @param trueStd the noise std the data were drawn with
     * @param stats   the uncertainty over the grid points in {@code [lo, hi]}
     */
    public record ClusterStats(double lo, double hi, double trueStd, UncertaintyStats stats) {
    }

    /**
     * @param pred predictive distribution over the test points, {@code D = 1}
     * @param test the test set (targets with noise)
     * @return RMSE, NLL, 90% coverage and CRPS
     */
    public static TestMetrics testMetrics(PredictiveDistribution pred, Dataset test) {
        return testMetrics(pred, test, Double.NaN);
    }

    /**
     * @param pred      predictive distribution over the test points
     * @param test      the test set (targets with noise)
     * @param oracleNll the NLL of the true generating distribution on these targets, e.g.
     *                  {@link org.bnn4j.datasets.ClusterData#oracleTestNll()}; NaN when unknown
     * @return RMSE, NLL, 90% coverage and CRPS, with the oracle NLL alongside
     */
    public static TestMetrics testMetrics(PredictiveDistribution pred, Dataset test, double oracleNll) {
        Objects.requireNonNull(pred, "pred");
        return new TestMetrics(Metrics.rmse(pred, test.y()), Metrics.nll(pred, test.y()),
                Metrics.coverage(pred, test.y(), COVERAGE_LEVEL), Metrics.crps(pred, test.y()), oracleNll);
    }

    /**
     * @param pred     predictive distribution over the grid points, {@code D = 1}
     * @param grid     the noise-free grid (x {@code [G, 1]}, y = f(x))
     * @param clusters the training clusters
     * @return one entry per cluster, in order, over the grid points with {@code lo <= x <= hi}
     */
    public static List<ClusterStats> clusterStats(PredictiveDistribution pred, Dataset grid, List<Cluster> clusters) {
        GridColumns g = GridColumns.of(pred, grid);
        List<ClusterStats> out = new ArrayList<>();
        for (Cluster c : clusters) {
            boolean[] in = new boolean[g.x.length];
            for (int i = 0; i < in.length; i++) {
                in[i] = c.contains(g.x[i]);
            }
            out.add(new ClusterStats(c.lo(), c.hi(), c.trueStd(), g.stats(in)));
        }
        return List.copyOf(out);
    }

    /**
     * @param pred    predictive distribution over the grid points, {@code D = 1}
     * @param grid    the noise-free grid
     * @param regions the region of each grid point, {@code [G]}
     * @return statistics per region, in {@link Region} order (every region present, possibly with 0 points)
     * @throws IllegalArgumentException if regions does not have one entry per grid point
     */
    public static Map<Region, UncertaintyStats> regionStats(PredictiveDistribution pred, Dataset grid,
            Region[] regions) {
        GridColumns g = GridColumns.of(pred, grid);
        if (regions.length != g.x.length) {
            throw new IllegalArgumentException("regions must have one entry per grid point (" + g.x.length
                    + ") but had " + regions.length + "; pass ClusterData.gridRegions()");
        }
        Map<Region, UncertaintyStats> out = new EnumMap<>(Region.class);
        for (Region r : Region.values()) {
            boolean[] in = new boolean[regions.length];
            for (int i = 0; i < in.length; i++) {
                in[i] = regions[i] == r;
            }
            out.put(r, g.stats(in));
        }
        return out;
    }

    /** Per-grid-point columns of a one-output predictive distribution. */
    private record GridColumns(double[] x, double[] f, double[] mean, double[] aleatoricVar, double[] epistemicVar) {

        static GridColumns of(PredictiveDistribution pred, Dataset grid) {
            Objects.requireNonNull(pred, "pred");
            Objects.requireNonNull(grid, "grid");
            if (pred.outDim() != 1 || grid.inDim() != 1 || grid.outDim() != 1) {
                throw new IllegalArgumentException("the cluster report needs 1-d inputs and outputs but had inDim "
                        + grid.inDim() + ", outDim " + pred.outDim() + "; use the 1-d cluster experiment");
            }
            if (pred.numPoints() != grid.size()) {
                throw new IllegalArgumentException("the prediction covers " + pred.numPoints()
                        + " points but the grid has " + grid.size() + "; predict on grid.x()");
            }
            return new GridColumns(grid.xArray(), grid.yArray(), Arrays2.toDoubles(pred.mean()),
                    Arrays2.toDoubles(pred.aleatoricVariance()), Arrays2.toDoubles(pred.epistemicVariance()));
        }

        UncertaintyStats stats(boolean[] in) {
            double ale = 0;
            double epi = 0;
            double se = 0;
            int n = 0;
            for (int i = 0; i < in.length; i++) {
                if (in[i]) {
                    ale += aleatoricVar[i];
                    epi += epistemicVar[i];
                    double e = mean[i] - f[i];
                    se += e * e;
                    n++;
                }
            }
            return new UncertaintyStats(Math.sqrt(ale / n), Math.sqrt(epi / n), Math.sqrt(se / n), n);
        }
    }
}
