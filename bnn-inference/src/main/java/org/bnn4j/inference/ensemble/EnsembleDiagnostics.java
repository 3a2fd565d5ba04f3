package org.bnn4j.inference.ensemble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bnn4j.inference.Diagnostics;
import org.bnn4j.inference.optim.OptimDiagnostics;

/**
 * What a deep-ensemble fit reports: per member (in index order) its index, epochs run, kept epoch, final and kept
 * objective and attempts, and the warnings of members that had to be refitted.
 *
 * @param anchored whether the members were anchored at prior draws
 * @param indices  member indices, ascending; copied
 * @param members  each member's last-attempt optimisation record, in the order of {@code indices}
 * @param attempts fits per member, in the same order; copied
 * @param warnings one line per diverged attempt, naming the member
 */
public record EnsembleDiagnostics(boolean anchored, int[] indices, List<OptimDiagnostics> members, int[] attempts,
                                  List<String> warnings) implements Diagnostics {

    /**
     * Copies the arrays and lists.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public EnsembleDiagnostics {
        indices = indices.clone();
        members = List.copyOf(members);
        attempts = attempts.clone();
        warnings = List.copyOf(warnings);
        if (members.size() != indices.length || attempts.length != indices.length) {
            throw new IllegalArgumentException("indices, members and attempts must have one entry per member but had "
                    + indices.length + ", " + members.size() + " and " + attempts.length);
        }
    }

    /**
     * @param members fitted members, ascending index
     * @return their diagnostics
     */
    static EnsembleDiagnostics of(List<EnsembleMember> members) {
        int m = members.size();
        int[] idx = new int[m];
        int[] att = new int[m];
        List<OptimDiagnostics> d = new ArrayList<>();
        List<String> w = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            EnsembleMember e = members.get(i);
            idx[i] = e.index();
            att[i] = e.attempts();
            d.add(e.diagnostics());
            w.addAll(e.warnings());
        }
        return new EnsembleDiagnostics(m > 0 && members.get(0).anchored(), idx, d, att, w);
    }

    @Override
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public int[] attempts() {
        return attempts.clone();
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("method", "ensemble");
        s.put("members", indices.length);
        s.put("anchored", anchored);
        List<Integer> idx = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        List<Integer> bestEpoch = new ArrayList<>();
        List<Double> finalLoss = new ArrayList<>();
        List<Double> bestLoss = new ArrayList<>();
        List<Integer> att = new ArrayList<>();
        int refits = 0;
        for (int i = 0; i < indices.length; i++) {
            OptimDiagnostics d = members.get(i);
            double[] trace = d.lossTrace();
            idx.add(indices[i]);
            epochs.add(trace.length);
            bestEpoch.add(d.bestEpoch());
            finalLoss.add(trace.length == 0 ? Double.NaN : trace[trace.length - 1]);
            bestLoss.add(d.bestLoss());
            att.add(attempts[i]);
            refits += attempts[i] - 1;
        }
        s.put("refits", refits);
        s.put("memberIndex", idx);
        s.put("memberEpochs", epochs);
        s.put("memberBestEpoch", bestEpoch);
        s.put("memberFinalLoss", finalLoss);
        s.put("memberBestLoss", bestLoss);
        s.put("memberAttempts", att);
        return s;
    }

    @Override
    public String toString() {
        return "EnsembleDiagnostics" + summary() + (warnings.isEmpty() ? "" : " warnings=" + warnings);
    }
}
