package org.bnn4j.inference.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bnn4j.inference.IterationEvent;
import org.junit.jupiter.api.Test;

/**
 * Progress without a terminal: a plain line at every 10% and after 30 s of silence; the SVI terms shown are the ELBO
 * and its parts; which descriptor targets count as terminals.
 */
class ProgressLinesTest {

    private static final long SECOND = 1_000_000_000L;

    private static Map<String, Double> svi(double w) {
        return Map.of("loss", 5.0 + w * 100, "elbo", -105.0, "nll", 5.0, "kl", 100.0, "klWeight", w);
    }

    @Test
    void linesAtEveryTenPercentWithoutCarriageReturns() {
        StringWriter buf = new StringWriter();
        AtomicLong clock = new AtomicLong();
        ProgressBar p = new ProgressBar(new PrintWriter(buf), ProgressBar.Style.LINES, clock::get);
        p.onStart("svi", 200);
        for (int i = 0; i < 200; i++) {
            clock.addAndGet(SECOND / 100);
            p.onIteration(new IterationEvent(0, i, 200, svi(Math.min(1, i / 100.0))));
        }
        p.onFinish();
        String s = buf.toString();
        List<String> lines = s.lines().toList();
        assertFalse(s.contains("\r"), s);
        assertEquals(10, lines.size(), s); // 10%, 20%, ..., 100%; the end is not repeated by onFinish
        assertTrue(lines.get(0).startsWith("svi  10% 20/200 "), lines.get(0));
        assertTrue(lines.get(9).startsWith("svi 100% 200/200 "), lines.get(9));
        // the ELBO and its terms, not the annealed loss (which rises with the KL weight); the weight while < 1
        assertTrue(lines.get(0).contains("elbo -105.0 (nll 5.000, kl 100.0) kl weight 0.19"), lines.get(0));
        assertFalse(lines.get(9).contains("kl weight") || s.contains("loss"), lines.get(9));
    }

    @Test
    void aSlowFitPrintsALineAfterThirtySecondsOfSilence() {
        StringWriter buf = new StringWriter();
        AtomicLong clock = new AtomicLong();
        ProgressBar p = new ProgressBar(new PrintWriter(buf), ProgressBar.Style.LINES, clock::get);
        p.onStart("nuts", 1000);
        Map<String, Double> v = Map.of("stepSize", 0.1, "divergences", 2.0, "warmup", 1.0, "chains", 1.0);
        for (int i = 0; i < 40; i++) { // 4%: no 10% step passed
            clock.addAndGet(SECOND);
            p.onIteration(new IterationEvent(0, i, 1000, v));
        }
        List<String> lines = buf.toString().lines().toList();
        assertEquals(1, lines.size(), buf.toString()); // at 30 s
        assertTrue(lines.get(0).startsWith("nuts   3% 30/1000 00:30 ETA 16:10 step 0.100 div 2"), lines.get(0));
        p.onFinish(); // stopped early: the last state is printed
        assertTrue(buf.toString().lines().toList().get(1).startsWith("nuts   4% 40/1000 00:40"), buf.toString());
    }

    @Test
    void offPrintsNothingAndBarRedrawsInPlace() {
        StringWriter off = new StringWriter();
        ProgressBar p = new ProgressBar(new PrintWriter(off), ProgressBar.Style.OFF);
        p.onStart("map", 10);
        p.onIteration(new IterationEvent(0, 9, 10, Map.of("loss", 1.0)));
        p.onFinish();
        assertEquals("", off.toString());
        StringWriter bar = new StringWriter();
        ProgressBar b = new ProgressBar(new PrintWriter(bar), ProgressBar.Style.BAR);
        b.onStart("map", 10);
        b.onIteration(new IterationEvent(0, 9, 10, Map.of("loss", 1.0)));
        b.onFinish();
        assertTrue(bar.toString().startsWith("\rmap [") && bar.toString().contains("10/10"), bar.toString());
    }

    @Test
    void anEnsembleShowsTheMeanOfItsMembersLatestLosses() {
        // members report interleaved from their threads: the line shows the mean of each member's latest loss, not
        // whichever member reported last
        ProgressBar p = new ProgressBar(new PrintWriter(new StringWriter()), ProgressBar.Style.LINES,
                new AtomicLong()::get);
        p.onStart("ensemble", 10);
        p.onIteration(new IterationEvent(0, 0, 10, Map.of("loss", 100.0, "chains", 2.0)));
        IterationEvent second = new IterationEvent(1, 0, 10, Map.of("loss", 300.0, "chains", 2.0));
        p.onIteration(second);
        assertTrue(p.line(second, 1).endsWith(" mean loss 200.0 (2 members)"), p.line(second, 1));
        IterationEvent third = new IterationEvent(0, 1, 10, Map.of("loss", 50.0, "chains", 2.0));
        p.onIteration(third);
        assertTrue(p.line(third, 1).endsWith(" mean loss 175.0 (2 members)"), p.line(third, 1));
        // one chain: its own loss
        ProgressBar single = new ProgressBar(new PrintWriter(new StringWriter()), ProgressBar.Style.LINES,
                new AtomicLong()::get);
        single.onStart("map", 10);
        IterationEvent e = new IterationEvent(0, 0, 10, Map.of("loss", 7.0));
        single.onIteration(e);
        assertTrue(single.line(e, 1).endsWith(" loss 7.000"), single.line(e, 1));
    }
}
