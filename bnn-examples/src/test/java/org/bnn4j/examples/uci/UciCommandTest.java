package org.bnn4j.examples.uci;

import static org.bnn4j.datasets.UciFixtures.SPLITS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bnn4j.datasets.UciFixtures;
import org.bnn4j.examples.cli.BnnCommand;
import org.bnn4j.examples.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bnn uci} in-process on a tiny synthetic dataset in the UCI layout, and its one-line usage errors. */
class UciCommandTest {

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void mapOnSyntheticWritesMetricsWithMeanAndStandardError(@TempDir Path tmp) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        Path out = tmp.resolve("out");
        CliRun r = run("uci", "--data-dir", tmp.toString(), "--dataset", "toy", "--inference", "map", "--epochs", "200",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("toy", m.get("dataset").asText());
        assertEquals("map", m.get("inference").asText());
        assertEquals(SPLITS, m.get("splits").asInt());
        assertTrue(m.get("fitSecondsTotal").asDouble() > 0, m.toString());
        for (String key : new String[] {"rmse", "ll"}) {
            JsonNode s = m.get(key);
            assertEquals(SPLITS, s.get("perSplit").size(), key);
            double[] v = new double[SPLITS];
            for (int i = 0; i < SPLITS; i++) {
                v[i] = s.get("perSplit").get(i).asDouble();
                assertTrue(Double.isFinite(v[i]), key + " " + s);
            }
            double mean = (v[0] + v[1] + v[2]) / SPLITS;
            double var0 = ((v[0] - mean) * (v[0] - mean) + (v[1] - mean) * (v[1] - mean)
                    + (v[2] - mean) * (v[2] - mean)) / SPLITS; // ddof 0, as numpy.std in the published code
            // recomputed in the same double arithmetic from the 17-digit JSON values: agree to rounding
            assertEquals(mean, s.get("mean").asDouble(), 1e-12 * Math.max(1, Math.abs(mean)), key);
            assertEquals(Math.sqrt(var0) / Math.sqrt(SPLITS), s.get("se").asDouble(), 1e-12, key);
        }
        // a linear target with noise std 0.3 is learnable: test RMSE well below the y std (~3.6)
        assertTrue(m.get("rmse").get("mean").asDouble() < 1.5, m.toString());
        assertTrue(r.out().contains("split  3/3"), r.out());
    }

    @Test
    void metricsAreInTheOriginalUnitsOfY(@TempDir Path tmp) throws Exception {
        // same data, y scaled by 1000: the standardised problem is identical, so the fit is too (same seeds);
        // RMSE must scale by 1000 and the log-likelihood shift by -log(1000) per point, up to float rounding
        UciFixtures.writeSynthetic(tmp, "a", 1.0);
        UciFixtures.writeSynthetic(tmp, "b", 1000.0);
        JsonNode a = fit(tmp, "a");
        JsonNode b = fit(tmp, "b");
        for (int i = 0; i < SPLITS; i++) {
            double ra = a.get("rmse").get("perSplit").get(i).asDouble();
            double rb = b.get("rmse").get("perSplit").get(i).asDouble();
            assertEquals(1000 * ra, rb, 1e-6 * rb, "rmse split " + i);
            double la = a.get("ll").get("perSplit").get(i).asDouble();
            double lb = b.get("ll").get("perSplit").get(i).asDouble();
            assertEquals(la - Math.log(1000), lb, 1e-6 * Math.abs(lb), "ll split " + i);
        }
    }

    private static JsonNode fit(Path root, String name) throws IOException {
        Path out = root.resolve("out-" + name);
        CliRun r = run("uci", "--data-dir", root.toString(), "--dataset", name, "--inference", "mle", "--epochs", "100",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    }

    @Test
    void sviHeteroskedasticAndSplitsOption(@TempDir Path tmp) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        Path out = tmp.resolve("out");
        CliRun r = run("uci", "--data-dir", tmp.toString(), "--dataset", "toy", "--inference", "svi", "--epochs", "50",
                "--splits", "2", "--heteroskedastic", "--hidden", "8", "--samples", "10", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(2, m.get("splits").asInt());
        assertEquals("heteroskedastic", m.get("noise").asText());
        assertEquals(2, m.get("ll").get("perSplit").size());
        assertEquals(50, m.get("settings").get("epochs").asInt());
    }

    @Test
    void sviWithAGuideRecordsIt(@TempDir Path tmp) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        Path out = tmp.resolve("out");
        CliRun r = run("uci", "--data-dir", tmp.toString(), "--dataset", "toy", "--inference", "svi", "--guide",
                "fullrank", "--epochs", "30", "--splits", "1", "--hidden", "4", "--samples", "10", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("fullrank", m.get("settings").get("guide").asText());
        assertTrue(Double.isFinite(m.get("ll").get("mean").asDouble()), m.toString());
    }

    @Test
    void aStoppingRuleIsAcceptedAndRecorded(@TempDir Path tmp) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        Path out = tmp.resolve("out");
        CliRun r = run("uci", "--data-dir", tmp.toString(), "--dataset", "toy", "--inference", "map", "--stop",
                "plateau:10,1e-2,50", "--epochs", "3000", "--splits", "1", "--hidden", "4", "--samples", "10",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertTrue(m.get("settings").get("stopping").asText().contains("window=10"), m.toString());
        assertTrue(Double.isFinite(m.get("ll").get("mean").asDouble()), m.toString());
    }

    @Test
    void realYachtOneSplitPrintsPublishedRows(@TempDir Path tmp) throws Exception {
        Path dir = UciFixtures.sharedDir();
        assumeTrue(dir != null && Files.isDirectory(dir.resolve("yacht")), "shared/data/uci not found");
        CliRun r = run("uci", "--data-dir", dir.toString(), "--dataset", "yacht", "--inference", "map", "--epochs", "300",
                "--splits", "1", "--out", tmp.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("PBP") && r.out().contains("shipped per-split"), r.out());
        JsonNode m = new ObjectMapper().readTree(tmp.resolve("metrics.json").toFile());
        assertTrue(Double.isFinite(m.get("ll").get("mean").asDouble()), m.toString());
    }

    @Test
    void badOptionsFailWithOneLineAndExitTwo(@TempDir Path tmp) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        String d = tmp.toString();
        String[][] bad = {
            {"uci", "--data-dir", d, "--dataset", "nosuch"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--splits", "0"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--splits", "4"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--homoskedastic", "--heteroskedastic"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--inference", "nuts", "--epochs", "10"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--inference", "bogus"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--guide", "lowrank:x"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--inference", "map", "--guide", "lowrank:2"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--stop", "soon"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--inference", "laplace", "--stop", "plateau"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--epochs", "0"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--activation", "sigmoid"},
            {"uci", "--dataset", "toy"},
        };
        for (String[] args : bad) {
            CliRun r = run(args);
            String what = String.join(" ", args);
            assertEquals(BnnCommand.EXIT_USAGE, r.exit(), what + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), what + " -> " + r.err());
            assertTrue(r.err().startsWith("bnn uci: "), r.err());
        }
        assertTrue(run(bad[2]).err().contains("[1, 3]"));
    }

    @Test
    void helpRendersWithoutPicocliWarnings() {
        java.io.ByteArrayOutputStream sysErr = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(sysErr, true));
        CliRun r;
        try {
            r = run("uci", "--help");
        } finally {
            System.setErr(old);
        }
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--validation") && r.out().contains("10% of each"), r.out());
        assertEquals("", sysErr.toString() + r.err(), "picocli warnings while rendering the help");
    }

    @Test
    void malformedDatasetIsAUsageError(@TempDir Path tmp) throws Exception {
        Path dir = UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        Files.writeString(dir.resolve("index_target.txt"), "0\n"); // the target among the features
        CliRun r = run("uci", "--data-dir", tmp.toString(), "--dataset", "toy");
        assertEquals(BnnCommand.EXIT_USAGE, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
