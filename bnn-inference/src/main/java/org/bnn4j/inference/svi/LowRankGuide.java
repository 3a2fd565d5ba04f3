package org.bnn4j.inference.svi;

import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.Diagnostics;
import org.bnn4j.inference.Posterior;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DiagonalNormal;

/**
 * The low-rank plus diagonal Gaussian guide {@code q(theta) = N(loc, D + W W^T)}, Pyro's
 * {@code AutoLowRankMultivariateNormal}: {@code D = diag(softplus(rho)^2)} and a factor {@code W [L, R]} of rank R
 * that carries correlations between the L latent dimensions, each row a magnitude times a direction,
 * {@code W = diag(softplus(tau)) V}. Guide parameters {@code u = [loc (L), rho (L), tau (L), V (L * R, row-major)]}; a
 * draw is {@code theta = loc + sqrt(D) eps1 + W eps2} with {@code L + R} standard normal values
 * {@code [eps1 (L), eps2 (R)]}.
 *
 * <p>The KL divergence from the diagonal Normal prior {@code N(mu, diag(p^2))} is closed form in {@code O(L R^2)}:
 * with {@code A = D^-1/2 W} and the capacitance {@code K = I_R + A^T A}, the matrix determinant lemma gives
 * {@code log det(D + W W^T) = sum log d + log det K} ({@code log det K} from K's Cholesky factor), and Woodbury gives
 * {@code Sigma^-1 W = D^-1 W K^-1} and {@code (Sigma^-1)_ii = (1 - a_i K^-1 a_i^T) / d_i}, the gradients of the
 * log determinant with respect to W and d.
 *
 * <p>Why the rows' magnitudes have their own softplus parameter. Adam moves every parameter by about its learning
 * rate per step. A plainly additive W grows from its small initial value by that much per step while its likelihood
 * gradient is still noise: on the cluster demo (lr 5e-3) the weights' noise swamped the fit within 50 steps. A
 * magnitude through softplus grows multiplicatively, at the pace of the mean-field guide's scales. Newer Pyro
 * releases tie the magnitude to the diagonal ({@code W = sqrt(D) V}), which also grows multiplicatively, but then a
 * strongly correlated direction, such as a saturated unit's output weight against the output bias (only their sum
 * is pinned by the data), needs entries of V of the order of the ratio of the free to the pinned standard deviation;
 * a separate magnitude reaches it with V of order 1. (The split of W into magnitude and direction is redundant; the
 * objective is flat along it.)
 *
 * <p>Initialisation as Pyro's: the variance {@code initScale^2} of every coordinate is split evenly between D and
 * {@code W W^T}, each row of W pointing in a random direction (random W breaks the symmetry {@code W -> -W} that makes
 * {@code W = 0} a stationary point of the ELBO).
 *
 * <p>References: Pyro's {@code pyro.infer.autoguide.AutoLowRankMultivariateNormal}; A. Miller, N. Foti and R. Adams,
 * "Variational Boosting", ICML 2017, and V. Ong, D. Nott and M. Smith, "Gaussian variational approximation with a
 * factor covariance structure", J. Comp. Graph. Stat. 2018 (factor covariance guides); the matrix determinant lemma
 * and Woodbury identity (Petersen and Pedersen, "The Matrix Cookbook", sections 3.2.2 and 9.1.2).
 *
 * @param rank R, {@code >= 1}
 */
record LowRankGuide(int rank) implements Guide {

    /** @throws IllegalArgumentException if rank is below 1 */
    LowRankGuide {
        if (rank < 1) {
            throw new IllegalArgumentException("the low-rank guide's rank must be >= 1 but was " + rank
                    + "; e.g. lowrank:" + Guide.DEFAULT_RANK);
        }
    }

    @Override
    public String name() {
        return "lowrank:" + rank;
    }

    @Override
    public Instance instance(int latent) {
        if (latent < 1) {
            throw new IllegalArgumentException("latent must be >= 1 but was " + latent);
        }
        if (rank > latent) {
            throw new IllegalArgumentException("the low-rank guide's rank " + rank + " exceeds the " + latent
                    + " latent dimensions; pass lowrank:R with R <= " + latent + ", or fullrank");
        }
        if ((long) latent * (rank + 3) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a lowrank:" + rank + " guide over " + latent + " latent dimensions has "
                    + (long) latent * (rank + 3) + " parameters, more than a Java array holds; lower the rank");
        }
        return new LowRankInstance(latent, rank);
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * The arithmetic over L dimensions. After {@link #prepare}: {@link #sd} holds {@code sqrt(d) = softplus(rho)},
     * {@code t = softplus(tau)} the rows' magnitudes and {@code w = t V} the factor.
     */
    static final class LowRankInstance extends FactorGuideInstance {
        /** Smallest ratio of the diagonal part's standard deviation to the norm of a row of W, see {@link #nugget}. */
        static final double NUGGET = 1e-3;

        private final int r;
        private final int vOff;
        private final double[] w;
        private final double[] gw;
        private final double[] a;
        private final double[] b;
        private final double[] chol;

        LowRankInstance(int latent, int rank) {
            super(latent);
            this.r = rank;
            this.vOff = 3 * latent;
            this.w = new double[latent * rank];
            this.gw = new double[rank];
            this.a = new double[latent * rank];
            this.b = new double[latent * rank];
            this.chol = new double[rank * rank];
        }

        @Override
        public int numParams() {
            return l * (3 + r);
        }

        @Override
        public int noisePerSample() {
            return l + r;
        }

        @Override
        public void init(double[] loc, double initScale, RandomGenerator rng, double[] u) {
            System.arraycopy(loc, 0, u, 0, l);
            java.util.Arrays.fill(u, l, 3 * l, Svi.softplusInverse(initScale / Math.sqrt(2)));
            for (int i = 0; i < l; i++) {
                int o = vOff + i * r;
                double norm = 0;
                while (norm < 1e-12) {
                    norm = 0;
                    for (int k = 0; k < r; k++) {
                        u[o + k] = rng.nextGaussian();
                        norm += u[o + k] * u[o + k];
                    }
                }
                double f = 1 / Math.sqrt(norm);
                for (int k = 0; k < r; k++) {
                    u[o + k] *= f;
                }
            }
        }

        @Override
        public void prepare(double[] u) {
            super.prepare(u);
            for (int i = 0; i < l; i++) {
                int o = vOff + i * r;
                for (int k = 0; k < r; k++) {
                    w[i * r + k] = t[i] * u[o + k];
                }
            }
        }

        @Override
        public void sample(double[] u, double[] eps, int epsOff, double[] theta, int off) {
            int e2 = epsOff + l;
            for (int i = 0; i < l; i++) {
                double v = u[i] + sd[i] * eps[epsOff + i];
                for (int k = 0; k < r; k++) {
                    v += w[i * r + k] * eps[e2 + k];
                }
                theta[off + i] = v;
            }
        }

        @Override
        public void addSampleGradient(double[] u, double[] eps, int epsOff, double[] g, int gOff, double[] gU) {
            int e2 = epsOff + l;
            for (int i = 0; i < l; i++) {
                double gi = g[gOff + i];
                gU[i] += gi;
                gU[l + i] += gi * eps[epsOff + i] * sigRho[i];
                int o = vOff + i * r;
                double ve = 0;
                double gt = gi * t[i];
                for (int k = 0; k < r; k++) {
                    double e = eps[e2 + k];
                    ve += u[o + k] * e;
                    gU[o + k] += gt * e;
                }
                gU[2 * l + i] += gi * sigTau[i] * ve;
            }
        }

        /**
         * {@code KL = 1/2 [sum_i (d_i + |W_i|^2 + (loc_i - mu_i)^2) / p_i^2 - L + sum_i log p_i^2 - sum_i log d_i
         * - log det K]}; gradients {@code dKL/dW = W / p^2 - D^-1 W K^-1} (row-wise division by {@code p_i^2}) and
         * {@code dKL/dd_i = (1 / p_i^2 - (Sigma^-1)_ii) / 2}, chained to rho by {@code dd/drho = 2 sd sig(rho)} and
         * to {@code W = t V} by {@code dKL/dV_i = t_i dKL/dW_i}, {@code dKL/dtau_i = sig(tau_i) V_i . dKL/dW_i}.
         */
        @Override
        public double kl(double[] u, DiagonalNormal priorDist, double weight, double[] gU) {
            double[] mu = prior.loc(priorDist);
            double[] pVar = prior.variance(priorDist);
            double[] logP = prior.logStd(priorDist);
            // A = D^-1/2 W and the capacitance K = I + A^T A (lower triangle, then its Cholesky factor in place)
            java.util.Arrays.fill(chol, 0.0);
            for (int k = 0; k < r; k++) {
                chol[k * r + k] = 1.0;
            }
            double sum = 0;
            for (int i = 0; i < l; i++) {
                double inv = 1.0 / sd[i];
                double w2 = 0;
                for (int k = 0; k < r; k++) {
                    double wk = w[i * r + k];
                    w2 += wk * wk;
                    a[i * r + k] = wk * inv;
                }
                double dm = u[i] - mu[i];
                sum += (sd[i] * sd[i] + w2 + dm * dm) / pVar[i] + 2 * logP[i] - 2 * Math.log(sd[i]);
                for (int j = 0; j < r; j++) {
                    double aj = a[i * r + j];
                    for (int k = 0; k <= j; k++) {
                        chol[j * r + k] += aj * a[i * r + k];
                    }
                }
            }
            double logDetK = SmallCholesky.factor(chol, r);
            double kl = 0.5 * (sum - l - logDetK);
            if (gU == null) {
                return kl;
            }
            // B = A K^-1, row by row: b_i = K^-1 a_i (two triangular solves)
            for (int i = 0; i < l; i++) {
                SmallCholesky.solve(chol, r, a, i * r, b, i * r);
            }
            for (int i = 0; i < l; i++) {
                int o = vOff + i * r;
                double inv = 1.0 / sd[i];
                double ab = 0;
                double gTau = 0;
                for (int k = 0; k < r; k++) {
                    ab += a[i * r + k] * b[i * r + k];
                    gw[k] = weight * (w[i * r + k] / pVar[i] - b[i * r + k] * inv);
                    gTau += u[o + k] * gw[k];
                    gU[o + k] += t[i] * gw[k];
                }
                gU[i] += weight * (u[i] - mu[i]) / pVar[i];
                gU[l + i] += weight * (sd[i] / pVar[i] - (1 - ab) * inv) * sigRho[i];
                gU[2 * l + i] += sigTau[i] * gTau;
            }
            return kl;
        }

        /**
         * The diagonal part is kept at least {@value #NUGGET} of each row's factor norm ({@code sqrt(d_i) >= NUGGET
         * |W_i|}, a variance fraction of 1e-6): the optimum may drive {@code d_i} to 0 where W carries a coordinate's
         * variance, and without a floor the capacitance {@code K = I + W^T D^-1 W} grows past what a Cholesky
         * factorisation resolves in float64 (the fit's KL became NaN after ~3000 epochs on the cluster demo); with it
         * {@code |K| <= 1 + 1e6 L}.
         */
        @Override
        protected double nugget() {
            return NUGGET;
        }

        @Override
        protected double directionNorm2(double[] u, int i) {
            int o = vOff + i * r;
            double v2 = 0;
            for (int k = 0; k < r; k++) {
                v2 += u[o + k] * u[o + k];
            }
            return v2;
        }

        @Override
        public Posterior posterior(BayesianModel model, String method, double[] u, double[] point,
                                   Standardizer standardizer, Diagnostics diagnostics) {
            prepare(u);
            return new MultivariateNormalPosterior(model, method, locWithPoint(u, point), sd.clone(), w.clone(), r,
                    standardizer, diagnostics);
        }
    }
}
