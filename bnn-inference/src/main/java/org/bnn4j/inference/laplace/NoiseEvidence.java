package org.bnn4j.inference.laplace;

/**
 * The evidence framework's joint choice of the prior precision multiplier alpha and a homoskedastic noise scale
 * sigma (MacKay 1992), the weights held at the MAP: the fixed point of the stationarity conditions of the Laplace log
 * marginal likelihood {@code log Z(alpha, sigma)},
 * {@code alpha = gamma / (theta' Lambda0 theta)} and
 * {@code sigma^2 = RSS / (N - gamma + (log sigma - mu) / tau^2)}, with {@code gamma = sum_k e_k / (e_k + alpha)} the
 * effective number of well-determined parameters, {@code e_k} the eigenvalues of the prior-whitened curvature at
 * sigma (which scale as {@code 1 / sigma^2}), N the number of targets, and {@code (mu, tau)} the log-normal
 * hyperprior of a {@link org.bnn4j.model.NoiseModel.LogNormalPrior} (no such term for a point-estimated noise).
 * The joint MAP of weights and noise sets sigma from the training residuals alone and so underestimates it by the
 * degrees of freedom the fit used ({@code N - gamma} instead of N); on a network that nearly interpolates its
 * training data that collapses sigma, and the Laplace predictive becomes overconfident.
 */
final class NoiseEvidence {

    /** Fixed-point iterations at most; each is O(q). */
    static final int MAX_ITERATIONS = 500;
    /** Relative change of alpha and sigma^2 below which the iteration stops. */
    static final double TOLERANCE = 1e-10;

    private NoiseEvidence() {
    }

    /**
     * @param alpha     the prior precision multiplier
     * @param sigma     the noise scale
     * @param curvature the whitened curvature at sigma
     * @param converged whether the iteration converged
     */
    record Result(double alpha, double sigma, WhitenedCurvature curvature, boolean converged) {
    }

    /**
     * @param atMap          the whitened curvature computed at the MAP's noise scale {@code sigmaMap}
     * @param sigmaMap       that scale
     * @param rss            sum of squared training residuals at the MAP (standardised units)
     * @param numTargets     N (points times outputs)
     * @param priorQuadratic {@code theta*' Lambda0 theta*}
     * @param fixedAlpha     a given multiplier, or NaN to choose it too
     * @param logLoc         hyperprior mean of log sigma, or NaN for none
     * @param logScale       hyperprior std of log sigma (ignored without a hyperprior)
     * @return alpha, sigma and the curvature at sigma
     */
    static Result choose(WhitenedCurvature atMap, double sigmaMap, double rss, int numTargets, double priorQuadratic,
                         double fixedAlpha, double logLoc, double logScale) {
        double s2 = sigmaMap * sigmaMap;
        double alpha = Double.isNaN(fixedAlpha) ? 1.0 : fixedAlpha;
        WhitenedCurvature w = atMap;
        boolean converged = false;
        for (int it = 0; it < MAX_ITERATIONS && !converged; it++) {
            w = atMap.scaled(sigmaMap * sigmaMap / s2);
            double newAlpha = Double.isNaN(fixedAlpha)
                    ? w.optimalMultiplier(priorQuadratic, PriorPrecision.MIN_MULTIPLIER, PriorPrecision.MAX_MULTIPLIER)
                    : fixedAlpha;
            double gamma = w.effectiveParameters(newAlpha);
            double dof = numTargets - gamma;
            if (!Double.isNaN(logLoc)) {
                dof += (0.5 * Math.log(s2) - logLoc) / (logScale * logScale);
            }
            double newS2 = dof > 0 ? rss / dof : s2;
            newS2 = Math.max(newS2, 1e-12 * sigmaMap * sigmaMap); // a residual sum of exactly 0 would collapse sigma
            converged = Math.abs(newS2 - s2) <= TOLERANCE * s2 && Math.abs(newAlpha - alpha) <= TOLERANCE * alpha;
            s2 = newS2;
            alpha = newAlpha;
        }
        return new Result(alpha, Math.sqrt(s2), atMap.scaled(sigmaMap * sigmaMap / s2), converged);
    }
}
