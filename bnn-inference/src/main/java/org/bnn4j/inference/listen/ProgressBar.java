package org.bnn4j.inference.listen;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.IterationEvent;
import org.bnn4j.inference.internal.Terminal;

/**
 * Progress of a fit on stderr: a one-line bar redrawn in place when stderr is a terminal, otherwise a plain line at
 * every {@value #LINE_PERCENT_STEP}% of the iterations and at least every {@value #LINE_MAX_SECONDS} s (for logs,
 * {@code nohup} and CI). Each line shows the iterations done, elapsed time, ETA and the method's terms: for SVI the
 * ELBO with its expected negative log-likelihood and KL terms (and the KL weight while it is annealed); for MAP and
 * MLE the loss (for an ensemble, the mean of its members' latest losses); for MCMC the step size and the divergences of all chains (iterations are then counted over all
 * chains).
 *
 * <pre>{@code
 * new Svi(SviConfig.defaults()).fit(model, train, FitOptions.defaults().withListeners(new ProgressBar()));
 * }</pre>
 */
public final class ProgressBar implements FitListener {

    /** How progress is shown. */
    public enum Style {
        /** One line redrawn in place with a carriage return (for a terminal). */
        BAR,
        /** A new line every {@value #LINE_PERCENT_STEP}% and at least every {@value #LINE_MAX_SECONDS} s. */
        LINES,
        /** Nothing. */
        OFF
    }

    /** Smallest interval between redraws of the bar. */
    public static final long REDRAW_MILLIS = 100;
    /** Style {@link Style#LINES}: a line each time this share of the iterations (in percent) is passed. */
    public static final int LINE_PERCENT_STEP = 10;
    /** Style {@link Style#LINES}: the longest silence between lines, in seconds (slow NUTS trees). */
    public static final long LINE_MAX_SECONDS = 30;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final Style style;
    private final LongSupplier nanoTime;
    private String method = "";
    private int total;
    private long startNanos;
    private long lastDraw;
    private int lastPercentStep;
    private boolean lineAtEnd;
    private IterationEvent last;
    private final Map<Integer, IterationEvent> latestPerChain = new HashMap<>();

    /** Progress on stderr: a bar when stderr is a terminal ({@link Terminal#stderrIsTerminal()}), else lines. */
    public ProgressBar() {
        this(System.err, Terminal.stderrIsTerminal() ? Style.BAR : Style.LINES);
    }

    /**
     * @param out     where to draw
     * @param enabled whether to draw the bar at all ({@link Style#BAR} or {@link Style#OFF})
     */
    public ProgressBar(PrintStream out, boolean enabled) {
        this(out, enabled ? Style.BAR : Style.OFF);
    }

    /**
     * @param out   where to draw
     * @param style bar, lines or nothing
     */
    public ProgressBar(PrintStream out, Style style) {
        this(new PrintWriter(Objects.requireNonNull(out, "out")), style);
    }

    /**
     * @param out   where to draw (flushed after every line)
     * @param style bar, lines or nothing
     */
    public ProgressBar(PrintWriter out, Style style) {
        this(out, style, System::nanoTime);
    }

    ProgressBar(PrintWriter out, Style style, LongSupplier nanoTime) {
        this.out = Objects.requireNonNull(out, "out");
        this.style = Objects.requireNonNull(style, "style");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** @return how this instance shows progress */
    public Style style() {
        return style;
    }

    @Override
    public synchronized void onStart(String methodName, int totalIterations) {
        this.method = methodName;
        this.total = totalIterations;
        this.startNanos = nanoTime.getAsLong();
        this.lastDraw = startNanos;
        this.lastPercentStep = 0;
        this.lineAtEnd = false;
        this.last = null;
        this.latestPerChain.clear();
    }

    @Override
    public synchronized void onIteration(IterationEvent event) {
        last = event;
        latestPerChain.put(event.chain(), event);
        long now = nanoTime.getAsLong();
        double elapsed = (now - startNanos) / 1e9;
        if (style == Style.BAR) {
            if (now - lastDraw >= REDRAW_MILLIS * 1_000_000L || event.iteration() + 1 >= event.total()) {
                lastDraw = now;
                out.print('\r' + line(event, elapsed));
                out.flush();
            }
        } else if (style == Style.LINES) {
            int step = (int) Math.floor(fraction(event) * 100 / LINE_PERCENT_STEP);
            if (step > lastPercentStep || now - lastDraw >= LINE_MAX_SECONDS * 1_000_000_000L) {
                lastPercentStep = Math.max(step, lastPercentStep);
                lastDraw = now;
                lineAtEnd = fraction(event) >= 1;
                out.println(line(event, elapsed));
                out.flush();
            }
        }
    }

    @Override
    public synchronized void onFinish() {
        if (last == null) {
            return;
        }
        double elapsed = (nanoTime.getAsLong() - startNanos) / 1e9;
        if (style == Style.BAR) {
            out.print('\r' + line(last, elapsed) + System.lineSeparator());
            out.flush();
        } else if (style == Style.LINES && !lineAtEnd) {
            out.println(line(last, elapsed)); // stopped early (or the last event fell between steps)
            out.flush();
        }
    }

    /** @return the share of all iterations (over all chains) done, in [0, 1] */
    private double fraction(IterationEvent e) {
        int tot = totalOverChains(e);
        return tot == 0 ? 1 : Math.min(1.0, done(e) / (double) tot);
    }

    private int chains(IterationEvent e) {
        return (int) Math.round(e.values().getOrDefault("chains", 1.0));
    }

    private int totalOverChains(IterationEvent e) {
        return Math.max(e.total(), total) * Math.max(1, chains(e));
    }

    private int done(IterationEvent e) {
        if (chains(e) > 1 || latestPerChain.size() > 1) {
            int done = 0;
            for (IterationEvent c : latestPerChain.values()) {
                done += c.iteration() + 1;
            }
            return done;
        }
        return e.iteration() + 1;
    }

    /**
     * @param e       the latest event
     * @param elapsed seconds since the start
     * @return the line drawn, without carriage return or line end
     */
    String line(IterationEvent e, double elapsed) {
        int done = done(e);
        int tot = totalOverChains(e);
        double frac = fraction(e);
        double eta = done == 0 ? Double.NaN : elapsed * (tot - done) / done;
        String progress;
        if (style == Style.LINES) {
            progress = String.format(Locale.ROOT, "%3d%%", (int) Math.floor(frac * 100));
        } else {
            int filled = (int) Math.round(frac * WIDTH);
            progress = "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "]";
        }
        return String.format(Locale.ROOT, "%s %s %d/%d %s ETA %s%s", method, progress, done, tot, clock(elapsed),
                clock(eta), terms(e));
    }

    /** The method's own values: ELBO terms for SVI, the loss for optimisers, step size and divergences for MCMC. */
    private String terms(IterationEvent e) {
        Map<String, Double> v = e.values();
        StringBuilder sb = new StringBuilder();
        if (v.containsKey("elbo") && v.containsKey("nll") && v.containsKey("kl")) {
            // the annealed objective nll + klWeight * kl rises while the weight ramps up: show the ELBO and its terms
            sb.append(String.format(Locale.ROOT, " elbo %.4g (nll %.4g, kl %.4g)", v.get("elbo"), v.get("nll"),
                    v.get("kl")));
            Double w = v.get("klWeight");
            if (w != null && w < 1) {
                sb.append(String.format(Locale.ROOT, " kl weight %.2f", w));
            }
        } else if (v.containsKey("loss")) {
            appendLoss(sb, v.get("loss"));
        }
        Double stepSize = v.get("stepSize");
        if (stepSize != null) {
            sb.append(String.format(Locale.ROOT, " step %.3g", stepSize));
        }
        double divergences = 0;
        boolean hasDivergences = false;
        for (IterationEvent c : latestPerChain.values()) {
            Double d = c.values().get("divergences");
            if (d != null) {
                divergences += d;
                hasDivergences = true;
            }
        }
        if (hasDivergences) {
            sb.append(String.format(Locale.ROOT, " div %d", Math.round(divergences)));
        }
        return sb.toString();
    }

    /**
     * One loss, or with several chains (ensemble members fitted in parallel, whose events interleave) the mean of each
     * member's latest loss, so the line does not jump between members.
     */
    private void appendLoss(StringBuilder sb, double latest) {
        double sum = 0;
        int n = 0;
        for (IterationEvent c : latestPerChain.values()) {
            Double l = c.values().get("loss");
            if (l != null) {
                sum += l;
                n++;
            }
        }
        if (n > 1) {
            sb.append(String.format(Locale.ROOT, " mean loss %.4g (%d members)", sum / n, n));
        } else {
            sb.append(String.format(Locale.ROOT, " loss %.4g", latest));
        }
    }

    private static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
