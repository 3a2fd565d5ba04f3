package org.bnn4j.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.bnn4j.datasets.UciFixtures;
import org.bnn4j.examples.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bnn uci --inference laplace} and {@code laplace-single} on the synthetic dataset of {@link UciCommandTest}. */
class UciLaplaceTest {

    @Test
    void laplaceRunsEverySplitAndRecordsItsSettings(@TempDir Path tmp) throws Exception {
        JsonNode s = run(tmp, "laplace-single");
        assertEquals("auto", s.get("structure").asText());
    }

    @Test
    void theMixtureRunsEverySplitAndRecordsItsSettings(@TempDir Path tmp) throws Exception {
        JsonNode s = run(tmp, "laplace");
        assertTrue(s.get("mixture").asBoolean(), s.toString());
        assertEquals("lastlayer", s.get("structure").asText());
        assertEquals(UciInference.ENSEMBLE_MEMBERS, s.get("members").asInt());
    }

    private static JsonNode run(Path tmp, String inference) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("uci", "--data-dir", tmp.toString(), "--dataset", "toy", "--inference", inference,
                "--epochs", "200", "--splits", "2", "--hidden", "8", "--samples", "10", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(inference, m.get("inference").asText());
        assertEquals(2, m.get("ll").get("perSplit").size());
        assertTrue(Double.isFinite(m.get("ll").get("mean").asDouble()), m.toString());
        JsonNode s = m.get("settings");
        assertEquals(200, s.get("epochs").asInt());
        assertEquals("linearized", s.get("predictive").asText());
        return s;
    }
}
