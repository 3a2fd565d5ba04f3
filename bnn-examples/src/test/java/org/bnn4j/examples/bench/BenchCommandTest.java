package org.bnn4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bnn4j.examples.cli.BnnCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bnn bench --quick} end to end, with each case in its own forked JVM as by default: every figure the
 * report needs arrives in bench.json. Only the plumbing is checked; speed is measured by the bench, not asserted.
 */
class BenchCommandTest {

    @Test
    void quickSuiteForksEveryCaseAndWritesAllFigures(@TempDir Path dir) throws Exception {
        int exit = new CommandLine(new BnnCommand()).execute("bench", "--quick", "--nuts-warmup", "2",
                "--nuts-samples", "4", "--out", dir.toString());
        assertEquals(0, exit);
        JsonNode r = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
        assertTrue(r.get("forkedJvms").asBoolean(), r.toString());
        assertEquals(4, r.get("forwardBackward").size());
        for (String k : new String[] {"gradMicros", "sviEpochMillis", "predictMillis"}) {
            double median = r.get(k).get("median").asDouble();
            assertTrue(median > 0 && Double.isFinite(median), k + " " + r.get(k));
        }
        JsonNode nuts = r.get("nuts");
        assertEquals(4, nuts.get("chains").asInt());
        assertEquals(2, nuts.get("warmup").asInt());
        assertTrue(nuts.get("fitSeconds").asDouble() > 0, nuts.toString());
        assertTrue(r.get("memory").get("svi").has("heapAfterBytes"), r.get("memory").toString());
        assertTrue(r.get("memory").get("peakHeapBytes").asLong() > 0, r.get("memory").toString());
        assertTrue(Files.readString(dir.resolve("bench.md")).contains("predictMillis"));
    }
}
