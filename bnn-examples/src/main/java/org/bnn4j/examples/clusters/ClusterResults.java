package org.bnn4j.examples.clusters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bnn4j.datasets.Region;
import org.bnn4j.examples.clusters.ClusterReport.ClusterStats;
import org.bnn4j.examples.clusters.ClusterReport.TestMetrics;
import org.bnn4j.examples.clusters.ClusterReport.UncertaintyStats;

/**
 * Everything one run of the cluster experiment reports: the JSON written to {@code metrics.json} and the text
 * table printed on the terminal.
 *
 * @param inference   the inference method's command-line name
 * @param function    the target function's name
 * @param prior       the weight prior, as given to {@code --prior}
 * @param seed        the run's seed
 * @param fitSeconds  wall-clock seconds of the fit
 * @param test        metrics on the in-distribution test points
 * @param clusters    per-cluster statistics on the grid
 * @param regions     per-region statistics on the grid
 * @param diagnostics the posterior's diagnostics summary
 * @param warnings    the posterior's diagnostics warnings
 */
public record ClusterResults(String inference, String function, String prior, long seed, double fitSeconds, TestMetrics test,
        List<ClusterStats> clusters, Map<Region, UncertaintyStats> regions, Map<String, Object> diagnostics,
        List<String> warnings) {

    /** Copies the collections. */
    public ClusterResults {
        clusters = List.copyOf(clusters);
        regions = Map.copyOf(regions);
        diagnostics = new LinkedHashMap<>(diagnostics);
        warnings = List.copyOf(warnings);
    }

    /** @return the JSON tree of {@code metrics.json} (insertion-ordered maps) */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("inference", inference);
        root.put("function", function);
        root.put("prior", prior);
        root.put("seed", seed);
        root.put("fitSeconds", fitSeconds);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("rmse", test.rmse());
        t.put("nll", test.nll());
        t.put("coverage90", test.coverage90());
        t.put("crps", test.crps());
        if (Double.isFinite(test.oracleNll())) {
            t.put("oracleNll", test.oracleNll());
        }
        root.put("test", t);
        List<Map<String, Object>> cl = new ArrayList<>();
        for (ClusterStats c : clusters) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lo", c.lo());
            m.put("hi", c.hi());
            m.put("trueStd", c.trueStd());
            m.put("aleatoricStd", c.stats().aleatoricStd());
            m.put("epistemicStd", c.stats().epistemicStd());
            m.put("rmse", c.stats().rmse());
            m.put("gridPoints", c.stats().numPoints());
            cl.add(m);
        }
        root.put("clusters", cl);
        Map<String, Object> rg = new LinkedHashMap<>();
        for (Region r : Region.values()) {
            UncertaintyStats s = regions.get(r);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("aleatoricStd", s.aleatoricStd());
            m.put("epistemicStd", s.epistemicStd());
            m.put("rmse", s.rmse());
            m.put("gridPoints", s.numPoints());
            rg.put(r.name().toLowerCase(Locale.ROOT), m);
        }
        root.put("regions", rg);
        root.put("diagnostics", diagnostics);
        root.put("warnings", warnings);
        return root;
    }

    /** @return a short human-readable table (several lines, no trailing newline) */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "clusters: inference=%s function=%s prior=%s seed=%d fit=%.1fs%n",
                inference, function, prior, seed, fitSeconds));
        sb.append(String.format(Locale.ROOT, "test (in-distribution): RMSE %.4f  NLL %.4f%s  coverage90 %.3f  CRPS %.4f%n",
                test.rmse(), test.nll(), Double.isFinite(test.oracleNll())
                        ? String.format(Locale.ROOT, " (true model %.4f)", test.oracleNll()) : "",
                test.coverage90(), test.crps()));
        sb.append(String.format(Locale.ROOT, "%-16s %9s %13s %13s %9s%n", "cluster", "true std", "aleatoric std",
                "epistemic std", "rmse"));
        for (ClusterStats c : clusters) {
            sb.append(String.format(Locale.ROOT, "%-16s %9.4f %13.4f %13.4f %9.4f%n",
                    String.format(Locale.ROOT, "[%.1f, %.1f]", c.lo(), c.hi()), c.trueStd(),
                    c.stats().aleatoricStd(), c.stats().epistemicStd(), c.stats().rmse()));
        }
        sb.append(String.format(Locale.ROOT, "%-16s %9s %13s %13s %9s%n", "region", "points", "aleatoric std",
                "epistemic std", "rmse"));
        for (Region r : Region.values()) {
            UncertaintyStats s = regions.get(r);
            sb.append(String.format(Locale.ROOT, "%-16s %9d %13.4f %13.4f %9.4f%n", r.name().toLowerCase(Locale.ROOT),
                    s.numPoints(), s.aleatoricStd(), s.epistemicStd(), s.rmse()));
        }
        for (String w : warnings) {
            sb.append("warning: ").append(w).append(System.lineSeparator());
        }
        return sb.toString().stripTrailing();
    }
}
