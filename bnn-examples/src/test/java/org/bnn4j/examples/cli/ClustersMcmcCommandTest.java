package org.bnn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bnn clusters --inference nuts|hmc} with a tiny budget: the MCMC diagnostics and the option checks. */
class ClustersMcmcCommandTest {

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void nutsWritesTheSixDiagnostics(@TempDir Path dir) throws Exception {
        CliRun r = run("clusters", "--inference", "nuts", "--warmup", "20", "--samples", "20", "--chains", "2",
                "--max-tree-depth", "4", "--no-plots", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertEquals("nuts", m.get("inference").asText());
        JsonNode d = m.get("diagnostics");
        for (String k : new String[] {"divergences", "acceptRate", "stepSize", "meanTreeDepth", "rhatMax", "essMin",
            "essPerSecond", "leapfrogStepsPerSecond"}) {
            assertTrue(d.has(k) && Double.isFinite(d.get(k).asDouble()), k + " in " + d);
        }
        assertEquals(2, d.get("chains").asInt());
        assertTrue(d.get("meanTreeDepth").asDouble() <= 4.0, d.toString());
        assertTrue(d.get("stepSize").asDouble() > 0, d.toString());
        for (JsonNode c : m.get("clusters")) {
            assertTrue(c.get("epistemicStd").asDouble() > 0, c.toString()); // distinct draws
        }
    }

    @Test
    void hmcWithFixedStepSizeRuns(@TempDir Path dir) throws Exception {
        CliRun r = run("clusters", "--inference", "hmc", "--warmup", "0", "--samples", "10", "--chains", "1",
                "--leapfrog-steps", "5", "--step-size", "1e-3", "--prior", "normal:2.5", "--no-plots", "--out",
                dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertEquals("normal:2.5", m.get("prior").asText());
        JsonNode d = m.get("diagnostics");
        assertEquals(1e-3, d.get("stepSize").asDouble(), 0.0); // a given step size is used as is
        assertEquals(0.0, d.get("meanTreeDepth").asDouble(), 0.0);
    }

    @Test
    void nutsFromMapFitsAndDenseMetricRuns(@TempDir Path dir) throws Exception {
        CliRun r = run("clusters", "--inference", "nuts", "--warmup", "25", "--samples", "5", "--chains", "1",
                "--max-tree-depth", "3", "--metric", "dense", "--map-init", "--no-plots", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        // Started at a MAP fit, 30 short iterations still fit the data: better than a constant Gaussian predictor,
        // whose NLL is ~ 1.4 for y with sd ~ 1 (a broken start would not be).
        assertTrue(m.get("test").get("nll").asDouble() < 0.0, m.get("test").toString());
        assertEquals("layerwise:5", m.get("prior").asText()); // the demo's MCMC prior
        // the floor to read the NLL against: the generating distribution's NLL on the same 400 test targets
        assertEquals(org.bnn4j.datasets.ClusterData.generate(org.bnn4j.datasets.ClusterConfig.defaults()).oracleTestNll(),
                m.get("test").get("oracleNll").asDouble(), 1e-12);
    }

    @Test
    void nutsWithLowRankMetricAndMarginalMeanHeadRuns(@TempDir Path dir) throws Exception {
        CliRun r = run("clusters", "--inference", "nuts", "--warmup", "60", "--samples", "5", "--chains", "1",
                "--max-tree-depth", "4", "--metric", "low-rank", "--parameterization", "marginal-mean-head",
                "--no-plots", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        // every kept draw carries an exactly drawn mean head, so even 5 draws after a short warm-up fit the data
        // better than a constant Gaussian predictor (NLL ~ 1.4 for y with sd ~ 1)
        assertTrue(m.get("test").get("nll").asDouble() < 0.0, m.get("test").toString());
    }

    @Test
    void badMcmcOptionsGiveExitCode2AndOneLine() {
        String[][] bad = {
            {"clusters", "--inference", "hmc"},
            {"clusters", "--inference", "hmc", "--leapfrog-steps", "5", "--max-tree-depth", "3"},
            {"clusters", "--inference", "nuts", "--leapfrog-steps", "5"},
            {"clusters", "--inference", "nuts", "--chains", "0"},
            {"clusters", "--inference", "nuts", "--warmup", "-1"},
            {"clusters", "--inference", "nuts", "--step-size", "-1"},
            {"clusters", "--inference", "nuts", "--epochs", "5"},
            {"clusters", "--inference", "nuts", "--metric", "full"},
            {"clusters", "--inference", "nuts", "--parameterization", "half"},
            {"clusters", "--inference", "svi", "--chains", "2"},
            {"clusters", "--inference", "map", "--warmup", "10"},
        };
        for (String[] args : bad) {
            CliRun r = run(args);
            String what = String.join(" ", args) + " -> " + r.err();
            assertEquals(2, r.exit(), what);
            assertEquals(1, r.err().strip().lines().count(), what);
            assertFalse(r.err().contains("\tat "), what);
        }
    }
}
