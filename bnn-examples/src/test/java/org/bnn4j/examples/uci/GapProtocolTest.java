package org.bnn4j.examples.uci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.UciFixtures;
import org.bnn4j.datasets.UciSplit;
import org.bnn4j.examples.cli.BnnCommand;
import org.bnn4j.examples.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-between splits and {@code bnn uci --protocol gap}. */
class GapProtocolTest {

    /** Ten rows whose feature 1 is a permutation of 0..9 (feature 0 constant 5, ties everywhere). */
    private static Dataset tenRows() {
        double[] f1 = {7, 2, 9, 0, 4, 1, 8, 3, 6, 5};
        double[] x = new double[20];
        double[] y = new double[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = 5;
            x[2 * i + 1] = f1[i];
            y[i] = i;
        }
        return Dataset.of(x, y, 10, 2, 1);
    }

    @Test
    void middleThirdByValueIsHeldOut() {
        UciSplit s = GapSplits.of(tenRows(), 1);
        // n = 10: sorted positions [10/3, 20/3) = [3, 6) hold the values 3, 4, 5 (rows 7, 4, 9)
        double[] testValues = s.test().x().getColumn(1).toDoubleVector();
        Arrays.sort(testValues);
        assertArrayEquals(new double[] {3, 4, 5}, testValues, 0);
        assertEquals(7, s.train().size());
        double[] trainY = s.train().y().toDoubleVector();
        double[] testY = s.test().y().toDoubleVector();
        assertArrayEquals(new double[] {4, 7, 9}, testY, 0); // targets = row numbers, in row order
        assertArrayEquals(new double[] {0, 1, 2, 3, 5, 6, 8}, trainY, 0);
        assertEquals(10, GapSplits.distinctValues(tenRows(), 1));
        assertEquals(1, GapSplits.distinctValues(tenRows(), 0));
    }

    @Test
    void tiesAreBrokenByRowNumber() {
        UciSplit s = GapSplits.of(tenRows(), 0); // all equal: the sorted order is the row order
        assertArrayEquals(new double[] {3, 4, 5}, s.test().y().toDoubleVector(), 0);
    }

    @Test
    void heldOutRowsAreScoredPerValueAndTheirScoresAddUpToTheSplits() {
        // 60 rows, feature 0 takes 6 values (10 rows each), feature 1 is continuous; a two-component predictive
        // with known means and scales, so the per-value scores are the split's, row for row
        int n = 60;
        double[] x = new double[2 * n];
        double[] y = new double[n];
        double[] mean = new double[2 * n];
        double[] scale = new double[2 * n];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        for (int i = 0; i < n; i++) {
            x[2 * i] = i % 6;
            x[2 * i + 1] = rng.nextDouble();
            y[i] = (i % 6) + rng.nextGaussian();
            for (int k = 0; k < 2; k++) {
                mean[k * n + i] = 0.5 * (i % 6) + k;
                scale[k * n + i] = 0.5 + 0.1 * k + 0.01 * (i % 6);
            }
        }
        Dataset data = Dataset.of(x, y, n, 2, 1);
        org.bnn4j.predictive.PredictiveDistribution p =
                org.bnn4j.predictive.PredictiveDistribution.of(mean, scale, 2, n, 1);
        java.util.List<GapProtocol.ValueScore> v = GapProtocol.byValue(data, 0, p);
        assertEquals(6, v.size());
        double nll = 0;
        double cover = 0;
        int rows = 0;
        for (int j = 0; j < 6; j++) {
            GapProtocol.ValueScore s = v.get(j);
            assertEquals(j, s.value(), 0, "ascending values");
            assertEquals(10, s.rows());
            nll += s.nll() * s.rows();
            cover += s.coverage90() * s.rows();
            rows += s.rows();
            // bias = mean(y) - mean of the mixture's means (0.5 j + 0.5) over the value's rows
            assertEquals(s.meanY() - (0.5 * j + 0.5), s.bias(), 1e-12);
        }
        assertEquals(n, rows);
        // the split's scores are row means, so the row-weighted means of the per-value scores equal them
        // (up to the summation order's rounding)
        assertEquals(org.bnn4j.predictive.Metrics.nll(p, data.y()), nll / n, 1e-12);
        assertEquals(org.bnn4j.predictive.Metrics.coverage(p, data.y(), 0.9), cover / n, 1e-12);
        // a continuous input (60 values > MAX_VALUES) is not broken down
        assertTrue(GapProtocol.byValue(data, 1, p).isEmpty());
    }

    @Test
    void rejectsBadFeatures() {
        assertThrows(IllegalArgumentException.class, () -> GapSplits.of(tenRows(), 2));
        assertThrows(IllegalArgumentException.class, () -> GapSplits.of(tenRows(), -1));
    }

    @Test
    void commandWritesOneSplitPerFeature(@TempDir Path tmp) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("uci", "--data-dir", tmp.toString(), "--dataset", "toy", "--inference", "map",
                "--epochs", "100", "--protocol", "gap", "--gap-features", "1,0", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("gap", m.get("protocol").asText());
        assertEquals(2, m.get("splits").size());
        assertEquals(1, m.get("splits").get(0).get("feature").asInt());
        JsonNode s = m.get("splits").get(0);
        // 40 rows: the middle third [13, 26) is 13 rows
        assertEquals(13, s.get("testRows").asInt());
        assertEquals(27, s.get("trainRows").asInt());
        double cover = s.get("coverage90").asDouble();
        assertTrue(cover >= 0 && cover <= 1, s.toString());
        // a point estimate has no epistemic variance
        assertEquals(0.0, s.get("epistemicStdTest").asDouble(), 0);
        assertTrue(r.out().contains("in-between"), r.out());
    }

    @Test
    void gapOptionsAreCheckedAsUsageErrors(@TempDir Path tmp) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        String d = tmp.toString();
        String[][] bad = {
            {"uci", "--data-dir", d, "--dataset", "toy", "--protocol", "middle"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--protocol", "gap", "--gap-features", "2"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--protocol", "gap", "--gap-features", "a"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--protocol", "gap", "--splits", "2"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--gap-features", "0"},
        };
        for (String[] args : bad) {
            CliRun r = CliRun.run(args);
            String what = String.join(" ", args);
            assertEquals(BnnCommand.EXIT_USAGE, r.exit(), what + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), what + " -> " + r.err());
        }
    }
}
