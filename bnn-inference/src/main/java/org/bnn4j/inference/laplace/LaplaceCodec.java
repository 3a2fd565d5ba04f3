package org.bnn4j.inference.laplace;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bnn4j.inference.io.PosteriorCodec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves a {@link LaplacePosterior} with {@link org.bnn4j.inference.io.PosteriorIO}: the MAP {@code theta}
 * {@code [numParams]} and the covariance factor {@code [q, q]} as float64 arrays (so a loaded posterior predicts bit
 * for bit like the saved one), the structure, predictive, scale linearisation, noise std, prior precision multiplier
 * and log marginal likelihood as settings.
 */
public final class LaplaceCodec implements PosteriorCodec<LaplacePosterior> {

    /** The kind name in saved files. */
    public static final String KIND = "laplace";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<LaplacePosterior> type() {
        return LaplacePosterior.class;
    }

    @Override
    public Map<String, INDArray> arrays(LaplacePosterior p) {
        int q = p.numCoveredParameters();
        return Map.of("theta", Nd4j.createFromArray(p.mapParameters()),
                "covarianceFactor", Nd4j.create(p.covarianceFactor(), new long[] {q, q}, DataType.DOUBLE));
    }

    @Override
    public Map<String, Object> settings(LaplacePosterior p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("structure", p.structure().id());
        m.put("predictive", p.predictive().id());
        m.put("linearizeScale", p.linearizeScale());
        m.put("noiseLogScaleStd", p.noiseLogScaleStd());
        m.put("priorPrecisionMultiplier", p.priorPrecisionMultiplier());
        m.put("logMarginalLikelihood", p.logMarginalLikelihood());
        return m;
    }

    @Override
    public LaplacePosterior decode(Input in) {
        CurvatureStructure structure = CurvatureStructure.parse(in.stringSetting("structure"));
        if (structure == CurvatureStructure.AUTO) {
            throw new IllegalArgumentException("setting structure must be full or lastlayer but was auto");
        }
        int q = in.model().numNetworkParams() - structure.firstParameter(in.model().network().layout());
        Object lin = in.setting("linearizeScale");
        if (!(lin instanceof Boolean linearize)) {
            throw new IllegalArgumentException("setting linearizeScale must be a boolean but was " + lin);
        }
        return new LaplacePosterior(in.model(), in.method(), in.vector("theta", in.model().numParams()), structure,
                in.vector("covarianceFactor", (long) q * q), in.doubleSetting("noiseLogScaleStd"),
                LaplacePredictive.parse(in.stringSetting("predictive")), linearize,
                in.doubleSetting("priorPrecisionMultiplier"), in.doubleSetting("logMarginalLikelihood"),
                in.standardizer(), in.diagnostics());
    }
}
