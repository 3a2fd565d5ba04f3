package org.bnn4j.inference.io;

import java.util.Arrays;
import java.util.Map;
import org.bnn4j.inference.svi.MultivariateNormalPosterior;
import org.bnn4j.nn.internal.Arrays2;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A correlated Gaussian posterior (the low-rank and full-rank SVI guides): {@code loc [numParams]}, the diagonal
 * part's {@code scale [L]} and the factor {@code factor [L, R]}.
 */
final class MultivariateNormalCodec implements PosteriorCodec<MultivariateNormalPosterior> {

    @Override
    public String kind() {
        return "multivariate-normal";
    }

    @Override
    public Class<MultivariateNormalPosterior> type() {
        return MultivariateNormalPosterior.class;
    }

    @Override
    public Map<String, INDArray> arrays(MultivariateNormalPosterior p) {
        return Map.of("loc", Nd4j.createFromArray(p.loc()), "scale", Nd4j.createFromArray(p.scale()),
                "factor", Nd4j.create(p.factor(), new long[] {p.latent(), p.rank()}, DataType.DOUBLE));
    }

    @Override
    public MultivariateNormalPosterior decode(Input in) {
        int p = in.model().numParams();
        INDArray scale = in.array("scale");
        INDArray factor = in.array("factor");
        long l = scale.length();
        if (scale.rank() != 1 || l < 1 || l > p || factor.rank() != 2 || factor.size(0) != l || factor.size(1) < 1) {
            throw new IllegalArgumentException("arrays scale and factor must have shapes [L] and [L, R] with 1 <= L <= "
                    + p + " but had " + Arrays.toString(scale.shape()) + " and " + Arrays.toString(factor.shape()));
        }
        return new MultivariateNormalPosterior(in.model(), in.method(), in.vector("loc", p), Arrays2.toDoubles(scale),
                Arrays2.toDoubles(factor), (int) factor.size(1), in.standardizer(), in.diagnostics());
    }
}
