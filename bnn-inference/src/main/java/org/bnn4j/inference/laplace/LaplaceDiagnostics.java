package org.bnn4j.inference.laplace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bnn4j.inference.Diagnostics;

/**
 * What a {@link Laplace} fit reports: the MAP fit's own summary, the Gaussian's structure and size, the prior
 * precision multiplier and the log marginal likelihood, and where the time went.
 *
 * @param map                      the MAP fit's diagnostics
 * @param structure                FULL or LAST_LAYER
 * @param numCoveredParameters     parameters in the Gaussian
 * @param predictive               the predictive the posterior uses
 * @param priorPrecisionMultiplier alpha
 * @param priorPrecisionChosen     whether alpha was chosen by the marginal likelihood (else given)
 * @param logMarginalLikelihood    the Laplace log marginal likelihood at alpha (nats, standardised units)
 * @param noiseScale               a homoskedastic noise scale at the mode (standardised units), NaN for a
 *                                 heteroskedastic net
 * @param mapMillis                wall-clock milliseconds of the MAP fit
 * @param curvatureMillis          wall-clock milliseconds of the curvature, its eigendecomposition and the prior search
 * @param warnings                 the MAP's warnings and the Laplace step's own
 */
public record LaplaceDiagnostics(Diagnostics map, CurvatureStructure structure, int numCoveredParameters,
                                 LaplacePredictive predictive, double priorPrecisionMultiplier,
                                 boolean priorPrecisionChosen, double logMarginalLikelihood, double noiseScale,
                                 double mapMillis,
                                 double curvatureMillis, List<String> warnings) implements Diagnostics {

    /** Copies the warnings. */
    public LaplaceDiagnostics {
        warnings = List.copyOf(warnings);
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "laplace");
        m.put("structure", structure.id());
        m.put("coveredParameters", numCoveredParameters);
        m.put("predictive", predictive.id());
        m.put("priorPrecisionMultiplier", priorPrecisionMultiplier);
        m.put("priorPrecision", priorPrecisionChosen ? "marginal-likelihood" : "fixed");
        m.put("logMarginalLikelihood", logMarginalLikelihood);
        if (!Double.isNaN(noiseScale)) {
            m.put("noiseScale", noiseScale);
        }
        Map<String, Object> ms = map.summary();
        m.put("mapEpochsRun", ms.get("epochsRun"));
        m.put("mapBestLoss", ms.get("bestLoss"));
        m.put("mapMillis", mapMillis);
        m.put("curvatureMillis", curvatureMillis);
        return m;
    }

    @Override
    public String toString() {
        return "LaplaceDiagnostics" + summary() + (warnings.isEmpty() ? "" : " warnings=" + warnings);
    }
}
