package org.bnn4j.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.bnn4j.datasets.UciFixtures;
import org.bnn4j.examples.cli.BnnCommand;
import org.bnn4j.examples.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bnn uci --inference ensemble}: runs, records its settings, and rejects ensemble options elsewhere. */
class UciEnsembleTest {

    @Test
    void ensembleOnSyntheticRecordsMembersAndAnchoring(@TempDir Path tmp) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("uci", "--data-dir", tmp.toString(), "--dataset", "toy", "--inference", "ensemble",
                "--members", "3", "--anchored", "--epochs", "150", "--splits", "2", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("ensemble", m.get("inference").asText());
        assertEquals(3, m.get("settings").get("members").asInt());
        assertTrue(m.get("settings").get("anchored").asBoolean());
        assertEquals(150, m.get("settings").get("epochs").asInt());
        assertEquals(UciInference.ENSEMBLE_HOLDOUT, m.get("settings").get("holdout").asDouble());
        // a linear target with noise std 0.3 is learnable: test RMSE well below the y std (~3.6)
        assertTrue(m.get("rmse").get("mean").asDouble() < 1.5, m.toString());
        assertTrue(Double.isFinite(m.get("ll").get("mean").asDouble()), m.toString());
    }

    @Test
    void ensembleOptionsWithAnotherMethodAreUsageErrors(@TempDir Path tmp) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        String d = tmp.toString();
        String[][] bad = {
            {"uci", "--data-dir", d, "--dataset", "toy", "--inference", "svi", "--members", "3"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--inference", "map", "--anchored"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--inference", "ensemble", "--members", "0"},
        };
        for (String[] args : bad) {
            CliRun r = CliRun.run(args);
            assertEquals(BnnCommand.EXIT_USAGE, r.exit(), String.join(" ", args) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("--members") || r.err().contains("--anchored"), r.err());
        }
    }
}
