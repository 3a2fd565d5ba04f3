package org.bnn4j.model;

import org.apache.commons.math3.special.Gamma;
import org.bnn4j.predictive.StudentTNoise;

/**
 * The Student-t log-likelihood of a batch and its gradients, shared by {@link HeteroskedasticStudentT} and
 * {@link HomoskedasticStudentT}. With {@code z = (y - m) / s} and {@code w = (nu + 1) / (nu + z^2)}:
 * <pre>
 * log p       = log Gamma((nu+1)/2) - log Gamma(nu/2) - log(nu pi)/2 - log s - (nu+1)/2 log(1 + z^2/nu)
 * d/dm        = w z / s
 * d/ds        = (w z^2 - 1) / s
 * d/dnu       = (psi((nu+1)/2) - psi(nu/2) - 1/nu - log(1 + z^2/nu) + w z^2 / nu) / 2
 * </pre>
 * The normalising constant and the digamma terms are computed once per call, not per point.
 *
 * <p>References: Lange, Little &amp; Taylor (1989), <i>Robust statistical modeling using the t distribution</i>,
 * JASA 84.
 */
final class StudentTMath {

    private StudentTMath() {
    }

    /**
     * Log-likelihood of one sample on a batch, times factor; gradients on request.
     *
     * @param nu      degrees of freedom
     * @param mean    locations at {@code [o0, o0 + len)}
     * @param scale   scales at the same offsets, or null for the one scale s0
     * @param s0      the noise scale when scale is null
     * @param o0      offset in mean, scale, gMean, gScale
     * @param len     points times outputs
     * @param y       targets from offset 0
     * @param factor  multiplier
     * @param gMean   if non-null, receives {@code factor * d/dm}
     * @param gScale  if non-null, receives {@code factor * d/ds}
     * @param grad    if non-null, the extra parameters' gradients are added into it
     * @param gLogNu  index in grad receiving {@code factor * d/d(log nu)}, or -1
     * @param gLogS0  index in grad receiving {@code factor * d/d(log s0)}, or -1
     * @return {@code factor * sum log p}
     */
    static double logLikelihood(double nu, double[] mean, double[] scale, double s0, int o0, int len, double[] y,
                                double factor, double[] gMean, double[] gScale, double[] grad, int gLogNu,
                                int gLogS0) {
        double halfNuPlusOne = 0.5 * (nu + 1);
        double sumLog1p = 0;
        double sumLogScale = 0;
        double dNu = 0;
        double dLogS = 0;
        double inv0 = 1.0 / s0;
        boolean extra = grad != null && (gLogNu >= 0 || gLogS0 >= 0);
        for (int k = 0; k < len; k++) {
            double s = scale == null ? s0 : scale[o0 + k];
            double inv = scale == null ? inv0 : 1.0 / s;
            double z = (y[k] - mean[o0 + k]) * inv;
            double z2 = z * z;
            double l1 = Math.log1p(z2 / nu);
            sumLog1p += l1;
            if (scale != null) {
                sumLogScale += Math.log(s);
            }
            double w = (nu + 1) / (nu + z2);
            if (gMean != null) {
                gMean[o0 + k] = factor * w * z * inv;
                if (gScale != null) {
                    gScale[o0 + k] = factor * (w * z2 - 1) * inv;
                }
            }
            if (extra) {
                dNu += w * z2 / nu - l1;
                dLogS += w * z2 - 1;
            }
        }
        if (scale == null) {
            sumLogScale = len * Math.log(s0);
        }
        if (extra && gLogNu >= 0) {
            double perPoint = Gamma.digamma(halfNuPlusOne) - Gamma.digamma(0.5 * nu) - 1 / nu;
            grad[gLogNu] += nu * factor * 0.5 * (len * perPoint + dNu); // d/d(log nu) = nu d/dnu
        }
        if (extra && gLogS0 >= 0) {
            grad[gLogS0] += factor * dLogS;
        }
        return factor * (len * StudentTNoise.logNormalizer(nu) - sumLogScale - halfNuPlusOne * sumLog1p);
    }

    /**
     * @param dof   how nu is treated
     * @param noise a log-normal prior on the noise scale, or null
     * @return the prior over the latent extras in their order: log nu (learned nu), then log sigma (noise prior)
     */
    static DiagonalNormal latentPrior(DegreesOfFreedom dof, NoiseModel.LogNormalPrior noise) {
        java.util.List<double[]> parts = new java.util.ArrayList<>();
        if (dof instanceof DegreesOfFreedom.LogNormalPrior p) {
            parts.add(new double[] {p.logLoc(), p.logScale()});
        }
        if (noise != null) {
            parts.add(new double[] {noise.logLoc(), noise.logScale()});
        }
        double[] loc = new double[parts.size()];
        double[] std = new double[parts.size()];
        for (int k = 0; k < loc.length; k++) {
            loc[k] = parts.get(k)[0];
            std[k] = parts.get(k)[1];
        }
        return DiagonalNormal.of(loc, std);
    }

    /**
     * @param dof how nu is treated
     * @param theta parameter vector
     * @param off offset of the log nu parameter (learned nu only)
     * @return nu
     */
    static double nu(DegreesOfFreedom dof, double[] theta, int off) {
        return dof instanceof DegreesOfFreedom.Fixed f ? f.nu() : Math.exp(theta[off]);
    }

    /** @return the log density of {@code log nu} under a learned nu's prior, 0 for a fixed nu */
    static double logPrior(DegreesOfFreedom dof, double[] theta, int off) {
        if (dof instanceof DegreesOfFreedom.LogNormalPrior p) {
            double z = (theta[off] - p.logLoc()) / p.logScale();
            return -Likelihood.HALF_LOG_2PI - Math.log(p.logScale()) - 0.5 * z * z;
        }
        return 0;
    }

    /** Adds {@code factor * d logPrior / d log nu} at goff for a learned nu. */
    static void addPriorGradient(DegreesOfFreedom dof, double[] theta, int off, double[] grad, int goff,
                                 double factor) {
        if (dof instanceof DegreesOfFreedom.LogNormalPrior p) {
            grad[goff] -= factor * (theta[off] - p.logLoc()) / (p.logScale() * p.logScale());
        }
    }
}
