package org.bnn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --inference laplace} in {@code bnn clusters}, {@code bnn fit} and {@code bnn predict}, and its option. */
class LaplaceCommandTest {

    @Test
    void clustersLaplaceWritesItsDiagnosticsAndPositiveEpistemicStd(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.run("clusters", "--inference", "laplace", "--epochs", "300", "--samples", "10",
                "--no-plots", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertEquals("laplace", m.get("inference").asText());
        assertEquals("layerwise:5", m.get("prior").asText());
        JsonNode d = m.get("diagnostics");
        assertEquals("full", d.get("structure").asText()); // 202 parameters: AUTO takes the full curvature
        assertEquals(202, d.get("coveredParameters").asInt());
        assertEquals(300, d.get("mapEpochsRun").asInt());
        assertTrue(d.get("priorPrecisionMultiplier").asDouble() > 0, d.toString());
        assertTrue(Double.isFinite(d.get("logMarginalLikelihood").asDouble()), d.toString());
        for (JsonNode c : m.get("clusters")) {
            assertTrue(c.get("epistemicStd").asDouble() > 0, c.toString());
        }
    }

    @Test
    void lastLayerStructureIsHonoured(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.run("clusters", "--inference", "laplace", "--laplace-structure", "lastlayer", "--epochs",
                "100", "--hidden", "10", "--samples", "5", "--no-plots", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode d = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile()).get("diagnostics");
        assertEquals("lastlayer", d.get("structure").asText());
        assertEquals(2 * (10 + 1), d.get("coveredParameters").asInt()); // the two heads' weights and biases
    }

    @Test
    void fitThenPredictFromASavedLaplacePosterior(@TempDir Path dir) throws IOException {
        Path train = dir.resolve("t.csv");
        Files.writeString(train, "x,y\n0,0.1\n0.5,0.4\n1,0.9\n1.5,1.4\n2,2.1\n2.5,2.4\n3,2.9\n3.5,3.6\n");
        Path model = dir.resolve("laplace.bnn");
        CliRun fit = CliRun.run("fit", "--csv", train.toString(), "--target", "y", "--inference", "laplace",
                "--epochs", "300", "--hidden", "4", "--homoskedastic", "--save", model.toString());
        assertEquals(0, fit.exit(), fit.err());
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "x\n1.0\n9.0\n");
        CliRun p = CliRun.run("predict", "--model", model.toString(), "--csv", x.toString());
        assertEquals(0, p.exit(), p.err());
        String[] lines = p.out().split("\n");
        double inside = Double.parseDouble(lines[1].split(",")[2]);
        double outside = Double.parseDouble(lines[2].split(",")[2]);
        // a Gaussian over the weights: positive epistemic std, larger far from the data than inside it
        assertTrue(inside > 0 && outside > inside, p.out());
    }

    @Test
    void badLaplaceOptionsGiveExitCode2AndOneLine(@TempDir Path dir) {
        String[][] bad = {
            {"clusters", "--inference", "svi", "--laplace-structure", "full"},
            {"clusters", "--inference", "laplace", "--laplace-structure", "kron"},
            {"clusters", "--inference", "laplace", "--particles", "2"},
            {"clusters", "--inference", "laplace", "--chains", "2"},
            {"fit", "--csv", "none.csv", "--target", "y", "--inference", "map", "--laplace-structure", "full",
                "--save", dir.resolve("m.bnn").toString()},
        };
        for (String[] args : bad) {
            CliRun r = CliRun.run(args);
            String what = String.join(" ", args) + " -> " + r.err();
            assertEquals(2, r.exit(), what);
            assertEquals(1, r.err().strip().lines().count(), what);
            assertFalse(r.err().contains("\tat "), what);
        }
        assertTrue(CliRun.run(bad[0]).err().contains("--laplace-structure applies to --inference laplace only"));
        assertTrue(CliRun.run(bad[1]).err().contains("full, lastlayer, auto"));
    }
}
