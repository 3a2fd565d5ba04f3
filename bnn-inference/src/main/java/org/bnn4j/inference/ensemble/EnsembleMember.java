package org.bnn4j.inference.ensemble;

import java.util.List;
import java.util.Objects;
import org.bnn4j.inference.optim.OptimDiagnostics;

/**
 * One fitted member of a deep ensemble, as {@link DeepEnsemble#fitMember} returns it: a value of arrays, numbers and
 * strings (Serializable), so members fitted as independent distributed tasks can be sent back and combined with
 * {@link DeepEnsemble#combine} or {@link EnsemblePosterior#of}.
 *
 * @param index       the member's index m in {@code [0, M)}, which fixes its random stream
 * @param parameters  its MAP parameter vector in the standardised space it was fitted in, length
 *                    {@code model.numParams()}; copied
 * @param anchor      its anchor (its own draw from the prior) when the ensemble is anchored, else an empty array;
 *                    copied
 * @param diagnostics the last attempt's optimisation record (loss trace, kept epoch)
 * @param attempts    how many fits it took, {@code >= 1} (more than 1 when earlier attempts diverged)
 * @param warnings    one line per diverged attempt (what happened and how it was refitted)
 */
public record EnsembleMember(int index, double[] parameters, double[] anchor, OptimDiagnostics diagnostics,
                             int attempts, List<String> warnings) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Copies the arrays.
     *
     * @throws IllegalArgumentException on a negative index, fewer than one attempt or non-finite parameters
     */
    public EnsembleMember {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0 but was " + index);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1 but was " + attempts);
        }
        parameters = parameters.clone();
        for (double v : parameters) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("member " + index + " has a non-finite parameter; a member must "
                        + "never carry NaN parameters");
            }
        }
        anchor = anchor.clone();
        Objects.requireNonNull(diagnostics, "diagnostics");
        warnings = List.copyOf(warnings);
    }

    @Override
    public double[] parameters() {
        return parameters.clone();
    }

    @Override
    public double[] anchor() {
        return anchor.clone();
    }

    /** @return whether the member was fitted around an anchor */
    public boolean anchored() {
        return anchor.length > 0;
    }
}
