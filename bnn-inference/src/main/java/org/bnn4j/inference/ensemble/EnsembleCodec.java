package org.bnn4j.inference.ensemble;

import java.util.Arrays;
import java.util.Map;
import org.bnn4j.inference.io.PosteriorCodec;
import org.bnn4j.nn.internal.Arrays2;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves an {@link EnsemblePosterior} as the kind {@code ensemble}: one array {@code members [M, numParams]} (float64,
 * so a loaded ensemble predicts bit-identically). Registered with {@link org.bnn4j.inference.io.PosteriorIO}'s
 * built-in codecs.
 */
public final class EnsembleCodec implements PosteriorCodec<EnsemblePosterior> {

    @Override
    public String kind() {
        return "ensemble";
    }

    @Override
    public Class<EnsemblePosterior> type() {
        return EnsemblePosterior.class;
    }

    @Override
    public Map<String, INDArray> arrays(EnsemblePosterior p) {
        return Map.of("members", Nd4j.createFromArray(p.members()));
    }

    @Override
    public EnsemblePosterior decode(Input in) {
        int p = in.model().numParams();
        INDArray a = in.array("members");
        if (a.rank() != 2 || a.size(1) != p || a.size(0) < 1) {
            throw new IllegalArgumentException("array members must have shape [M >= 1, " + p + "] but had "
                    + Arrays.toString(a.shape()));
        }
        int m = (int) a.size(0);
        double[] flat = Arrays2.toDoubles(a);
        double[][] members = new double[m][];
        for (int i = 0; i < m; i++) {
            members[i] = Arrays.copyOfRange(flat, i * p, (i + 1) * p);
        }
        return new EnsemblePosterior(in.model(), in.method(), members, in.standardizer(), in.diagnostics());
    }
}
