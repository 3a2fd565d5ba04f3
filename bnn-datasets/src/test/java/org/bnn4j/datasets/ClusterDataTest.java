package org.bnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.bnn4j.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClusterDataTest {

    private static final double[] TRUE_STDS = {0.01, 0.25, 0.05, 0.01};

    @Test
    void oracleTestNllIsTheGeneratingDensityAndAveragesToItsClosedForm() {
        // Closed form for the default clusters: mean over clusters of log(std) + (log(2 pi) + 1) / 2.
        double expected = 0;
        for (double sd : TRUE_STDS) {
            expected += (Math.log(sd) + 0.5 * (Math.log(2 * Math.PI) + 1)) / TRUE_STDS.length;
        }
        ClusterData small = ClusterData.generate(ClusterConfig.defaults());
        assertEquals(expected, small.expectedOracleNll(), 1e-12);
        // The seed notebook's test set: -2.0016 (computed independently in the HMC/NUTS issue's notes)
        assertEquals(-2.0016, small.oracleTestNll(), 5e-5);
        // 40000 test points: per-point NLL = const + eps^2 / 2 has variance 1/2, so the SE of the mean is
        // sqrt(0.5 / 40000) = 0.0035; allow 5 SE.
        ClusterData big = ClusterData.generate(ClusterConfig.builder().numTest(40_000).build());
        assertEquals(expected, big.oracleTestNll(), 5 * Math.sqrt(0.5 / 40_000));
    }

    @Test
    void defaultsMatchTheSeedNotebook() {
        ClusterData d = ClusterData.generate(ClusterConfig.defaults());
        assertEquals(400, d.train().size());
        assertEquals(1, d.train().inDim());
        assertEquals(1, d.train().outDim());
        assertEquals(400, d.test().size());
        assertEquals(1901, d.grid().size());
        assertEquals(906L, d.config().seed());
        List<Cluster> cs = d.clusters();
        assertEquals(4, cs.size());
        double[] lo = {-4.1, -1.2, 0.5, 4.0};
        double[] hi = {-2.0, 0.0, 1.9, 6.0};
        for (int c = 0; c < 4; c++) {
            assertEquals(lo[c], cs.get(c).lo(), 0.0);
            assertEquals(hi[c], cs.get(c).hi(), 1e-15); // offset + spread in floating point
            assertEquals(TRUE_STDS[c], cs.get(c).trueStd(), 0.0);
        }
        assertArrayEquals(new int[] {100, 100, 100, 100}, countsOf(d.trainClusters(), 4));
        assertArrayEquals(new int[] {100, 100, 100, 100}, countsOf(d.testClusters(), 4));
    }

    @Test
    void countsRoundAndLastClusterTakesTheRemainder() {
        ClusterConfig cfg = ClusterConfig.builder().fractions(0.33, 0.33, 0.34).noiseStds(1, 1, 1)
                .offsets(0, 2, 4).spreads(1, 1, 1).numTrain(10).numTest(7).build();
        assertArrayEquals(new int[] {3, 3, 4}, cfg.trainCounts());   // round(3.3) = 3, remainder 4
        assertArrayEquals(new int[] {2, 2, 3}, cfg.testCounts());    // round(2.31) = 2, remainder 3
        ClusterData d = ClusterData.generate(cfg);
        assertArrayEquals(new int[] {3, 3, 4}, countsOf(d.trainClusters(), 3));
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 2}, d.trainClusters()); // unshuffled: grouped
        ClusterConfig half = ClusterConfig.builder().fractions(0.5, 0.5).noiseStds(1, 1).offsets(0, 2)
                .spreads(1, 1).numTrain(5).numTest(3).build();
        assertArrayEquals(new int[] {3, 2}, half.trainCounts());     // Math.round(2.5) = 3 (half up)
    }

    @ParameterizedTest
    @EnumSource(TargetFunction.class)
    void xInsideClusterIntervalsAndNoiseStdMatchesTruth(TargetFunction f) {
        for (int n : new int[] {400, 40_000}) {
            ClusterData d = ClusterData.generate(ClusterConfig.builder().targetFunction(f).numTrain(n).numTest(n)
                    .build());
            checkSample(d, d.train(), d.trainClusters(), f);
            checkSample(d, d.test(), d.testClusters(), f);
        }
    }

    /**
     * Residuals r = y - f(x) of cluster c are N(0, s_c^2). For m points the sample std has standard error about
     * s_c / sqrt(2 (m - 1)) and the sample mean s_c / sqrt(m); both are checked within 5 standard errors
     * (two-sided normal tail 5.7e-7 per check).
     */
    private static void checkSample(ClusterData d, Dataset data, int[] clusterOf, TargetFunction f) {
        int k = d.clusters().size();
        double[] sum = new double[k];
        double[] sumSq = new double[k];
        int[] m = new int[k];
        for (int i = 0; i < data.size(); i++) {
            int c = clusterOf[i];
            double x = data.x(i, 0);
            Cluster cl = d.clusters().get(c);
            assertTrue(cl.lo() <= x && x <= cl.hi(), "x = " + x + " outside cluster " + c);
            double r = data.y(i, 0) - f.apply(x);
            sum[c] += r;
            sumSq[c] += r * r;
            m[c]++;
        }
        for (int c = 0; c < k; c++) {
            double s = TRUE_STDS[c];
            double mean = sum[c] / m[c];
            double sampleStd = Math.sqrt((sumSq[c] - m[c] * mean * mean) / (m[c] - 1));
            assertEquals(s, sampleStd, 5 * s / Math.sqrt(2.0 * (m[c] - 1)), "cluster " + c + ", m = " + m[c]);
            assertEquals(0.0, mean, 5 * s / Math.sqrt(m[c]), "cluster " + c + ", m = " + m[c]);
        }
    }

    @ParameterizedTest
    @EnumSource(TargetFunction.class)
    void gridIsNoiseFreeAndEquallySpaced(TargetFunction f) {
        ClusterData d = ClusterData.generate(ClusterConfig.builder().targetFunction(f).build());
        Dataset g = d.grid();
        assertEquals(-6.5, g.x(0, 0), 0.0);
        assertEquals(8.5, g.x(1900, 0), 0.0);
        double step = 15.0 / 1900;
        for (int i = 0; i < g.size(); i++) {
            assertEquals(-6.5 + i * step, g.x(i, 0), 1e-13);
            assertEquals(f.apply(g.x(i, 0)), g.y(i, 0), 0.0);
        }
        assertEquals(Math.cos(1.0), TargetFunction.COS.apply(1.0), 0.0);
        assertEquals(8.0 / 350, TargetFunction.CUBIC.apply(2.0), 1e-17);
        ClusterData small = ClusterData.generate(ClusterConfig.builder().grid(0, 1, 3).build());
        assertArrayEquals(new double[] {0, 0.5, 1}, small.grid().xArray(), 0.0);
    }

    @Test
    void regionLabelsAtKnownPointsAndBoundaries() {
        ClusterData d = ClusterData.generate(ClusterConfig.defaults());
        Object[][] cases = {
            {-7.0, Region.OUTSIDE}, {-6.5, Region.OUTSIDE}, {Math.nextDown(-4.1), Region.OUTSIDE},
            {-4.1, Region.CLUSTER}, {-3.0, Region.CLUSTER}, {-2.0, Region.CLUSTER}, {-1.5, Region.GAP},
            {Math.nextDown(-1.2), Region.GAP}, {-1.2, Region.CLUSTER}, {0.0, Region.CLUSTER},
            {Math.nextUp(0.0), Region.GAP}, {0.25, Region.GAP}, {0.5, Region.CLUSTER}, {1.9, Region.CLUSTER},
            {3.0, Region.GAP}, {Math.nextDown(4.0), Region.GAP}, {4.0, Region.CLUSTER}, {6.0, Region.CLUSTER},
            {Math.nextUp(6.0), Region.OUTSIDE}, {8.5, Region.OUTSIDE},
            {Double.NEGATIVE_INFINITY, Region.OUTSIDE}, {Double.POSITIVE_INFINITY, Region.OUTSIDE},
        };
        for (Object[] c : cases) {
            assertEquals(c[1], d.region((Double) c[0]), "x = " + c[0]);
        }
        for (Cluster c : d.clusters()) {
            assertEquals(Region.CLUSTER, d.region(c.hi()));
            assertEquals(Region.CLUSTER, d.region(c.lo()));
            assertTrue(c.contains(c.hi()) && !c.contains(Math.nextUp(c.hi())));
        }
        assertEquals(Region.GAP, d.region(Math.nextUp(d.clusters().get(0).hi())));
    }

    @Test
    void gridRegionsAgreeWithTheDocumentedGaps() {
        ClusterData d = ClusterData.generate(ClusterConfig.defaults());
        Region[] r = d.gridRegions();
        double[][] gaps = {{-2.0, -1.2}, {0.0, 0.5}, {1.9, 4.0}};
        int[] seen = new int[3];
        for (int i = 0; i < r.length; i++) {
            double x = d.grid().x(i, 0);
            seen[r[i].ordinal()]++;
            // grid points within 1e-9 of an interval end depend on float round-off of both the grid and
            // offset + spread; they are left to the exact boundary test above
            boolean nearEnd = Math.abs(x + 4.1) < 1e-9 || Math.abs(x - 6.0) < 1e-9;
            Region expected = x < -4.1 || x > 6.0 ? Region.OUTSIDE : Region.CLUSTER;
            for (double[] gap : gaps) {
                nearEnd |= Math.abs(x - gap[0]) < 1e-9 || Math.abs(x - gap[1]) < 1e-9;
                if (x > gap[0] && x < gap[1]) {
                    expected = Region.GAP;
                }
            }
            if (!nearEnd) {
                assertEquals(expected, r[i], "x = " + x);
            }
        }
        for (int s : seen) {
            assertTrue(s > 0);
        }
    }

    @Test
    void sameSeedSameDataDifferentSeedDifferentData() {
        ClusterData a = ClusterData.generate(ClusterConfig.defaults());
        ClusterData b = ClusterData.generate(ClusterConfig.defaults());
        assertArrayEquals(a.train().xArray(), b.train().xArray(), 0.0);
        assertArrayEquals(a.train().yArray(), b.train().yArray(), 0.0);
        assertArrayEquals(a.test().yArray(), b.test().yArray(), 0.0);
        ClusterData c = ClusterData.generate(ClusterConfig.builder().seed(907).build());
        assertFalse(Arrays.equals(a.train().xArray(), c.train().xArray()));
        // training and test streams are independent: no shared x values
        assertFalse(Arrays.equals(a.train().xArray(), a.test().xArray()));
        double[] tx = a.test().xArray();
        Arrays.sort(tx);
        for (double x : a.train().xArray()) {
            assertTrue(Arrays.binarySearch(tx, x) < 0);
        }
    }

    @Test
    void shufflePermutesRowsKeepingPairsAndLabels() {
        ClusterData plain = ClusterData.generate(ClusterConfig.defaults());
        ClusterData shuffled = ClusterData.generate(ClusterConfig.builder().shuffle(true).build());
        int[] labels = shuffled.trainClusters();
        assertFalse(Arrays.equals(plain.trainClusters(), labels));
        assertArrayEquals(new int[] {100, 100, 100, 100}, countsOf(labels, 4));
        // same draws, reordered: each shuffled (x, y, cluster) row appears in the unshuffled set
        double[] px = plain.train().xArray();
        for (int i = 0; i < 400; i++) {
            double x = shuffled.train().x(i, 0);
            int j = indexOf(px, x);
            assertTrue(j >= 0);
            assertEquals(plain.train().y(j, 0), shuffled.train().y(i, 0), 0.0);
            assertEquals(plain.trainClusters()[j], labels[i]);
        }
    }

    @Test
    void accessorsReturnCopies() {
        ClusterData d = ClusterData.generate(ClusterConfig.defaults());
        d.trainClusters()[0] = 3;
        d.gridRegions()[0] = Region.GAP;
        assertEquals(0, d.trainClusters()[0]);
        assertEquals(Region.OUTSIDE, d.gridRegions()[0]);
        double[] offsets = {0, 2};
        ClusterConfig cfg = ClusterConfig.builder().fractions(0.5, 0.5).noiseStds(1, 1).offsets(offsets)
                .spreads(1, 1).build();
        offsets[0] = 100;
        cfg.offsets()[1] = 100;
        assertArrayEquals(new double[] {0, 2}, cfg.offsets(), 0.0);
        assertEquals(cfg, ClusterConfig.builder().fractions(0.5, 0.5).noiseStds(1, 1).offsets(0, 2)
                .spreads(1, 1).build());
        assertThrows(UnsupportedOperationException.class, () -> d.clusters().clear());
    }

    @Test
    void preconditions() {
        assertThrows(NullPointerException.class, () -> ClusterData.generate(null));
        assertThrows(NullPointerException.class, () -> ClusterConfig.builder().targetFunction(null).build());
        assertThrows(NullPointerException.class, () -> ClusterConfig.builder().fractions((double[]) null).build());
        // fractions must sum to 1 within 1e-9
        assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.builder().fractions(0.25, 0.25, 0.25, 0.26).build());
        ClusterConfig.builder().fractions(0.25, 0.25, 0.25, 0.25 + 5e-10).build(); // within tolerance: accepted
        assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.builder().fractions(0.5, 0.5, 0.0, 0.0).build());
        // equal lengths and non-empty
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().noiseStds(0.1, 0.1, 0.1).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().offsets(0, 1, 2).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().spreads(1, 1, 1, 1, 1).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().fractions().noiseStds()
                .offsets().spreads().build());
        // stds > 0, spreads > 0, finite values
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().noiseStds(0.1, 0, 0.1, 0.1).build());
        assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.builder().noiseStds(0.1, -1, 0.1, 0.1).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().spreads(1, 1, 0, 1).build());
        assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.builder().spreads(1, 1, Double.NaN, 1).build());
        assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.builder().offsets(0, Double.POSITIVE_INFINITY, 1, 2).build());
        // n >= number of clusters, and every cluster gets a point
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().numTrain(3).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().numTest(3).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().numTrain(4)
                .fractions(0.1, 0.1, 0.1, 0.7).build());
        // grid
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().grid(1, 1, 10).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().grid(2, 1, 10).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.builder().grid(0, 1, 1).build());
        assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.builder().grid(Double.NEGATIVE_INFINITY, 1, 10).build());
        // region of NaN
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.defaults().region(Double.NaN));
        // Cluster record
        assertThrows(IllegalArgumentException.class, () -> new Cluster(-1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Cluster(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Cluster(0, 0, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Cluster(0, 0, 1, 0));
    }

    private static int[] countsOf(int[] labels, int k) {
        int[] counts = new int[k];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    private static int indexOf(double[] a, double v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
