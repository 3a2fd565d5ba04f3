package org.bnn4j.inference.svi;

import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.Diagnostics;
import org.bnn4j.inference.Posterior;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DiagonalNormal;

/**
 * The full-rank Gaussian guide {@code q(theta) = N(loc, C C^T)}, Pyro's {@code AutoMultivariateNormal}: C lower
 * triangular, {@code C = diag(softplus(rho)) + diag(softplus(tau)) U} with U strictly lower triangular (each row's
 * off-diagonal part a magnitude times a direction, for the reason given in {@link LowRankGuide}). Guide parameters
 * {@code u = [loc (L), rho (L), tau (L), the strictly lower triangle of U (L (L - 1) / 2, row by row)]}; a draw is
 * {@code theta = loc + C eps} with L standard normal values. Memory and time per draw grow as {@code L^2}: meant
 * for nets of up to a few thousand parameters; {@link #instance} refuses sizes whose parameters and optimiser state
 * would not fit in the heap.
 *
 * <p>KL divergence from the diagonal Normal prior {@code N(mu, diag(p^2))}, closed form in {@code O(L^2)} since
 * {@code log det(C C^T) = 2 sum_i log C_ii}: {@code 1/2 [sum_ij C_ij^2 / p_i^2 + sum_i (loc_i - mu_i)^2 / p_i^2 - L
 * + sum_i log p_i^2 - 2 sum_i log C_ii]}.
 *
 * <p>Initialisation as Pyro's: C diagonal with every marginal standard deviation {@code initScale} (U = 0: there is no
 * symmetry to break, the gradient of an off-diagonal entry is {@code E[g_i eps_j]}, non-zero wherever the
 * log-likelihood couples i and j), the magnitudes {@code softplus(tau)} at {@code initScale}.
 *
 * <p>References: Pyro's {@code pyro.infer.autoguide.AutoMultivariateNormal}; M. Titsias and M. Lazaro-Gredilla,
 * "Doubly Stochastic Variational Bayes for non-Conjugate Inference", ICML 2014 (the Cholesky-factor guide);
 * A. Kucukelbir et al., "Automatic Differentiation Variational Inference", JMLR 2017 (full-rank ADVI).
 */
record FullRankGuide() implements Guide {

    /**
     * Doubles held per guide parameter during a fit: the parameters, their gradient, Adam's two moments, the
     * estimator's likelihood gradient, and the fitted posterior's dense {@code [L, L]} factor (two per parameter).
     */
    static final int DOUBLES_PER_PARAMETER = 7;

    @Override
    public String name() {
        return "fullrank";
    }

    @Override
    public Instance instance(int latent) {
        if (latent < 1) {
            throw new IllegalArgumentException("latent must be >= 1 but was " + latent);
        }
        if ((long) latent * latent > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a fullrank guide over " + latent + " latent dimensions needs a dense ["
                    + latent + ", " + latent + "] factor, more than a Java array holds; use lowrank:R or a smaller net");
        }
        long g = numParams(latent);
        long bytes = 8L * DOUBLES_PER_PARAMETER * g;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "a fullrank guide over %d latent dimensions has %d parameters (L (L + 5) / 2), about %.1f GB with "
                            + "the optimiser's state, more than the %.1f GB heap; use lowrank:R (memory O(L R)), a "
                            + "smaller net, or a larger -Xmx", latent, g, bytes / 1e9, heap / 1e9));
        }
        return new FullRankInstance(latent);
    }

    /** @param latent L @return {@code L (L + 5) / 2}: loc, rho, tau and the strictly lower triangle */
    static long numParams(long latent) {
        return 3 * latent + latent * (latent - 1) / 2;
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * The arithmetic over L dimensions; row i of the strict lower triangle of U starts at {@code 3L + i (i - 1) / 2}.
     * After {@link #prepare}: {@code sd = softplus(rho)}, {@code t = softplus(tau)}.
     */
    static final class FullRankInstance extends FactorGuideInstance {
        private final int uOff;

        FullRankInstance(int latent) {
            super(latent);
            this.uOff = 3 * latent;
        }

        private int row(int i) {
            return uOff + i * (i - 1) / 2;
        }

        @Override
        public int numParams() {
            return (int) FullRankGuide.numParams(l);
        }

        @Override
        public int noisePerSample() {
            return l;
        }

        /** C diagonal with entries {@code initScale}; the rows' magnitudes t start at {@code initScale} too. */
        @Override
        public void init(double[] loc, double initScale, RandomGenerator rng, double[] u) {
            System.arraycopy(loc, 0, u, 0, l);
            java.util.Arrays.fill(u, l, 3 * l, Svi.softplusInverse(initScale));
            java.util.Arrays.fill(u, uOff, numParams(), 0.0);
        }

        @Override
        public void sample(double[] u, double[] eps, int epsOff, double[] theta, int off) {
            for (int i = 0; i < l; i++) {
                int o = row(i);
                double v = 0;
                for (int j = 0; j < i; j++) {
                    v += u[o + j] * eps[epsOff + j];
                }
                theta[off + i] = u[i] + sd[i] * eps[epsOff + i] + t[i] * v;
            }
        }

        @Override
        public void addSampleGradient(double[] u, double[] eps, int epsOff, double[] g, int gOff, double[] gU) {
            for (int i = 0; i < l; i++) {
                double gi = g[gOff + i];
                gU[i] += gi;
                gU[l + i] += gi * eps[epsOff + i] * sigRho[i];
                int o = row(i);
                double gt = gi * t[i];
                double v = 0;
                for (int j = 0; j < i; j++) {
                    double e = eps[epsOff + j];
                    v += u[o + j] * e;
                    gU[o + j] += gt * e;
                }
                gU[2 * l + i] += gi * sigTau[i] * v;
            }
        }

        @Override
        public double kl(double[] u, DiagonalNormal priorDist, double weight, double[] gU) {
            double[] mu = prior.loc(priorDist);
            double[] pVar = prior.variance(priorDist);
            double[] logP = prior.logStd(priorDist);
            double sum = 0;
            for (int i = 0; i < l; i++) {
                int o = row(i);
                double u2 = 0;
                for (int j = 0; j < i; j++) {
                    u2 += u[o + j] * u[o + j];
                }
                double dm = u[i] - mu[i];
                sum += (sd[i] * sd[i] + t[i] * t[i] * u2 + dm * dm) / pVar[i] + 2 * logP[i] - 2 * Math.log(sd[i]);
                if (gU != null) {
                    double f = weight / pVar[i];
                    gU[i] += f * dm;
                    gU[l + i] += weight * (sd[i] / pVar[i] - 1.0 / sd[i]) * sigRho[i];
                    gU[2 * l + i] += f * t[i] * u2 * sigTau[i];
                    double ft = f * t[i] * t[i];
                    for (int j = 0; j < i; j++) {
                        gU[o + j] += ft * u[o + j];
                    }
                }
            }
            return 0.5 * (sum - l);
        }

        @Override
        protected double directionNorm2(double[] u, int i) {
            int o = row(i);
            double u2 = 0;
            for (int j = 0; j < i; j++) {
                u2 += u[o + j] * u[o + j];
            }
            return u2;
        }

        /** The posterior with no separate diagonal and the dense factor C ({@code [L, L]}, zero above the diagonal). */
        @Override
        public Posterior posterior(BayesianModel model, String method, double[] u, double[] point,
                                   Standardizer standardizer, Diagnostics diagnostics) {
            prepare(u);
            double[] loc = locWithPoint(u, point);
            double[] factor = new double[l * l];
            for (int i = 0; i < l; i++) {
                int o = row(i);
                for (int j = 0; j < i; j++) {
                    factor[i * l + j] = t[i] * u[o + j];
                }
                factor[i * l + i] = sd[i];
            }
            return new MultivariateNormalPosterior(model, method, loc, new double[l], factor, l, standardizer,
                    diagnostics);
        }
    }
}
