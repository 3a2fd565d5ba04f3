package org.bnn4j.inference.laplace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bnn4j.inference.Diagnostics;

/**
 * What a {@link LaplaceMixture} fit reports: the ensemble's own summary (members, refits, epochs), each member's
 * prior precision multiplier, log marginal likelihood and noise scale, and where the time went.
 *
 * @param ensemble        the deep ensemble's diagnostics
 * @param members         each member's Laplace diagnostics, in member order
 * @param ensembleMillis  wall-clock milliseconds of the ensemble's fit
 * @param laplaceMillis   wall-clock milliseconds of the M Laplace steps
 */
public record LaplaceMixtureDiagnostics(Diagnostics ensemble, List<LaplaceDiagnostics> members,
                                        double ensembleMillis, double laplaceMillis) implements Diagnostics {

    /** Copies the list. */
    public LaplaceMixtureDiagnostics {
        members = List.copyOf(members);
    }

    @Override
    public List<String> warnings() {
        List<String> w = new ArrayList<>(ensemble.warnings());
        for (int m = 0; m < members.size(); m++) {
            for (String s : members.get(m).warnings()) {
                w.add("member " + m + ": " + s);
            }
        }
        return w;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>(ensemble.summary());
        m.put("method", LaplaceMixture.METHOD);
        m.put("priorPrecisionMultipliers", members.stream().map(LaplaceDiagnostics::priorPrecisionMultiplier)
                .toList());
        m.put("logMarginalLikelihoods", members.stream().map(LaplaceDiagnostics::logMarginalLikelihood).toList());
        if (!members.isEmpty() && !Double.isNaN(members.get(0).noiseScale())) {
            m.put("noiseScales", members.stream().map(LaplaceDiagnostics::noiseScale).toList());
        }
        m.put("ensembleMillis", ensembleMillis);
        m.put("laplaceMillis", laplaceMillis);
        return m;
    }

    @Override
    public String toString() {
        return "LaplaceMixtureDiagnostics" + summary() + (warnings().isEmpty() ? "" : " warnings=" + warnings());
    }
}
