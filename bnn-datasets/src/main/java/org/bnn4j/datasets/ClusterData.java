package org.bnn4j.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;

/**
 * The synthetic 1-d regression experiment of the Pyro/TyXe BNN tutorial (four clusters, cos(x) by default): training inputs in a few clusters with
 * cluster-specific noise, so that a model's predictive uncertainty can be checked inside the clusters (aleatoric
 * noise known), in the gaps between them and outside them (epistemic uncertainty should grow).
 *
 * <p>For cluster c, {@code x ~ Uniform[offset_c, offset_c + spread_c]} and {@code y = f(x) + noiseStd_c * eps},
 * {@code eps ~ N(0, 1)}. The training set and the in-distribution test set are drawn this way from two
 * independent streams split from one {@link SplittableRandom} seeded with {@link ClusterConfig#seed()} (first
 * split: training, second: test); the grid test set is noise-free ({@code y = f(x)}). Points per cluster are
 * {@code round(n * fraction)}, the last cluster taking the remainder. Immutable; accessors return copies.
 *
 * <pre>{@code
 * ClusterData data = ClusterData.generate(ClusterConfig.defaults());
 * Dataset train = data.train();           // x [400, 1], y [400, 1]
 * Dataset grid = data.grid();             // x [1901, 1] on [-6.5, 8.5], y = cos(x)
 * Region r = data.region(3.0);            // GAP
 * }</pre>
 */
public final class ClusterData {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final ClusterConfig config;
    private final Dataset train;
    private final int[] trainClusters;
    private final Dataset test;
    private final int[] testClusters;
    private final Dataset grid;
    private final Region[] gridRegions;
    private final List<Cluster> clusters;

    private ClusterData(ClusterConfig config, Sample train, Sample test, Dataset grid, Region[] gridRegions,
            List<Cluster> clusters) {
        this.config = config;
        this.train = train.dataset;
        this.trainClusters = train.clusters;
        this.test = test.dataset;
        this.testClusters = test.clusters;
        this.grid = grid;
        this.gridRegions = gridRegions;
        this.clusters = clusters;
    }

    /**
     * Draws the data described by {@code config}; the same config gives bit-identical data.
     *
     * @param config the experiment configuration
     * @return the generated data
     */
    public static ClusterData generate(ClusterConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom trainRng = root.split();
        SplittableRandom testRng = root.split();
        Sample train = sample(config, config.trainCounts(), trainRng);
        Sample test = sample(config, config.testCounts(), testRng);

        int g = config.gridPoints();
        double[] gx = new double[g];
        double[] gy = new double[g];
        Region[] regions = new Region[g];
        double step = (config.gridMax() - config.gridMin()) / (g - 1);
        for (int i = 0; i < g; i++) {
            gx[i] = i == g - 1 ? config.gridMax() : config.gridMin() + i * step;
            gy[i] = config.targetFunction().apply(gx[i]);
            regions[i] = config.region(gx[i]);
        }
        List<Cluster> clusters = new ArrayList<>();
        double[] offsets = config.offsets();
        double[] spreads = config.spreads();
        double[] stds = config.noiseStds();
        for (int c = 0; c < config.numClusters(); c++) {
            clusters.add(new Cluster(c, offsets[c], offsets[c] + spreads[c], stds[c]));
        }
        return new ClusterData(config, train, test, Dataset.of(gx, gy, g, 1, 1), regions, List.copyOf(clusters));
    }

    private record Sample(Dataset dataset, int[] clusters) {
    }

    private static Sample sample(ClusterConfig config, int[] counts, SplittableRandom rng) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        int[] cluster = new int[n];
        double[] offsets = config.offsets();
        double[] spreads = config.spreads();
        double[] stds = config.noiseStds();
        int row = 0;
        for (int c = 0; c < counts.length; c++) {
            for (int i = 0; i < counts[c]; i++, row++) {
                // offset + spread * u with u in [0, 1) stays in [offset, offset + spread] under rounding
                x[row] = offsets[c] + spreads[c] * rng.nextDouble();
                y[row] = config.targetFunction().apply(x[row]) + stds[c] * rng.nextGaussian();
                cluster[row] = c;
            }
        }
        if (config.shuffle()) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                swap(x, i, j);
                swap(y, i, j);
                int t = cluster[i];
                cluster[i] = cluster[j];
                cluster[j] = t;
            }
        }
        return new Sample(Dataset.of(x, y, n, 1, 1), cluster);
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** @return the configuration the data were drawn from */
    public ClusterConfig config() {
        return config;
    }

    /** @return the training set, x {@code [numTrain, 1]}, y {@code [numTrain, 1]} (immutable) */
    public Dataset train() {
        return train;
    }

    /** @return a copy of the cluster index of each training row, {@code [numTrain]} */
    public int[] trainClusters() {
        return trainClusters.clone();
    }

    /** @return the in-distribution test set, drawn like the training set from an independent stream */
    public Dataset test() {
        return test;
    }

    /** @return a copy of the cluster index of each in-distribution test row, {@code [numTest]} */
    public int[] testClusters() {
        return testClusters.clone();
    }

    /** @return the noise-free grid test set: x equally spaced on {@code [gridMin, gridMax]}, y = f(x) exactly */
    public Dataset grid() {
        return grid;
    }

    /** @return a copy of the {@link Region} of each grid point, {@code [gridPoints]} */
    public Region[] gridRegions() {
        return gridRegions.clone();
    }

    /** @return the clusters' intervals and true noise stds, in configuration order (unmodifiable) */
    public List<Cluster> clusters() {
        return clusters;
    }

    /**
     * The mean negative log density of the in-distribution test targets under the distribution that generated
     * them, {@code -log N(y; f(x), noiseStd_c^2)}: the NLL a perfect predictive distribution scores on this very
     * test set, the floor to read a model's test NLL against. It fluctuates around {@link #expectedOracleNll()}
     * with standard error about {@code sqrt(1 / (2 numTest))}.
     *
     * @return the oracle's mean test NLL
     */
    public double oracleTestNll() {
        double[] x = test.xArray();
        double[] y = test.yArray();
        double[] stds = config.noiseStds();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double sd = stds[testClusters[i]];
            double z = (y[i] - config.targetFunction().apply(x[i])) / sd;
            sum += HALF_LOG_TWO_PI + Math.log(sd) + 0.5 * z * z;
        }
        return sum / x.length;
    }

    /**
     * The expectation of {@link #oracleTestNll()} over fresh test noise: the mean over test rows of
     * {@code log noiseStd_c + (log 2 pi + 1) / 2}. (Leaving out the {@code 1/2} from {@code E[eps^2] = 1} gives
     * the density at the mean, which is 0.5 nats lower and no predictor reaches on average.)
     *
     * @return the expected oracle NLL for this configuration's test cluster sizes
     */
    public double expectedOracleNll() {
        double[] stds = config.noiseStds();
        double sum = 0;
        for (int c : testClusters) {
            sum += HALF_LOG_TWO_PI + Math.log(stds[c]) + 0.5;
        }
        return sum / testClusters.length;
    }

    /**
     * @param x an input, not NaN
     * @return the region of x, see {@link ClusterConfig#region(double)}
     * @throws IllegalArgumentException if x is NaN
     */
    public Region region(double x) {
        return config.region(x);
    }

    @Override
    public String toString() {
        return "ClusterData[" + config + "]";
    }
}
