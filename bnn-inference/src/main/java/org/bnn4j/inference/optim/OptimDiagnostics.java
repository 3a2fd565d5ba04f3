package org.bnn4j.inference.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bnn4j.inference.Diagnostics;

/**
 * What an MLE or MAP fit reports: the full-batch training objective after every epoch and which iterate was kept.
 *
 * @param method    {@code mle} or {@code map}
 * @param lossTrace full training objective (negative log-likelihood or negative log joint) after each epoch run;
 *                  shorter than the configured epochs when the fit stopped on a non-finite loss; copied
 * @param bestEpoch 0-based epoch whose iterate was returned
 * @param bestLoss  its objective
 * @param warnings  human-readable warnings (e.g. the loss became non-finite and an earlier iterate was kept)
 *
 * <p>Serializable, so the members of a deep ensemble fitted as distributed tasks can be sent back with it.
 */
public record OptimDiagnostics(String method, double[] lossTrace, int bestEpoch, double bestLoss,
                               List<String> warnings) implements Diagnostics, java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** Copies the arrays. */
    public OptimDiagnostics {
        lossTrace = lossTrace.clone();
        warnings = List.copyOf(warnings);
    }

    @Override
    public double[] lossTrace() {
        return lossTrace.clone();
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("epochsRun", lossTrace.length);
        m.put("bestEpoch", bestEpoch);
        m.put("bestLoss", bestLoss);
        m.put("finalLoss", lossTrace.length == 0 ? Double.NaN : lossTrace[lossTrace.length - 1]);
        return m;
    }

    @Override
    public String toString() {
        return "OptimDiagnostics" + summary() + (warnings.isEmpty() ? "" : " warnings=" + warnings);
    }
}
