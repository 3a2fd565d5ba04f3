package org.bnn4j.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bnn4j.datasets.UciFixtures;
import org.bnn4j.examples.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bnn uci --metrics-log}: one log over all splits, each split's fit numbered; --out checked before the run. */
class UciProgressTest {

    @Test
    void oneMetricsLogHoldsEverySplitsFit(@TempDir Path tmp) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        Path log = tmp.resolve("uci.jsonl");
        CliRun r = CliRun.run("uci", "--data-dir", tmp.toString(), "--dataset", "toy", "--inference", "map",
                "--epochs", "25", "--splits", "2", "--quiet", "--metrics-log", log.toString(), "--out",
                tmp.resolve("out").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        List<String> lines = Files.readAllLines(log);
        assertEquals(50, lines.size());
        ObjectMapper m = new ObjectMapper();
        assertEquals(0, m.readTree(lines.get(24)).get("fit").asInt());
        assertEquals(1, m.readTree(lines.get(25)).get("fit").asInt());
        assertEquals(0, m.readTree(lines.get(25)).get("iteration").asInt());
    }

    @Test
    void anExistingFileAsOutIsRefusedBeforeTheRun(@TempDir Path tmp) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        CliRun r = CliRun.run("uci", "--data-dir", tmp.toString(), "--dataset", "toy", "--inference", "map",
                "--out", file.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().strip().endsWith("--out " + file + " is a file, not a folder; pass a folder name (it is "
                + "created if missing)"), r.err());
        assertEquals("x", Files.readString(file));
    }
}
