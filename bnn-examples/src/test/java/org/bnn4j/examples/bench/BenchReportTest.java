package org.bnn4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The markdown shows the load warning, the ratio rows, and says when the reference is missing. */
class BenchReportTest {

    private static Map<String, Object> run(Map<String, Object> reference, List<Map<String, Object>> ratios,
                                           String warning) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("quick", true);
        r.put("machine", Map.of("cpu", "test cpu", "cores", 2, "java", "17", "ompNumThreads", "1"));
        r.put("suiteSeconds", 12.0);
        r.put("reference", reference);
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("startLoadAverage", 1.5);
        load.put("endLoadAverage", 2.0);
        load.put("maxStartLoad", SideBySide.MAX_START_LOAD);
        load.put("maxOtherCores", SideBySide.MAX_OTHER_CORES);
        load.put("warning", warning);
        load.put("sides", List.of(new LoadProbe.Span("gradient", "bnn4j", 3, 1.5, 1.6, 0.7).toMap()));
        r.put("load", load);
        r.put("ratios", ratios);
        r.put("gradMicros", Map.of("median", 30.0, "p10", 29.0, "p90", 35.0, "unit", "us"));
        r.put("memory", new LinkedHashMap<>());
        return r;
    }

    @Test
    void aBusyMachineIsFlaggedAboveTheTables() {
        String warning = SideBySide.loadWarning(1.5, List.of(new LoadProbe.Span("gradient", "bnn4j", 3, 1.5, 1.6,
                0.7)));
        Map<String, Object> ref = Map.of("available", true, "script", "run_peer.sh", "env", Map.of("pyro", "1.8.6"),
                "failures", List.of());
        SideBySide.Ratio grad = new SideBySide.Ratio("gradPyro", "log-joint gradient", 30, 755, "us", 755 / 30.0,
                "means", null, null);
        String md = BenchReport.markdown(run(ref, List.of(grad.toMap()), warning));
        assertTrue(md.contains("**WARNING: the machine was not quiet (load average 1.50 at the start; other processes "
                + "kept 0.70 cores busy during gradient (bnn4j)"), md);
        assertTrue(md.contains("| log-joint gradient | 30.0 us | 755 us | 25.2x | - | means |"), md);
        assertTrue(md.contains("| gradient | bnn4j | 3.0 | 1.50 | 1.60 | 0.70 |"), md);
        assertFalse(md.contains("not available"), md);
    }

    @Test
    void aMissingReferenceIsSaidOnceAndNoRatioTableIsPrinted() {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("available", false);
        ref.put("unavailable", "reference not installed (run_peer.sh exited with code 3: install python3-torch)");
        ref.put("failures", List.of());
        String md = BenchReport.markdown(run(ref, List.of(), null));
        assertTrue(md.contains("**Python reference not available**: reference not installed"), md);
        assertTrue(md.contains("Quiet:"), md);
        assertFalse(md.contains("Side by side") || md.contains("faster by"), md);
        assertTrue(md.contains("| gradMicros (log joint, N = 1, B = 400) | 30.0 [29.0, 35.0] us |"), md);
    }
}
