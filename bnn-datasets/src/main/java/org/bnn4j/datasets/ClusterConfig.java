package org.bnn4j.datasets;

import java.util.Arrays;
import java.util.Objects;

/**
 * Configuration of the synthetic cluster experiment ({@link ClusterData}); immutable and validated on
 * construction. Arrays are copied in and out. Build with {@link #builder()}; {@link #defaults()} is the setting of
 * the four-cluster cos(x) experiment of the Pyro/TyXe BNN tutorial: {@code f = cos}, 400 training points in 4 clusters with fractions
 * {@code [0.25, 0.25, 0.25, 0.25]}, noise stds {@code [0.01, 0.25, 0.05, 0.01]}, x uniform on
 * {@code [offset, offset + spread]} with offsets {@code [-4.1, -1.2, 0.5, 4.0]} and spreads
 * {@code [2.1, 1.2, 1.4, 2.0]}, a 1901-point grid on {@code [-6.5, 8.5]}, 400 in-distribution test points, seed 906.
 *
 * <pre>{@code
 * ClusterConfig cfg = ClusterConfig.builder().targetFunction(TargetFunction.CUBIC).numTrain(800).seed(1).build();
 * ClusterData data = ClusterData.generate(cfg);
 * }</pre>
 *
 * @param targetFunction the noise-free function f
 * @param numTrain       number of training points, {@code >= numClusters}
 * @param numTest        number of in-distribution test points, {@code >= numClusters}
 * @param fractions      share of points per cluster, each {@code > 0}, summing to 1 within 1e-9
 * @param noiseStds      noise std per cluster, each finite and {@code > 0}
 * @param offsets        start of each cluster's x interval, finite
 * @param spreads        width of each cluster's x interval, each finite and {@code > 0}
 * @param shuffle        whether to shuffle the rows of the training and test sets (otherwise grouped by cluster)
 * @param seed           seed of the {@link java.util.SplittableRandom} the data are drawn from
 * @param gridMin        start of the noise-free grid, finite, {@code < gridMax}
 * @param gridMax        end of the noise-free grid (included), finite
 * @param gridPoints     number of equally spaced grid points, {@code >= 2}
 */
public record ClusterConfig(TargetFunction targetFunction, int numTrain, int numTest, double[] fractions,
        double[] noiseStds, double[] offsets, double[] spreads, boolean shuffle, long seed, double gridMin,
        double gridMax, int gridPoints) {

    /** The tutorial's setting: 400 training points. */
    public static final int DEFAULT_NUM_TRAIN = 400;
    /** The tutorial's setting: 400 fresh in-distribution test points. */
    public static final int DEFAULT_NUM_TEST = 400;
    /** The tutorial's setting: four equally sized clusters. */
    private static final double[] DEFAULT_FRACTIONS = {0.25, 0.25, 0.25, 0.25};
    /** The tutorial's setting: per-cluster noise standard deviations. */
    private static final double[] DEFAULT_NOISE_STDS = {0.01, 0.25, 0.05, 0.01};
    /** The tutorial's setting: cluster interval starts. */
    private static final double[] DEFAULT_OFFSETS = {-4.1, -1.2, 0.5, 4.0};
    /** The tutorial's setting: cluster interval widths. */
    private static final double[] DEFAULT_SPREADS = {2.1, 1.2, 1.4, 2.0};
    /** The tutorial's setting: the seed of the experiment. */
    public static final long DEFAULT_SEED = 906L;
    /** The tutorial's setting: plot/grid range start. */
    public static final double DEFAULT_GRID_MIN = -6.5;
    /** The tutorial's setting: plot/grid range end. */
    public static final double DEFAULT_GRID_MAX = 8.5;
    /** Grid resolution: spacing 15 / 1900 ~ 0.0079 over the default range. */
    public static final int DEFAULT_GRID_POINTS = 1901;
    /** Tolerance on {@code sum(fractions) == 1}. */
    public static final double FRACTION_SUM_TOLERANCE = 1e-9;

    /**
     * Validates and copies the arrays.
     *
     * @throws IllegalArgumentException if any documented constraint is violated
     */
    public ClusterConfig {
        Objects.requireNonNull(targetFunction, "targetFunction must not be null");
        fractions = copy("fractions", fractions);
        noiseStds = copy("noiseStds", noiseStds);
        offsets = copy("offsets", offsets);
        spreads = copy("spreads", spreads);
        int k = fractions.length;
        if (k == 0 || noiseStds.length != k || offsets.length != k || spreads.length != k) {
            throw new IllegalArgumentException("fractions, noiseStds, offsets and spreads must have the same non-zero"
                    + " length (one entry per cluster) but had lengths " + fractions.length + ", " + noiseStds.length
                    + ", " + offsets.length + ", " + spreads.length + "; pass one value per cluster in each");
        }
        double sum = 0.0;
        for (int c = 0; c < k; c++) {
            requirePositive("fractions", c, fractions[c]);
            requirePositive("noiseStds", c, noiseStds[c]);
            requirePositive("spreads", c, spreads[c]);
            if (!Double.isFinite(offsets[c])) {
                throw new IllegalArgumentException("offsets[" + c + "] must be finite but was " + offsets[c]);
            }
            sum += fractions[c];
        }
        if (Math.abs(sum - 1.0) > FRACTION_SUM_TOLERANCE) {
            throw new IllegalArgumentException("fractions must sum to 1 (within " + FRACTION_SUM_TOLERANCE
                    + ") but summed to " + sum + " for " + Arrays.toString(fractions) + "; normalise them");
        }
        clusterCounts(numTrain, fractions, "numTrain");
        clusterCounts(numTest, fractions, "numTest");
        if (!Double.isFinite(gridMin) || !Double.isFinite(gridMax) || !(gridMin < gridMax)) {
            throw new IllegalArgumentException("the grid needs finite gridMin < gridMax but had [" + gridMin + ", "
                    + gridMax + "]; pass an increasing range");
        }
        if (gridPoints < 2) {
            throw new IllegalArgumentException("gridPoints must be >= 2 but was " + gridPoints
                    + "; pass at least the two end points");
        }
    }

    private static double[] copy(String name, double[] a) {
        return Objects.requireNonNull(a, name + " must not be null").clone();
    }

    private static void requirePositive(String name, int c, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + "[" + c + "] must be finite and > 0 but was " + v
                    + "; pass positive values");
        }
    }

    /**
     * Points per cluster: {@code round(n * fraction)} for all clusters but the last, which takes the remainder.
     *
     * @throws IllegalArgumentException if {@code n < numClusters} or a cluster would get no point
     */
    static int[] clusterCounts(int n, double[] fractions, String name) {
        int k = fractions.length;
        if (n < k) {
            throw new IllegalArgumentException(name + " must be >= the number of clusters " + k + " but was " + n
                    + "; pass at least one point per cluster");
        }
        int[] counts = new int[k];
        int used = 0;
        for (int c = 0; c < k - 1; c++) {
            counts[c] = (int) Math.round(n * fractions[c]);
            used += counts[c];
        }
        counts[k - 1] = n - used;
        for (int c = 0; c < k; c++) {
            if (counts[c] < 1) {
                throw new IllegalArgumentException(name + " = " + n + " with fractions " + Arrays.toString(fractions)
                        + " gives cluster " + c + " " + counts[c] + " points (counts " + Arrays.toString(counts)
                        + "); increase " + name + " or the smallest fractions");
            }
        }
        return counts;
    }

    /** @return the configuration of the four-cluster cos(x) experiment of the Pyro/TyXe BNN tutorial */
    public static ClusterConfig defaults() {
        return builder().build();
    }

    /** @return a builder initialised with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration's settings, to change some and keep the others */
    public Builder toBuilder() {
        return builder().targetFunction(targetFunction).numTrain(numTrain).numTest(numTest).fractions(fractions)
                .noiseStds(noiseStds).offsets(offsets).spreads(spreads).shuffle(shuffle).seed(seed)
                .grid(gridMin, gridMax, gridPoints);
    }

    /** @return number of clusters */
    public int numClusters() {
        return fractions.length;
    }

    /** @return training points per cluster (new array), see {@link ClusterData} for the rounding rule */
    public int[] trainCounts() {
        return clusterCounts(numTrain, fractions, "numTrain");
    }

    /** @return test points per cluster (new array) */
    public int[] testCounts() {
        return clusterCounts(numTest, fractions, "numTest");
    }

    /**
     * Labels an input relative to the cluster intervals: {@code CLUSTER} if in some closed interval
     * {@code [offset, offset + spread]}, {@code OUTSIDE} if below the lowest start or above the highest end,
     * {@code GAP} otherwise.
     *
     * @param x an input, not NaN
     * @return the region of x
     * @throws IllegalArgumentException if x is NaN
     */
    public Region region(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x must not be NaN; pass a number to label");
        }
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < offsets.length; c++) {
            double lo = offsets[c];
            double hi = offsets[c] + spreads[c];
            if (lo <= x && x <= hi) {
                return Region.CLUSTER;
            }
            lowest = Math.min(lowest, lo);
            highest = Math.max(highest, hi);
        }
        return x < lowest || x > highest ? Region.OUTSIDE : Region.GAP;
    }

    /** @return a copy of the share of points per cluster */
    @Override
    public double[] fractions() {
        return fractions.clone();
    }

    /** @return a copy of the noise std per cluster */
    @Override
    public double[] noiseStds() {
        return noiseStds.clone();
    }

    /** @return a copy of the x interval start per cluster */
    @Override
    public double[] offsets() {
        return offsets.clone();
    }

    /** @return a copy of the x interval width per cluster */
    @Override
    public double[] spreads() {
        return spreads.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterConfig c && targetFunction == c.targetFunction && numTrain == c.numTrain
                && numTest == c.numTest && Arrays.equals(fractions, c.fractions)
                && Arrays.equals(noiseStds, c.noiseStds) && Arrays.equals(offsets, c.offsets)
                && Arrays.equals(spreads, c.spreads) && shuffle == c.shuffle && seed == c.seed
                && Double.compare(gridMin, c.gridMin) == 0 && Double.compare(gridMax, c.gridMax) == 0
                && gridPoints == c.gridPoints;
    }

    @Override
    public int hashCode() {
        return Objects.hash(targetFunction, numTrain, numTest, Arrays.hashCode(fractions), Arrays.hashCode(noiseStds),
                Arrays.hashCode(offsets), Arrays.hashCode(spreads), shuffle, seed, gridMin, gridMax, gridPoints);
    }

    @Override
    public String toString() {
        return "ClusterConfig[targetFunction=" + targetFunction + ", numTrain=" + numTrain + ", numTest=" + numTest
                + ", fractions=" + Arrays.toString(fractions) + ", noiseStds=" + Arrays.toString(noiseStds)
                + ", offsets=" + Arrays.toString(offsets) + ", spreads=" + Arrays.toString(spreads) + ", shuffle="
                + shuffle + ", seed=" + seed + ", grid=[" + gridMin + ", " + gridMax + "] x " + gridPoints + "]";
    }

    /** Builder starting from the defaults; validation happens in {@link #build()}. */
    public static final class Builder {
        private TargetFunction targetFunction = TargetFunction.COS;
        private int numTrain = DEFAULT_NUM_TRAIN;
        private int numTest = DEFAULT_NUM_TEST;
        private double[] fractions = DEFAULT_FRACTIONS.clone();
        private double[] noiseStds = DEFAULT_NOISE_STDS.clone();
        private double[] offsets = DEFAULT_OFFSETS.clone();
        private double[] spreads = DEFAULT_SPREADS.clone();
        private boolean shuffle;
        private long seed = DEFAULT_SEED;
        private double gridMin = DEFAULT_GRID_MIN;
        private double gridMax = DEFAULT_GRID_MAX;
        private int gridPoints = DEFAULT_GRID_POINTS;

        private Builder() {
        }

        /**
         * @param f the target function (default COS)
         * @return this
         */
        public Builder targetFunction(TargetFunction f) {
            this.targetFunction = f;
            return this;
        }

        /**
         * @param n training points (default 400)
         * @return this
         */
        public Builder numTrain(int n) {
            this.numTrain = n;
            return this;
        }

        /**
         * @param n in-distribution test points (default 400)
         * @return this
         */
        public Builder numTest(int n) {
            this.numTest = n;
            return this;
        }

        /**
         * @param v share per cluster (copied at build)
         * @return this
         */
        public Builder fractions(double... v) {
            this.fractions = v;
            return this;
        }

        /**
         * @param v noise std per cluster
         * @return this
         */
        public Builder noiseStds(double... v) {
            this.noiseStds = v;
            return this;
        }

        /**
         * @param v interval start per cluster
         * @return this
         */
        public Builder offsets(double... v) {
            this.offsets = v;
            return this;
        }

        /**
         * @param v interval width per cluster
         * @return this
         */
        public Builder spreads(double... v) {
            this.spreads = v;
            return this;
        }

        /**
         * @param s whether to shuffle training and test rows (default false)
         * @return this
         */
        public Builder shuffle(boolean s) {
            this.shuffle = s;
            return this;
        }

        /**
         * @param s the seed (default 906)
         * @return this
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * @param min grid start
         * @param max grid end (defaults -6.5, 8.5)
         * @param points grid size (1901)
         * @return this
         */
        public Builder grid(double min, double max, int points) {
            this.gridMin = min;
            this.gridMax = max;
            this.gridPoints = points;
            return this;
        }

        /**
         * @return the validated configuration
         * @throws IllegalArgumentException if a constraint of {@link ClusterConfig} is violated
         */
        public ClusterConfig build() {
            return new ClusterConfig(targetFunction, numTrain, numTest, fractions, noiseStds, offsets, spreads,
                    shuffle, seed, gridMin, gridMax, gridPoints);
        }
    }
}
