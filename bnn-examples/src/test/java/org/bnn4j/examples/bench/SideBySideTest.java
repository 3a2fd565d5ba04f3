package org.bnn4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Ratios divide the reference's figures of the run by bnn4j's; the load warning flags a busy machine. */
class SideBySideTest {

    private static Map<String, Object> timing(double median) {
        return Map.of("median", median, "p10", median, "p90", median, "unit", "x");
    }

    private static Map<String, Object> referenceFigures(int nutsSamples) {
        Map<String, Object> grad = Map.of("pyro_grad_us", 755.0, "torch_grad_us", 218.0);
        Map<String, Object> svi = Map.of("units", 2000, "ms_per_epoch", 2.22, "fit_s", 4.44, "test_nll_mix", 0.11,
                "predict_s", 0.091);
        Map<String, Object> nuts = Map.of("fit_s", 48.0, "s_per_iter", 1.2, "potential_evals_total", 30000,
                "sample_leapfrog_mean", 1023.0, "ess_pred_mean_min", 6.0);
        return SideBySide.referenceFigures(grad, svi, nuts, new int[] {20, nutsSamples});
    }

    private static Map<String, Object> bnn4j(int nutsSamples) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("gradMicros", timing(30.0));
        r.put("sviEpochMillis", timing(0.111));
        r.put("predictMillis", timing(13.0));
        r.put("sviDefaultFit", Map.of("fitSeconds", 0.4, "testNll", -1.9, "epochs", 8000));
        r.put("sviTimeToQuality", Map.of("none", Map.of("secondsToTarget", 0.2, "epochsToTarget", 1500)));
        r.put("nuts", Map.of("chains", 4, "warmup", 10, "samples", nutsSamples, "fitSeconds", 2.0,
                "totalLeapfrogSteps", 80000L, "essPerSecond", 3.0, "prior", "layerwise:5"));
        return r;
    }

    private static Map<String, SideBySide.Ratio> byKey(List<SideBySide.Ratio> ratios) {
        return ratios.stream().collect(Collectors.toMap(SideBySide.Ratio::key, Function.identity()));
    }

    @Test
    void referenceFiguresAreReadFromItsJsonKeys() {
        Map<String, Object> f = referenceFigures(20);
        assertEquals(91.0, (double) ((Map<?, ?>) f.get("svi")).get("predictMillis"), 1e-12);
        assertEquals(2.22, (double) ((Map<?, ?>) f.get("svi")).get("msPerEpoch"), 0.0);
        assertEquals(755.0, (double) ((Map<?, ?>) f.get("grad")).get("pyroGradMicros"), 0.0);
        Map<?, ?> nuts = (Map<?, ?>) f.get("nuts");
        assertEquals(1600.0, (double) nuts.get("microsPerLeapfrogStep"), 1e-9); // 48 s / 30000 steps
        assertEquals(0.125, (double) nuts.get("essPerSecond"), 1e-15); // 6 / 48 s
        assertEquals(20, ((Number) nuts.get("samples")).intValue());
        assertTrue(SideBySide.referenceFigures(null, null, null, null).isEmpty());
    }

    @Test
    void everyRatioIsTheReferenceFigureOverBnn4jsOfTheSameRun() {
        Map<String, SideBySide.Ratio> r = byKey(SideBySide.ratios(bnn4j(200), referenceFigures(200)));
        assertEquals(List.of("sviEpoch", "sviDefaultFit", "sviTimeToQuality", "gradPyro", "gradTorch", "predict",
                "nutsLeapfrogStep", "nutsIteration", "nutsEssPerSecond"), SideBySide.ratios(bnn4j(200),
                referenceFigures(200)).stream()
                .map(SideBySide.Ratio::key).toList());
        assertEquals(2.22 / 0.111, r.get("sviEpoch").speedup(), 1e-12);
        assertEquals(4.44 / 0.4, r.get("sviDefaultFit").speedup(), 1e-12);
        assertEquals(4.44 / 0.2, r.get("sviTimeToQuality").speedup(), 1e-12);
        assertEquals(755.0 / 30, r.get("gradPyro").speedup(), 1e-12);
        assertEquals(218.0 / 30, r.get("gradTorch").speedup(), 1e-12);
        assertEquals(91.0 / 13, r.get("predict").speedup(), 1e-12);
        // bnn4j: 2 s over 80000 steps = 25 us; Pyro 1600 us
        assertEquals(1600.0 / 25.0, r.get("nutsLeapfrogStep").speedup(), 1e-9);
        // bnn4j: 2 s over 4 x (10 + 200) iterations; Pyro 1.2 s
        assertEquals(1.2 / (2.0 / 840), r.get("nutsIteration").speedup(), 1e-9);
        assertEquals(3.0 / 0.125, r.get("nutsEssPerSecond").speedup(), 1e-12);
    }

    @Test
    void goalsAreJudgedOnTheRatio() {
        Map<String, SideBySide.Ratio> r = byKey(SideBySide.ratios(bnn4j(200), referenceFigures(200)));
        assertFalse(r.get("sviEpoch").goalMet(), "20x is short of 25x");
        assertTrue(r.get("sviTimeToQuality").goalMet(), "NLL -1.85 in 0.2 s against a 4.44 s fit: 1/22 <= 1/10");
        assertNull(r.get("sviDefaultFit").goalMet(), "the whole fit's time carries no goal; its time to quality does");
        assertTrue(r.get("predict").goalMet(), "7x meets >= 6x");
        assertNull(r.get("gradPyro").goalMet());
        Map<String, Object> slow = bnn4j(200);
        slow.put("sviTimeToQuality", Map.of("none", Map.of("secondsToTarget", 0.5, "epochsToTarget", 4000)));
        assertFalse(byKey(SideBySide.ratios(slow, referenceFigures(200))).get("sviTimeToQuality").goalMet(),
                "0.5 s against 4.44 s is 1/8.9, short of 1/10");
        Map<String, Object> never = bnn4j(200);
        never.put("sviTimeToQuality", Map.of("none", Map.of("secondsToTarget", Double.NaN, "epochsToTarget", -1)));
        assertFalse(byKey(SideBySide.ratios(never, referenceFigures(200))).get("sviTimeToQuality").goalMet(),
                "a fit that never reaches the NLL misses the goal");
    }

    @Test
    void essPerSecondIsNotComparedOnShortRuns() {
        SideBySide.Ratio ess = byKey(SideBySide.ratios(bnn4j(10), referenceFigures(20))).get("nutsEssPerSecond");
        assertTrue(Double.isNaN(ess.speedup()));
        assertTrue(ess.note().contains("not compared"), ess.note());
        assertEquals(3.0, ess.bnn4j(), 0.0);
    }

    @Test
    void timePerIterationIsNotComparedWhenTheTreesDifferInSize() {
        Map<String, Object> shallow = bnn4j(200);
        shallow.put("nuts", Map.of("chains", 4, "warmup", 10, "samples", 200, "fitSeconds", 2.0,
                "totalLeapfrogSteps", 8400L, "essPerSecond", 3.0, "prior", "layerwise:5")); // 10 steps per iteration
        Map<String, SideBySide.Ratio> r = byKey(SideBySide.ratios(shallow, referenceFigures(200))); // Pyro: 136
        assertTrue(Double.isNaN(r.get("nutsIteration").speedup()));
        assertTrue(r.get("nutsIteration").note().contains("bnn4j 10, Pyro 136 (not compared"),
                r.get("nutsIteration").note());
        assertEquals(1600.0 / (1e6 * 2.0 / 8400), r.get("nutsLeapfrogStep").speedup(), 1e-9, "per step: compared");
    }

    @Test
    void onlyCasesBothSidesRanAreCompared() {
        Map<String, Object> onlyGrad = new LinkedHashMap<>();
        onlyGrad.put("gradMicros", timing(30.0));
        assertEquals(List.of("gradPyro", "gradTorch"), SideBySide.ratios(onlyGrad, referenceFigures(20)).stream()
                .map(SideBySide.Ratio::key).toList());
        assertTrue(SideBySide.ratios(bnn4j(200), Map.of()).isEmpty(), "no reference, no ratios");
    }

    @Test
    void loadWarningTriggersOnABusyStartOrOtherProcessesDuringASide() {
        LoadProbe.Span quiet = new LoadProbe.Span("svi", "bnn4j", 5, 1.8, 1.9, 0.1); // our own load: fine
        assertNull(SideBySide.loadWarning(0.3, List.of(quiet)));
        String start = SideBySide.loadWarning(1.5, List.of(quiet));
        assertTrue(start.contains("load average 1.50 at the start") && start.contains("not comparable"), start);
        String busy = SideBySide.loadWarning(0.3, List.of(quiet,
                new LoadProbe.Span("nuts", "reference", 50, 2.0, 3.0, 0.9)));
        assertTrue(busy.contains("0.90 cores busy during nuts (reference)"), busy);
        assertNull(SideBySide.loadWarning(0.3, List.of(new LoadProbe.Span("svi", "bnn4j", 5, 0.1, 0.1,
                Double.NaN))), "unknown other load is not a warning");
    }
}
