package org.bnn4j.inference.mcmc.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Stan's windowed warm-up schedule: a fast initial buffer (step size only), a sequence of slow
 * windows of doubling length in which the mass matrix is estimated, and a fast terminal buffer.
 *
 * <p>With defaults (initial buffer 75, first window 25, terminal buffer 50) and {@code numWarmup = 1000}
 * the slow windows are {@code [75,99] [100,149] [150,249] [250,449] [450,949]}: a window that would leave
 * less than twice its doubled size before the terminal buffer is stretched up to the terminal buffer.
 * If {@code initBuffer + firstWindow + termBuffer > numWarmup} the buffers become 15% / 10% of the
 * warm-up (rounded down) and one slow window fills the remaining 75%. Below 20 warm-up iterations there
 * is no slow window (Stan performs no mass-matrix adaptation).
 *
 * <p>Reference: Stan Reference Manual, "HMC algorithm parameters: automatic parameter tuning"; Stan's
 * {@code stan/mcmc/windowed_adaptation.hpp}.
 *
 * @param numWarmup   number of warm-up iterations, {@code >= 0}
 * @param initBuffer  effective initial fast buffer length
 * @param termBuffer  effective terminal fast buffer length
 * @param slowWindows the slow windows in order, each as inclusive iteration indices (0-based)
 */
public record WarmupSchedule(int numWarmup, int initBuffer, int termBuffer, List<Window> slowWindows) {

    /** Stan's default initial fast buffer ({@code adapt init_buffer}). */
    public static final int DEFAULT_INIT_BUFFER = 75;
    /** Stan's default first slow window ({@code adapt window}). */
    public static final int DEFAULT_BASE_WINDOW = 25;
    /** Stan's default terminal fast buffer ({@code adapt term_buffer}). */
    public static final int DEFAULT_TERM_BUFFER = 50;
    /** Below this many warm-up iterations Stan does no mass-matrix adaptation. */
    public static final int MIN_ADAPTIVE_WARMUP = 20;

    /**
     * A slow window.
     *
     * @param start first iteration (inclusive, 0-based)
     * @param end   last iteration (inclusive)
     */
    public record Window(int start, int end) {
        /** @return the number of iterations in the window */
        public int length() {
            return end - start + 1;
        }
    }

    /** Copies the window list. */
    public WarmupSchedule {
        slowWindows = List.copyOf(slowWindows);
    }

    /**
     * @param numWarmup number of warm-up iterations, {@code >= 0}
     * @return the schedule with Stan's default buffers
     * @throws IllegalArgumentException if {@code numWarmup < 0}
     */
    public static WarmupSchedule stan(int numWarmup) {
        return of(numWarmup, DEFAULT_INIT_BUFFER, DEFAULT_BASE_WINDOW, DEFAULT_TERM_BUFFER);
    }

    /**
     * Builds the schedule by replaying Stan's {@code windowed_adaptation} counter logic.
     *
     * @param numWarmup  number of warm-up iterations, {@code >= 0}
     * @param initBuffer initial fast buffer, {@code >= 0}
     * @param baseWindow first slow window, {@code > 0}
     * @param termBuffer terminal fast buffer, {@code >= 0}
     * @return the schedule
     * @throws IllegalArgumentException on negative lengths or a non-positive base window
     */
    public static WarmupSchedule of(int numWarmup, int initBuffer, int baseWindow, int termBuffer) {
        if (numWarmup < 0 || initBuffer < 0 || termBuffer < 0 || baseWindow <= 0) {
            throw new IllegalArgumentException("need numWarmup >= 0, initBuffer >= 0, termBuffer >= 0, "
                    + "baseWindow > 0 but got " + numWarmup + ", " + initBuffer + ", " + termBuffer + ", "
                    + baseWindow + "; pass non-negative lengths");
        }
        if (numWarmup < MIN_ADAPTIVE_WARMUP) {
            return new WarmupSchedule(numWarmup, numWarmup, 0, List.of());
        }
        int init = initBuffer;
        int term = termBuffer;
        int base = baseWindow;
        if (init + base + term > numWarmup) {
            init = (int) (0.15 * numWarmup);
            term = (int) (0.1 * numWarmup);
            base = numWarmup - (init + term);
        }
        int lastEnd = numWarmup - term - 1;
        List<Window> windows = new ArrayList<>();
        int size = base;
        int start = init;
        int next = init + size - 1;
        while (true) {
            windows.add(new Window(start, next));
            if (next == lastEnd) {
                break;
            }
            start = next + 1;
            size *= 2;
            next = next + size;
            if (next != lastEnd && next + 2 * size >= numWarmup - term) {
                next = lastEnd;
            }
        }
        return new WarmupSchedule(numWarmup, init, term, windows);
    }

    /**
     * @param iteration warm-up iteration (0-based)
     * @return whether draws of this iteration feed the mass-matrix estimate
     */
    public boolean inSlowWindow(int iteration) {
        for (Window w : slowWindows) {
            if (iteration >= w.start() && iteration <= w.end()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param iteration warm-up iteration (0-based)
     * @return whether the mass matrix is updated after this iteration
     */
    public boolean endsSlowWindow(int iteration) {
        for (Window w : slowWindows) {
            if (iteration == w.end()) {
                return true;
            }
        }
        return false;
    }
}
