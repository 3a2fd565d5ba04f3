package org.bnn4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bnn4j.examples.cli.BnnCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bnn bench} end to end with stand-ins for the Python reference ({@link FakePeer}): each case runs in its own
 * forked JVM as by default, the reference runs right after its matching case, its figures reach bench.json and
 * bench.md, and every ratio is computed from the figures of the run. A missing reference is reported. Only the
 * plumbing is checked; speed is measured by the bench, not asserted.
 */
class BenchCommandTest {

    private static int bench(String... args) {
        List<String> a = new ArrayList<>(List.of("bench"));
        a.addAll(List.of(args));
        return new CommandLine(new BnnCommand()).execute(a.toArray(String[]::new));
    }

    private static JsonNode json(Path out) throws Exception {
        return new ObjectMapper().readTree(out.resolve("bench.json").toFile());
    }

    private static List<String> sides(JsonNode r) {
        List<String> s = new ArrayList<>();
        for (JsonNode side : r.get("load").get("sides")) {
            assertTrue(side.get("loadBefore").isNumber() && side.get("loadAfter").isNumber(), side.toString());
            assertTrue(side.get("seconds").asDouble() > 0, side.toString());
            s.add(side.get("case").asText() + " " + side.get("side").asText());
        }
        return s;
    }

    @Test
    void quickSuiteAlternatesWithTheReferenceAndReportsEveryRatioFromTheRunsFigures(@TempDir Path dir)
            throws Exception {
        Path peerDir = dir.resolve("peer");
        Path out = dir.resolve("out");
        int exit = bench("--quick", "--nuts-warmup", "2", "--nuts-samples", "4", "--peer",
                FakePeer.answering(peerDir).toString(), "--out", out.toString());
        assertEquals(0, exit);
        JsonNode r = json(out);
        assertTrue(r.get("forkedJvms").asBoolean(), r.toString());
        assertEquals(4, r.get("forwardBackward").size());
        for (String k : new String[] {"gradMicros", "sviEpochMillis", "predictMillis"}) {
            double median = r.get(k).get("median").asDouble();
            assertTrue(median > 0 && Double.isFinite(median), k + " " + r.get(k));
        }
        JsonNode fit = r.get("sviDefaultFit");
        assertTrue(fit.get("fitSeconds").asDouble() > 0 && Double.isFinite(fit.get("testNll").asDouble()),
                fit.toString());
        JsonNode ttq = r.get("sviTimeToQuality");
        assertEquals(8000, ttq.get("none").get("epochs").asInt(), ttq.toString());
        assertTrue(ttq.get("plateau").get("epochs").asInt() < 8000, ttq.toString());
        for (String rule : new String[] {"none", "plateau"}) {
            assertTrue(Double.isFinite(ttq.get(rule).get("testNll").asDouble()), ttq.toString());
        }
        JsonNode nuts = r.get("nuts");
        assertEquals(4, nuts.get("chains").asInt());
        assertEquals(2, nuts.get("warmup").asInt());
        assertTrue(nuts.get("fitSeconds").asDouble() > 0 && nuts.get("totalLeapfrogSteps").asLong() > 0,
                nuts.toString());
        assertTrue(r.get("memory").get("svi").has("heapAfterBytes"), r.get("memory").toString());
        assertTrue(r.get("memory").get("peakHeapBytes").asLong() > 0, r.get("memory").toString());

        // the two sides alternate, and the reference ran its three variants with the quick NUTS budget
        assertEquals(List.of("kernels bnn4j", "gradient bnn4j", "gradient reference", "svi bnn4j", "svi reference",
                "predict bnn4j", "nuts bnn4j", "nuts reference"), sides(r));
        List<String> calls = FakePeer.calls(peerDir);
        assertEquals(3, calls.size(), calls.toString());
        assertTrue(calls.get(2).startsWith("--variants nuts --mcmc-warmup 20 --mcmc-samples 20 --json"), calls.get(2));

        // the reference's figures reach bench.json
        JsonNode ref = r.get("reference");
        assertTrue(ref.get("available").asBoolean(), ref.toString());
        assertEquals("1.8.6", ref.get("env").get("pyro").asText());
        assertEquals(FakePeer.SVI_MS_PER_EPOCH, ref.get("svi").get("msPerEpoch").asDouble(), 0.0);
        assertEquals(FakePeer.PYRO_GRAD_US, ref.get("grad").get("pyroGradMicros").asDouble(), 0.0);
        assertEquals(FakePeer.NUTS_FIT_S, ref.get("nuts").get("fitSeconds").asDouble(), 0.0);

        // every ratio divides the reference's figure by bnn4j's figure of this run
        Map<String, JsonNode> ratios = new LinkedHashMap<>();
        r.get("ratios").forEach(x -> ratios.put(x.get("key").asText(), x));
        assertEquals(List.of("sviEpoch", "sviDefaultFit", "sviTimeToQuality", "gradPyro", "gradTorch", "predict",
                "nutsLeapfrogStep", "nutsIteration", "nutsEssPerSecond"), List.copyOf(ratios.keySet()));
        assertRatio(FakePeer.SVI_MS_PER_EPOCH / r.get("sviEpochMillis").get("median").asDouble(), ratios, "sviEpoch");
        assertRatio(FakePeer.SVI_FIT_S / fit.get("fitSeconds").asDouble(), ratios, "sviDefaultFit");
        assertRatio(FakePeer.PYRO_GRAD_US / r.get("gradMicros").get("median").asDouble(), ratios, "gradPyro");
        assertRatio(FakePeer.TORCH_GRAD_US / r.get("gradMicros").get("median").asDouble(), ratios, "gradTorch");
        assertRatio(1e3 * FakePeer.SVI_PREDICT_S / r.get("predictMillis").get("median").asDouble(), ratios, "predict");
        double bnnStep = nuts.get("fitSeconds").asDouble() / nuts.get("totalLeapfrogSteps").asDouble();
        assertRatio(FakePeer.NUTS_FIT_S / FakePeer.NUTS_EVALS / bnnStep, ratios, "nutsLeapfrogStep");
        JsonNode iteration = ratios.get("nutsIteration");
        assertEquals(nuts.get("fitSeconds").asDouble() / (4 * (2 + 4)), iteration.get("bnn4j").asDouble(), 1e-15);
        assertEquals(FakePeer.NUTS_S_PER_ITER, iteration.get("reference").asDouble(), 0.0);
        if (!iteration.get("note").asText().contains("not compared")) { // compared only at similar tree sizes
            assertRatio(FakePeer.NUTS_S_PER_ITER / iteration.get("bnn4j").asDouble(), ratios, "nutsIteration");
        }
        assertTrue(ratios.get("nutsEssPerSecond").get("speedup").isNull()
                || Double.isNaN(ratios.get("nutsEssPerSecond").get("speedup").asDouble()), "4 draws: not compared");

        String md = Files.readString(out.resolve("bench.md"));
        assertTrue(md.contains("Python reference (same run"), md);
        assertTrue(md.contains(String.format(Locale.ROOT, "| %.1fx |",
                ratios.get("gradPyro").get("speedup").asDouble())), md);
        assertTrue(md.contains("| gradient | reference |") && md.contains("predictMillis"), md);
        assertTrue(Files.isRegularFile(out.resolve("reference").resolve("svi.json")));
    }

    private static void assertRatio(double expected, Map<String, JsonNode> ratios, String key) {
        double got = ratios.get(key).get("speedup").asDouble();
        assertTrue(Double.isFinite(expected) && expected > 0, key + " " + expected);
        assertEquals(expected, got, 1e-12 * expected, key); // same doubles, same division
    }

    @Test
    void aMissingReferenceIsReportedAndBnn4jsFiguresStandAlone(@TempDir Path dir) throws Exception {
        Path peerDir = dir.resolve("peer");
        Path out = dir.resolve("out");
        assertEquals(0, bench("--quick", "--only", "gradient", "--in-process", "--peer",
                FakePeer.notInstalled(peerDir).toString(), "--out", out.toString()));
        JsonNode r = json(out);
        JsonNode ref = r.get("reference");
        assertFalse(ref.get("available").asBoolean());
        assertTrue(ref.get("unavailable").asText().contains("exited with code 3"), ref.toString());
        assertEquals(0, r.get("ratios").size());
        assertTrue(r.get("gradMicros").get("median").asDouble() > 0);
        assertEquals(List.of("gradient bnn4j"), sides(r));
        String md = Files.readString(out.resolve("bench.md"));
        assertTrue(md.contains("**Python reference not available**") && md.contains("python3-torch"), md);
        assertFalse(md.contains("Side by side"), md);
        assertTrue(md.contains("gradMicros"), md);
    }

    @Test
    void noPeerSkipsTheReferenceAndUnknownCasesAreRejected(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, bench("--quick", "--only", "gradient", "--in-process", "--no-peer", "--out", out.toString()));
        assertTrue(json(out).get("reference").get("unavailable").asText().contains("--no-peer"));
        assertEquals(2, bench("--only", "gradient,sv", "--no-peer", "--out", out.toString()));
    }
}
