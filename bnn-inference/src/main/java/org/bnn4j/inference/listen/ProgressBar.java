package org.bnn4j.inference.listen;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.IterationEvent;

/**
 * A one-line terminal progress bar on stderr: bar, iteration, elapsed time, ETA and the current loss (or, for MCMC,
 * the step size and the divergences of all chains; iterations are then counted over all chains), redrawn at
 * most {@value #REDRAW_MILLIS} ms apart (about 10 times a second) and at the end. Silent when there is no
 * terminal ({@code System.console() == null}, e.g. under a build tool or with redirected output).
 *
 * <pre>{@code
 * new Svi(SviConfig.defaults()).fit(model, train, FitOptions.defaults().withListeners(new ProgressBar()));
 * }</pre>
 */
public final class ProgressBar implements FitListener {

    /** Smallest interval between redraws. */
    public static final long REDRAW_MILLIS = 100;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean enabled;
    private String method = "";
    private int total;
    private long startNanos;
    private long lastDraw;
    private IterationEvent last;
    private final Map<Integer, IterationEvent> latestPerChain = new HashMap<>();

    /** A bar on stderr, enabled only on a terminal. */
    public ProgressBar() {
        this(System.err, System.console() != null);
    }

    /**
     * @param out     where to draw
     * @param enabled whether to draw at all
     */
    public ProgressBar(PrintStream out, boolean enabled) {
        this.out = Objects.requireNonNull(out, "out");
        this.enabled = enabled;
    }

    @Override
    public synchronized void onStart(String methodName, int totalIterations) {
        this.method = methodName;
        this.total = totalIterations;
        this.startNanos = System.nanoTime();
        this.lastDraw = 0;
        this.last = null;
        this.latestPerChain.clear();
    }

    @Override
    public synchronized void onIteration(IterationEvent event) {
        last = event;
        latestPerChain.put(event.chain(), event);
        long now = System.nanoTime();
        if (enabled && (now - lastDraw >= REDRAW_MILLIS * 1_000_000L || event.iteration() + 1 >= event.total())) {
            lastDraw = now;
            out.print('\r' + line(event, (now - startNanos) / 1e9));
            out.flush();
        }
    }

    @Override
    public synchronized void onFinish() {
        if (enabled && last != null) {
            out.print('\r' + line(last, (System.nanoTime() - startNanos) / 1e9) + System.lineSeparator());
            out.flush();
        }
    }

    /**
     * @param e       the latest event
     * @param elapsed seconds since the start
     * @return the line drawn, without carriage return
     */
    String line(IterationEvent e, double elapsed) {
        // MCMC: progress over all chains (events carry "chains"), the latest step size, divergences summed.
        int chains = (int) Math.round(e.values().getOrDefault("chains", 1.0));
        int done = e.iteration() + 1;
        double divergences = 0;
        boolean hasDivergences = false;
        if (chains > 1 || latestPerChain.size() > 1) {
            done = 0;
            for (IterationEvent c : latestPerChain.values()) {
                done += c.iteration() + 1;
            }
        }
        for (IterationEvent c : latestPerChain.values()) {
            Double d = c.values().get("divergences");
            if (d != null) {
                divergences += d;
                hasDivergences = true;
            }
        }
        int tot = Math.max(e.total(), total) * Math.max(1, chains);
        double frac = tot == 0 ? 1 : Math.min(1.0, done / (double) tot);
        int filled = (int) Math.round(frac * WIDTH);
        double eta = done == 0 ? Double.NaN : elapsed * (tot - done) / done;
        Double loss = e.values().get("loss");
        Double stepSize = e.values().get("stepSize");
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %s ETA %s%s%s%s", method, "#".repeat(filled),
                " ".repeat(WIDTH - filled), done, tot, clock(elapsed), clock(eta),
                loss == null ? "" : String.format(Locale.ROOT, " loss %.4g", loss),
                stepSize == null ? "" : String.format(Locale.ROOT, " step %.3g", stepSize),
                hasDivergences ? String.format(Locale.ROOT, " div %d", Math.round(divergences)) : "");
    }

    private static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
