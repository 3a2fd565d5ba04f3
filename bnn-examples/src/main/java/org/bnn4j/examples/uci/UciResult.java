package org.bnn4j.examples.uci;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of {@code bnn uci}: test RMSE and mean per-point test log-likelihood (original units of y) over the
 * splits.
 *
 * @param dataset         dataset folder name
 * @param inference       method name on the command line (svi, nuts, map, mle)
 * @param noise           "homoskedastic" or "heteroskedastic"
 * @param splits          number of splits run
 * @param rmse            test RMSE per split, mean and standard error
 * @param ll              mean test log-likelihood per split, mean and standard error
 * @param fitSecondsTotal wall-clock seconds spent fitting, summed over the splits
 * @param settings        the method's settings, for the record
 */
public record UciResult(String dataset, String inference, String noise, int splits, SplitStats rmse, SplitStats ll,
                        double fitSecondsTotal, Map<String, Object> settings) {

    /** Copies settings. */
    public UciResult {
        settings = Map.copyOf(settings);
    }

    /** @return the metrics.json object (key order fixed) */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("inference", inference);
        m.put("noise", noise);
        m.put("splits", splits);
        m.put("rmse", rmse.toJson());
        m.put("ll", ll.toJson());
        m.put("fitSecondsTotal", fitSecondsTotal);
        m.put("settings", new TreeMap<>(settings));
        return m;
    }
}
