package org.bnn4j.inference.listen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.bnn4j.inference.IterationEvent;
import org.junit.jupiter.api.Test;

/** The progress bar over MCMC chains: iterations counted over all chains, step size and summed divergences. */
class ProgressBarMcmcTest {

    private static IterationEvent event(int chain, int iteration, double stepSize, int divergences) {
        return new IterationEvent(chain, iteration, 10, Map.of("stepSize", stepSize, "divergences",
                (double) divergences, "warmup", 1.0, "chains", 2.0));
    }

    @Test
    void countsIterationsOfAllChainsAndSumsDivergences() {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), false);
        bar.onStart("nuts", 10);
        bar.onIteration(event(0, 3, 0.5, 1));
        bar.onIteration(event(1, 1, 0.25, 2));
        String line = bar.line(event(1, 1, 0.25, 2), 1.0);
        // chain 0 finished 4 iterations, chain 1 finished 2: 6 of 2 x 10
        assertTrue(line.contains(" 6/20 "), line);
        assertTrue(line.contains("step 0.250"), line);
        assertTrue(line.contains("div 3"), line);
    }

    @Test
    void optimisationLineIsUnchanged() {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), false);
        bar.onStart("map", 100);
        IterationEvent e = new IterationEvent(0, 49, 100, Map.of("loss", 1.5));
        bar.onIteration(e);
        String line = bar.line(e, 2.0);
        assertTrue(line.contains(" 50/100 ") && line.contains("loss 1.500") && !line.contains("step")
                && !line.contains("div"), line);
    }
}
