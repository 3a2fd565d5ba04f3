package org.bnn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bnn4j.examples.clusters.ClusterPlots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the {@code bnn} command in-process: outputs of {@code clusters}, and one-line errors on bad options. */
class BnnCommandTest {

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void clustersMapWritesMetricsWithFiniteNumbers(@TempDir Path dir) throws Exception {
        // the plain picocli entry point, as a user embedding the command would call it
        int exit = new CommandLine(new BnnCommand()).execute("clusters", "--inference", "map", "--epochs", "50",
                "--no-plots", "--out", dir.toString());
        assertEquals(0, exit);
        JsonNode m = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertEquals("map", m.get("inference").asText());
        assertEquals("normal:1", m.get("prior").asText()); // the notebook's prior for map/mle
        assertEquals(906, m.get("seed").asLong());
        assertFinite(m, "fitSeconds");
        for (String k : new String[] {"rmse", "nll", "coverage90", "crps"}) {
            assertFinite(m.get("test"), k);
        }
        assertEquals(4, m.get("clusters").size());
        for (JsonNode c : m.get("clusters")) {
            for (String k : new String[] {"lo", "hi", "trueStd", "aleatoricStd", "epistemicStd"}) {
                assertFinite(c, k);
            }
            assertEquals(0.0, c.get("epistemicStd").asDouble(), 0.0); // a point mass has no weight uncertainty
        }
        for (String r : new String[] {"cluster", "gap", "outside"}) {
            for (String k : new String[] {"aleatoricStd", "epistemicStd", "rmse"}) {
                assertFinite(m.get("regions").get(r), k);
            }
        }
        assertTrue(m.get("diagnostics").isObject() && m.get("diagnostics").size() > 0, m.toString());
        assertFalse(Files.exists(dir.resolve("data.png")), "--no-plots must not write plots");
    }

    @Test
    void clustersSviReportsPositiveEpistemicStd(@TempDir Path dir) throws Exception {
        CliRun r = run("clusters", "--inference", "svi", "--epochs", "20", "--particles", "2", "--samples", "10",
                "--no-plots", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertEquals("svi", m.get("inference").asText());
        for (JsonNode c : m.get("clusters")) {
            // a mean-field Gaussian guide with positive scales gives distinct weight samples
            assertTrue(c.get("epistemicStd").asDouble() > 0, c.toString());
        }
    }

    @Test
    void clustersSviWithALowRankGuideRecordsTheGuide(@TempDir Path dir) throws Exception {
        CliRun r = run("clusters", "--inference", "svi", "--guide", "lowrank:3", "--epochs", "20", "--particles", "2",
                "--samples", "10", "--no-plots", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertEquals("lowrank:3", m.get("diagnostics").get("guide").asText());
        for (JsonNode c : m.get("clusters")) {
            assertTrue(c.get("epistemicStd").asDouble() > 0, c.toString());
        }
    }

    /**
     * {@code --stop} ends the fit before its budget and no sooner than the rule's minimum; the demo's SVI ELBO (about
     * -300 to -700) is flat to 1 % over 20 epochs well before epoch 1500, the last at which a final phase of a third
     * still fits in the 2000-epoch budget.
     */
    @Test
    void clustersSviWithAStoppingRuleEndsBeforeItsBudget(@TempDir Path dir) throws Exception {
        CliRun r = run("clusters", "--inference", "svi", "--stop", "plateau:20,1e-2,100", "--epochs", "2000",
                "--samples", "10", "--no-plots", "--quiet", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        int epochs = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile()).get("diagnostics")
                .get("epochs").asInt();
        assertTrue(epochs > 100 && epochs < 2000, "epochs " + epochs);
    }

    @Test
    void clustersWithPlotsWritesNonEmptyPngs(@TempDir Path dir) throws Exception {
        CliRun r = run("clusters", "--inference", "mle", "--homoskedastic", "--epochs", "20", "--samples", "5",
                "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("aleatoric std"), r.out());
        for (String f : ClusterPlots.FILE_NAMES) {
            Path p = dir.resolve(f);
            assertTrue(Files.isRegularFile(p) && Files.size(p) > 1000, f + " missing or empty");
            byte[] head = Files.readAllBytes(p);
            assertEquals((byte) 0x89, head[0]); // PNG signature
            assertEquals('P', head[1]);
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp files left");
        }
    }

    @Test
    void badOptionsGiveExitCode2AndOneLine() {
        String[][] bad = {
            {"clusters", "--inference", "foo"},
            {"clusters", "--epochs", "-3"},
            {"clusters", "--epochs", "ten"},
            {"clusters", "--function", "sin"},
            {"clusters", "--inference", "map", "--particles", "4"},
            {"clusters", "--guide", "diag"},
            {"clusters", "--guide", "lowrank:0"},
            {"clusters", "--inference", "map", "--guide", "lowrank:2"},
            {"clusters", "--inference", "nuts", "--guide", "fullrank"},
            {"clusters", "--stop", "sometimes"},
            {"clusters", "--stop", "plateau:0"},
            {"clusters", "--inference", "nuts", "--stop", "plateau"},
            {"clusters", "--samples", "0"},
            {"clusters", "--lr", "-1"},
            {"clusters", "--prior", "cauchy:1"},
            {"clusters", "--prior", "normal"},
            {"clusters", "--prior", "normal:-1"},
            {"clusters", "--prior", "layerwise:wide"},
            {"clusters", "--no-such-option"},
            {"nosuchcommand"},
        };
        for (String[] args : bad) {
            CliRun r = run(args);
            String what = String.join(" ", args) + " -> " + r.err();
            assertEquals(2, r.exit(), what);
            assertEquals(1, r.err().strip().lines().count(), what);
            assertFalse(r.err().contains("\tat "), what);
            assertEquals("", r.out(), what);
        }
        assertTrue(run("clusters", "--inference", "foo").err().contains("svi, map, mle"));
    }

    @Test
    void aRunThatFailsWhileWritingGivesExitCode1AndOneLineUnlessVerbose(@TempDir Path dir) throws Exception {
        // a folder where the command writes metrics.json: found only when the run writes it, after the fit
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("metrics.json"));
        String[] args = {"clusters", "--inference", "map", "--epochs", "1", "--no-plots", "--quiet", "--out",
                out.toString()};
        CliRun r = run(args);
        assertEquals(1, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().strip().endsWith("metrics.json: is a directory; pass a file name"), r.err());
        CliRun v = run(java.util.stream.Stream.concat(java.util.stream.Stream.of("--verbose"),
                java.util.Arrays.stream(args)).toArray(String[]::new));
        assertEquals(1, v.exit(), v.err());
        assertTrue(v.err().contains("\tat "), "--verbose must print the stack trace: " + v.err());
        // an existing file as the output folder is caught before the fit: exit 2
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertEquals(2, run("clusters", "--inference", "map", "--epochs", "1", "--out", file.toString()).exit());
    }

    @Test
    void helpAndVersionSucceed() {
        CliRun h = run("clusters", "--help");
        assertEquals(0, h.exit());
        assertTrue(h.out().contains("--inference") && h.out().contains("OMP_NUM_THREADS"), h.out());
        CliRun v = run("--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("bnn "), v.out());
        assertEquals(0, run("--help").exit());
    }

    private static void assertFinite(JsonNode parent, String key) {
        JsonNode n = parent.get(key);
        assertTrue(n != null && n.isNumber() && Double.isFinite(n.asDouble()), key + " in " + parent);
    }
}
