package org.bnn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bnn info} shows a model file's provenance, diagnostics and attributes. */
class InfoCommandTest {

    @Test
    void showsProvenanceOfAFittedModel(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("train.csv");
        List<String> lines = new ArrayList<>(List.of("x1,x2,y"));
        SplittableRandom r = new SplittableRandom(5);
        double[] x = new double[80];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[2 * i] = r.nextDouble();
            x[2 * i + 1] = r.nextDouble();
            y[i] = x[2 * i] - x[2 * i + 1] + 0.1 * r.nextGaussian();
            lines.add(String.format(Locale.ROOT, "%.17g,%.17g,%.17g", x[2 * i], x[2 * i + 1], y[i]));
        }
        Files.write(csv, lines);
        Path model = dir.resolve("m.bnn");
        CliRun fit = CliRun.run("fit", "--csv", csv.toString(), "--target", "y", "--inference", "map", "--epochs",
                "30", "--seed", "42", "--save", model.toString(), "--quiet");
        assertEquals(0, fit.exit(), fit.err());

        CliRun text = CliRun.run("info", "--model", model.toString());
        assertEquals(0, text.exit(), text.err());
        // the fingerprint of the rows as the CSV parser reads them (the %.17g text round-trips every double)
        String sha = Provenance.DataFingerprint.of(Dataset.of(x, y, 40, 2, 1)).sha256();
        assertTrue(text.out().contains("sha256: " + sha), text.out());
        assertTrue(text.out().contains("method: map") && text.out().contains("seed: 42"), text.out());
        assertTrue(text.out().contains("hardwareFma"), text.out());

        CliRun json = CliRun.run("info", "--model", model.toString(), "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertEquals(42, j.at("/provenance/configuration/seed").asInt());
        assertEquals(30, j.at("/provenance/configuration/epochs").asInt());
        assertEquals(40, j.at("/provenance/trainingData/rows").asInt());
        assertEquals("y", j.at("/attributes/targets/0").asText());
    }

    @Test
    void missingOrForeignFilesAreOneLineUsageErrors(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.bnn");
        Files.writeString(junk, "not a zip");
        for (Path p : new Path[] {dir.resolve("none.bnn"), junk}) {
            CliRun r = CliRun.run("info", "--model", p.toString());
            assertEquals(BnnCommand.EXIT_USAGE, r.exit(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
