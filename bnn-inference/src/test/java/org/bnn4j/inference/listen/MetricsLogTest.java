package org.bnn4j.inference.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bnn4j.inference.IterationEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One metrics log over several fits (e.g. the UCI splits), its JSON lines read back by Jackson, and its format. */
class MetricsLogTest {

    @TempDir
    Path dir;

    private static void fit(MetricsLog log, String method, double... values) {
        log.onStart(method, values.length);
        for (int i = 0; i < values.length; i++) {
            log.onIteration(new IterationEvent(0, i, values.length, Map.of("loss", values[i])));
        }
        log.onFinish();
    }

    @Test
    void laterFitsAppendWithTheirNumberAndNonFiniteValuesAreJsonStrings() throws Exception {
        Path f = dir.resolve("m.jsonl");
        Files.writeString(f, "stale content of an earlier run\n");
        MetricsLog log = new MetricsLog(f, MetricsLog.Format.forFile(f));
        fit(log, "map", 3.0, 2.5);
        fit(log, "map", Double.NaN, Double.POSITIVE_INFINITY, 1.0);
        List<String> lines = Files.readAllLines(f);
        assertEquals(5, lines.size(), lines.toString()); // truncated at the first fit, appended by the second
        ObjectMapper m = new ObjectMapper();
        JsonNode first = m.readTree(lines.get(0));
        assertEquals(0, first.get("fit").asInt());
        assertEquals("map", first.get("method").asText());
        assertEquals(3.0, first.get("loss").asDouble(), 0.0);
        JsonNode nan = m.readTree(lines.get(2));
        assertEquals(1, nan.get("fit").asInt());
        assertEquals("NaN", nan.get("loss").asText());
        assertTrue(nan.get("loss").isTextual());
        assertEquals("Infinity", m.readTree(lines.get(3)).get("loss").asText());
        assertEquals(2, m.readTree(lines.get(4)).get("iteration").asInt());
    }

    @Test
    void csvByFileNameWithOneHeader() throws Exception {
        Path f = dir.resolve("m.CSV");
        assertEquals(MetricsLog.Format.CSV, MetricsLog.Format.forFile(f));
        assertEquals(MetricsLog.Format.JSON_LINES, MetricsLog.Format.forFile(dir.resolve("m.json")));
        MetricsLog log = new MetricsLog(f, MetricsLog.Format.forFile(f));
        fit(log, "svi", 1.5);
        fit(log, "svi", 0.5);
        assertEquals(List.of("fit,method,chain,iteration,total,loss", "0,svi,0,0,1,1.5", "1,svi,0,0,1,0.5"),
                Files.readAllLines(f));
    }
}
