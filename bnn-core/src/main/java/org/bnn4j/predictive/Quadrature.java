package org.bnn4j.predictive;

import java.util.PriorityQueue;
import java.util.function.DoubleUnaryOperator;

/**
 * Globally adaptive Gauss-Kronrod (7-15) quadrature over infinite ranges, as QUADPACK's QAGI: {@code u = c (1 - t)/t}
 * maps {@code t in (0, 1]} onto {@code u in [0, inf)}, and the panel with the largest error estimate
 * {@code |K15 - G7|} is halved until the total error is below {@code max(ABS_TOL * c, REL_TOL * |integral|)} or
 * {@link #MAX_PANELS} panels are in use. Starts from {@link #INITIAL_PANELS} equal panels so narrow features are
 * seen. Integrands decaying like {@code u^-k} with {@code k >= 2} become bounded in t and converge fast; slower
 * algebraic decay converges slowly near {@code t = 0}.
 *
 * <p>References: Piessens, de Doncker-Kapenga, Überhuber &amp; Kahaner (1983), <i>QUADPACK</i>, Springer (QAGI, the
 * 7-15 Kronrod rule and its nodes and weights).
 */
final class Quadrature {

    /** Relative accuracy asked of the integral. */
    static final double REL_TOL = 1e-10;
    /** Absolute accuracy asked, per unit of the range's scale c. */
    static final double ABS_TOL = 1e-14;
    /** Starting panels on (0, 1]. */
    static final int INITIAL_PANELS = 8;
    /** Most panels: each costs 15 integrand evaluations. */
    static final int MAX_PANELS = 400;

    /** Kronrod nodes on [-1, 1] (non-negative half; the last is 0). */
    private static final double[] XGK = {0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788, 0.586087235467691130294144845693013,
        0.405845151377397166906606412076961, 0.207784955007898467600689403773245, 0.0};
    private static final double[] WGK = {0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238, 0.169004726639267902826583426598550,
        0.190350578064785409913256402421014, 0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
    /** Gauss weights of the 7-point rule, at {@code XGK[1], XGK[3], XGK[5], XGK[7]}. */
    private static final double[] WG = {0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327};

    private Quadrature() {
    }

    /** One panel {@code [a, b]} of t with its Kronrod estimate and error. */
    private record Panel(double a, double b, double value, double error) {
    }

    /**
     * @param g     integrand on {@code [0, inf)}, finite, decaying to 0
     * @param scale c {@code > 0}: the length over which g changes near 0 (the substitution's unit)
     * @return {@code integral_0^inf g(u) du}
     */
    static double halfLine(DoubleUnaryOperator g, double scale) {
        DoubleUnaryOperator h = t -> {
            double u = scale * (1 - t) / t;
            double v = g.applyAsDouble(u);
            return v == 0 ? 0 : v * scale / (t * t);
        };
        PriorityQueue<Panel> queue = new PriorityQueue<>((p, q) -> Double.compare(q.error, p.error));
        double value = 0;
        double error = 0;
        for (int k = 0; k < INITIAL_PANELS; k++) {
            Panel p = kronrod(h, (double) k / INITIAL_PANELS, (double) (k + 1) / INITIAL_PANELS);
            queue.add(p);
            value += p.value;
            error += p.error;
        }
        while (error > Math.max(ABS_TOL * scale, REL_TOL * Math.abs(value)) && queue.size() < MAX_PANELS) {
            Panel worst = queue.poll();
            double mid = 0.5 * (worst.a + worst.b);
            Panel left = kronrod(h, worst.a, mid);
            Panel right = kronrod(h, mid, worst.b);
            queue.add(left);
            queue.add(right);
            value += left.value + right.value - worst.value;
            error += left.error + right.error - worst.error;
        }
        // re-sum so the running updates' rounding does not stay in the result
        double sum = 0;
        for (Panel p : queue) {
            sum += p.value;
        }
        return sum;
    }

    /**
     * @param g     integrand on the real line, finite, decaying to 0 in both directions
     * @param scale the length over which g changes near 0
     * @return {@code integral g(u) du} as the two half lines from 0
     */
    static double wholeLine(DoubleUnaryOperator g, double scale) {
        return halfLine(g, scale) + halfLine(u -> g.applyAsDouble(-u), scale);
    }

    private static Panel kronrod(DoubleUnaryOperator f, double a, double b) {
        double c = 0.5 * (a + b);
        double h = 0.5 * (b - a);
        double fc = f.applyAsDouble(c);
        double k = WGK[7] * fc;
        double gauss = WG[3] * fc;
        for (int j = 0; j < 7; j++) {
            double dx = h * XGK[j];
            double sum = f.applyAsDouble(c - dx) + f.applyAsDouble(c + dx);
            k += WGK[j] * sum;
            if (j % 2 == 1) {
                gauss += WG[j / 2] * sum;
            }
        }
        return new Panel(a, b, k * h, Math.abs((k - gauss) * h));
    }

    /**
     * @param p a probability
     * @throws IllegalArgumentException unless {@code 0 < p < 1}
     */
    static void requireProbability(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1) but was " + p + "; pass a probability strictly "
                    + "between 0 and 1");
        }
    }
}
