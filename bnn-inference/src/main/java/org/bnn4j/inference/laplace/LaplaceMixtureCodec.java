package org.bnn4j.inference.laplace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bnn4j.inference.io.PosteriorCodec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves a {@link LaplaceMixturePosterior} as the kind {@code laplace-mixture}: the members' modes {@code theta
 * [M, numParams]}, covariance factors {@code covarianceFactor [M, q, q]}, and per-member {@code noiseLogScaleStd},
 * {@code priorPrecisionMultiplier} and {@code logMarginalLikelihood} {@code [M]}, all float64 (so a loaded mixture
 * predicts bit for bit like the saved one); the structure, predictive and scale linearisation, which all members
 * share, as settings.
 */
public final class LaplaceMixtureCodec implements PosteriorCodec<LaplaceMixturePosterior> {

    @Override
    public String kind() {
        return LaplaceMixture.METHOD;
    }

    @Override
    public Class<LaplaceMixturePosterior> type() {
        return LaplaceMixturePosterior.class;
    }

    @Override
    public Map<String, INDArray> arrays(LaplaceMixturePosterior p) {
        List<LaplacePosterior> ms = p.members();
        int mm = ms.size();
        int np = p.model().numParams();
        int q = ms.get(0).numCoveredParameters();
        double[] theta = new double[mm * np];
        double[] factor = new double[mm * q * q];
        double[] noise = new double[mm];
        double[] alpha = new double[mm];
        double[] logZ = new double[mm];
        for (int m = 0; m < mm; m++) {
            LaplacePosterior l = ms.get(m);
            requireShared(ms.get(0), l, m);
            System.arraycopy(l.mapParameters(), 0, theta, m * np, np);
            System.arraycopy(l.covarianceFactor(), 0, factor, m * q * q, q * q);
            noise[m] = l.noiseLogScaleStd();
            alpha[m] = l.priorPrecisionMultiplier();
            logZ[m] = l.logMarginalLikelihood();
        }
        return Map.of("theta", Nd4j.create(theta, new long[] {mm, np}, DataType.DOUBLE),
                "covarianceFactor", Nd4j.create(factor, new long[] {mm, q, q}, DataType.DOUBLE),
                "noiseLogScaleStd", Nd4j.createFromArray(noise),
                "priorPrecisionMultiplier", Nd4j.createFromArray(alpha),
                "logMarginalLikelihood", Nd4j.createFromArray(logZ));
    }

    @Override
    public Map<String, Object> settings(LaplaceMixturePosterior p) {
        LaplacePosterior l = p.members().get(0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("members", p.numMembers());
        m.put("structure", l.structure().id());
        m.put("predictive", l.predictive().id());
        m.put("linearizeScale", l.linearizeScale());
        return m;
    }

    @Override
    public LaplaceMixturePosterior decode(Input in) {
        int mm = in.intSetting("members");
        if (mm < 1) {
            throw new IllegalArgumentException("setting members must be >= 1 but was " + mm);
        }
        CurvatureStructure structure = CurvatureStructure.parse(in.stringSetting("structure"));
        if (structure == CurvatureStructure.AUTO) {
            throw new IllegalArgumentException("setting structure must be full or lastlayer but was auto");
        }
        Object lin = in.setting("linearizeScale");
        if (!(lin instanceof Boolean linearize)) {
            throw new IllegalArgumentException("setting linearizeScale must be a boolean but was " + lin);
        }
        LaplacePredictive predictive = LaplacePredictive.parse(in.stringSetting("predictive"));
        int np = in.model().numParams();
        int q = in.model().numNetworkParams() - structure.firstParameter(in.model().network().layout());
        double[] theta = in.vector("theta", (long) mm * np);
        double[] factor = in.vector("covarianceFactor", (long) mm * q * q);
        double[] noise = in.vector("noiseLogScaleStd", mm);
        double[] alpha = in.vector("priorPrecisionMultiplier", mm);
        double[] logZ = in.vector("logMarginalLikelihood", mm);
        List<LaplacePosterior> members = new ArrayList<>();
        for (int m = 0; m < mm; m++) {
            members.add(new LaplacePosterior(in.model(), LaplaceCodec.KIND,
                    Arrays.copyOfRange(theta, m * np, (m + 1) * np), structure,
                    Arrays.copyOfRange(factor, m * q * q, (m + 1) * q * q), noise[m], predictive, linearize,
                    alpha[m], logZ[m], in.standardizer(), in.diagnostics()));
        }
        return new LaplaceMixturePosterior(in.model(), in.method(), members, in.standardizer(), in.diagnostics());
    }

    private static void requireShared(LaplacePosterior first, LaplacePosterior l, int m) {
        if (l.structure() != first.structure() || l.predictive() != first.predictive()
                || l.linearizeScale() != first.linearizeScale()) {
            throw new IllegalArgumentException("member " + m + " differs from member 0 in structure, predictive or "
                    + "scale linearisation; a saved mixture needs members fitted with one LaplaceConfig");
        }
    }
}
