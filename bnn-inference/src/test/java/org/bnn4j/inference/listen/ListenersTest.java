package org.bnn4j.inference.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bnn4j.inference.ConjugateLinearRegression;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.IterationEvent;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenersTest {

    private final ConjugateLinearRegression lr = new ConjugateLinearRegression(30, 1, 0.5, 1.0, 1);

    @Test
    void metricsLogWritesEveryEventAsJsonLinesAndCsv(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("m.jsonl");
        Path csv = dir.resolve("m.csv");
        SviConfig c = SviConfig.builder().epochs(25).build();
        new Svi(c).fit(lr.model, lr.data, FitOptions.defaults().withListeners(
                new MetricsLog(json, MetricsLog.Format.JSON_LINES), new MetricsLog(csv, MetricsLog.Format.CSV)));
        List<String> lines = Files.readAllLines(json);
        assertEquals(25, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals(0, first.get("iteration").asInt());
        assertEquals(25, first.get("total").asInt());
        for (String k : new String[] {"loss", "elbo", "nll", "kl", "klWeight"}) {
            assertTrue(first.get(k).isNumber(), k);
        }
        List<String> rows = Files.readAllLines(csv);
        assertEquals(26, rows.size());
        assertEquals("fit,method,chain,iteration,total,loss,elbo,nll,kl,klWeight", rows.get(0));
        assertEquals(first.get("elbo").asDouble(), Double.parseDouble(rows.get(1).split(",")[6]), 0.0);
    }

    @Test
    void validationCallbackEveryValidEveryEpochsWithIndependentSnapshot() {
        List<Integer> epochs = new ArrayList<>();
        List<double[]> preds = new ArrayList<>();
        FitListener l = new FitListener() {
            @Override
            public void onValidation(int iteration, Posterior snapshot) {
                epochs.add(iteration);
                preds.add(snapshot.predict(lr.data.x(), 3, new SplittableRandom(0)).mean().toDoubleVector());
            }
        };
        FitOptions o = FitOptions.defaults().withListeners(l).withValidEvery(10);
        new Svi(SviConfig.builder().epochs(35).build()).fit(lr.model, lr.data, o);
        assertEquals(List.of(9, 19, 29), epochs);
        epochs.clear();
        new MaximumAPosteriori(OptimizerConfig.builder().epochs(20).build()).fit(lr.model, lr.data, o);
        assertEquals(List.of(9, 19), epochs);
        assertTrue(preds.get(0)[0] != preds.get(1)[0], "snapshots differ as the fit proceeds");
    }

    @Test
    void progressBarDrawsOnlyWhenEnabled() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBar on = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), true);
        on.onStart("svi", 4);
        for (int i = 0; i < 4; i++) {
            on.onIteration(new IterationEvent(0, i, 4, Map.of("loss", 1.25)));
        }
        on.onFinish();
        String s = buf.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("4/4") && s.contains("loss 1.25") && s.contains("ETA"), s);
        // redraws are throttled: the first event and the last are drawn, the fast ones in between are not
        assertTrue(s.split("\r").length <= 4, s);
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        ProgressBar off = new ProgressBar(new PrintStream(none, true, StandardCharsets.UTF_8), false);
        off.onStart("svi", 2);
        off.onIteration(new IterationEvent(0, 1, 2, Map.of("loss", 1.0)));
        off.onFinish();
        assertEquals(0, none.size());
    }
}
