package org.bnn4j.examples.uci;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Mean and standard error of one metric over the splits of a UCI benchmark.
 *
 * <p>The standard error is {@code std / sqrt(K)} with the population standard deviation ({@code ddof = 0},
 * divisor K): the convention of the published results, whose code calls {@code numpy.std} (default ddof 0). It
 * reproduces the published figures, e.g. boston MC-dropout RMSE 2.904 ± 0.177 from the per-split results file of
 * Gal &amp; Ghahramani (2016) (ddof 1 would give 0.181).
 *
 * @param mean     mean over the splits
 * @param se       standard error {@code sqrt(sum (v - mean)^2 / K) / sqrt(K)}; 0 for one split
 * @param perSplit the per-split values, in split order
 */
public record SplitStats(double mean, double se, List<Double> perSplit) {

    /** @throws IllegalArgumentException if perSplit is empty */
    public SplitStats {
        perSplit = List.copyOf(perSplit);
        if (perSplit.isEmpty()) {
            throw new IllegalArgumentException("perSplit must hold at least one value but was empty");
        }
    }

    /**
     * @param values per-split values, at least one; not modified
     * @return their mean and standard error
     */
    public static SplitStats of(List<Double> values) {
        int k = values.size();
        if (k == 0) {
            throw new IllegalArgumentException("values must hold at least one split but was empty");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / k;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new SplitStats(mean, Math.sqrt(ss / k) / Math.sqrt(k), values);
    }

    /** @return {@code {mean, se, perSplit}} for metrics.json, in that order (the same file for the same run) */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("mean", mean);
        m.put("se", se);
        m.put("perSplit", perSplit);
        return m;
    }

    /**
     * @param decimals digits after the point
     * @return e.g. {@code "-2.402 ± 0.042"}
     */
    public String format(int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f ± %." + decimals + "f", mean, se);
    }
}
