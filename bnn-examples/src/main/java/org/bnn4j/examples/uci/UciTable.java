package org.bnn4j.examples.uci;

import java.util.List;
import java.util.Locale;

/** The text table {@code bnn uci} prints: bnn4j's row above the published rows. */
final class UciTable {

    private UciTable() {
    }

    /**
     * @param r         bnn4j's result
     * @param published published rows to print below it
     * @return the table, lines separated by '\n'
     */
    static String render(UciResult r, List<PublishedResults.Row> published) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-44s %-18s %-18s%n";
        sb.append(String.format(Locale.ROOT, fmt, r.dataset() + " (" + r.splits() + " splits)", "test RMSE",
                "test LL"));
        sb.append(String.format(Locale.ROOT, fmt, "bnn4j " + r.inference() + " " + r.noise(), r.rmse().format(3),
                r.ll().format(3)));
        for (PublishedResults.Row p : published) {
            sb.append(String.format(Locale.ROOT, fmt, p.method(), num(p.rmse(), p.rmseSe()), num(p.ll(), p.llSe())));
        }
        sb.append(String.format(Locale.ROOT, "fit time %.1f s over %d splits (± = standard error over splits)",
                r.fitSecondsTotal(), r.splits()));
        return sb.toString();
    }

    private static String num(double v, double se) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Double.isNaN(se) ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3f ± %.3f", v, se);
    }
}
