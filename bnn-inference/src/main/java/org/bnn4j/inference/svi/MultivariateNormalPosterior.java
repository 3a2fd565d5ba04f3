package org.bnn4j.inference.svi;

import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.AbstractPosterior;
import org.bnn4j.inference.Diagnostics;
import org.bnn4j.model.BayesianModel;

/**
 * A correlated Gaussian posterior over the first L parameters, {@code N(loc, diag(scale^2) + F F^T)} with a factor
 * {@code F [L, R]}; the parameters after the first L (a point-estimated log noise scale) are fixed at {@code loc}.
 * The low-rank guide ({@code --guide lowrank:R}) gives a diagonal part and a rank-R factor; the full-rank guide
 * ({@code --guide fullrank}) gives no diagonal part ({@code scale = 0}) and its lower-triangular Cholesky factor
 * ({@code R = L}). A draw is {@code theta = loc + scale * eps1 + F eps2} with {@code eps1 ~ N(0, I_L)} (drawn only
 * when some scale is positive) and {@code eps2 ~ N(0, I_R)}.
 *
 * <p>{@link #predict} draws all weight vectors first and then evaluates them, so the random generator is consumed
 * independently of the inputs and of the batch size: predicting the same rows in different batches with generators
 * of the same seed gives identical numbers.
 *
 * <pre>{@code
 * SviConfig config = SviConfig.builder().guide(Guide.parse("lowrank:10")).particles(4).build();
 * MultivariateNormalPosterior q = (MultivariateNormalPosterior) new Svi(config).fit(model, train);
 * double[] cov = q.covariance(); // [L, L]
 * PredictiveDistribution pred = q.predict(xTest, 100, new SplittableRandom(1));
 * }</pre>
 *
 * <p>References: Pyro's {@code LowRankMultivariateNormal} and {@code MultivariateNormal} distributions, the
 * posteriors of its {@code AutoLowRankMultivariateNormal} and {@code AutoMultivariateNormal} guides.
 */
public final class MultivariateNormalPosterior extends AbstractPosterior {

    private final double[] loc;
    private final double[] scale;
    private final double[] factor;
    private final int rank;
    private final int[] rowEnd;
    private final boolean diagonal;

    /**
     * @param model        the model
     * @param method       method name
     * @param loc          means, length {@code model.numParams()}, finite; copied
     * @param scale        standard deviations of the diagonal part, length L in {@code [1, numParams]}, finite and
     *                     {@code >= 0}; copied
     * @param factor       the factor F, row-major {@code [L, rank]}, finite; copied
     * @param rank         R, {@code >= 1}
     * @param standardizer standardiser of the training data, or null
     * @param diagnostics  diagnostics of the fit
     * @throws IllegalArgumentException on a wrong length, a rank below 1 or a non-finite or negative value
     */
    public MultivariateNormalPosterior(BayesianModel model, String method, double[] loc, double[] scale,
                                       double[] factor, int rank, Standardizer standardizer, Diagnostics diagnostics) {
        super(model, method, standardizer, diagnostics);
        int p = model.numParams();
        int l = scale.length;
        if (loc.length != p || l < 1 || l > p) {
            throw new IllegalArgumentException("loc must have length " + p + " and scale a length in [1, " + p
                    + "] but they had " + loc.length + " and " + l);
        }
        if (rank < 1 || factor.length != (long) l * rank) {
            throw new IllegalArgumentException("factor must have length L * rank = " + l + " * " + rank
                    + " with rank >= 1 but had " + factor.length);
        }
        for (int k = 0; k < p; k++) {
            if (!Double.isFinite(loc[k]) || k < l && (!Double.isFinite(scale[k]) || scale[k] < 0)) {
                throw new IllegalArgumentException("loc[" + k + "]=" + loc[k] + (k < l ? ", scale[" + k + "]="
                        + scale[k] : "") + " must be finite with scale >= 0; a fit must never return NaN parameters");
            }
        }
        this.rowEnd = new int[l];
        for (int i = 0; i < l; i++) {
            for (int k = 0; k < rank; k++) {
                double f = factor[i * rank + k];
                if (!Double.isFinite(f)) {
                    throw new IllegalArgumentException("factor[" + i + ", " + k + "]=" + f + " must be finite; a fit "
                            + "must never return NaN parameters");
                }
                if (f != 0) {
                    rowEnd[i] = k + 1;
                }
            }
        }
        boolean anyScale = false;
        for (double s : scale) {
            anyScale |= s > 0;
        }
        this.loc = loc.clone();
        this.scale = scale.clone();
        this.factor = factor.clone();
        this.rank = rank;
        this.diagonal = anyScale;
    }

    /** @return a copy of the means, length {@code numParams} */
    public double[] loc() {
        return loc.clone();
    }

    /** @return a copy of the standard deviations of the diagonal part, length L (all 0 for the full-rank guide) */
    public double[] scale() {
        return scale.clone();
    }

    /** @return a copy of the factor F, row-major {@code [L, rank]} */
    public double[] factor() {
        return factor.clone();
    }

    /** @return the factor's number of columns R */
    public int rank() {
        return rank;
    }

    /** @return the number L of correlated (latent) parameters; the others are point estimates */
    public int latent() {
        return scale.length;
    }

    /** @return a new row-major {@code [L, L]} array: the covariance {@code diag(scale^2) + F F^T} */
    public double[] covariance() {
        int l = scale.length;
        double[] c = new double[l * l];
        for (int i = 0; i < l; i++) {
            for (int j = 0; j <= i; j++) {
                double v = i == j ? scale[i] * scale[i] : 0;
                int end = Math.min(rowEnd[i], rowEnd[j]);
                for (int k = 0; k < end; k++) {
                    v += factor[i * rank + k] * factor[j * rank + k];
                }
                c[i * l + j] = v;
                c[j * l + i] = v;
            }
        }
        return c;
    }

    /** @return a new array of the marginal standard deviations, length {@code numParams} (0 for point estimates) */
    public double[] marginalStd() {
        double[] s = new double[loc.length];
        for (int i = 0; i < scale.length; i++) {
            double v = scale[i] * scale[i];
            for (int k = 0; k < rowEnd[i]; k++) {
                v += factor[i * rank + k] * factor[i * rank + k];
            }
            s[i] = Math.sqrt(v);
        }
        return s;
    }

    @Override
    protected double[] draw(int n, RandomGenerator rng) {
        int p = loc.length;
        int l = scale.length;
        double[] out = new double[n * p];
        double[] e1 = new double[l];
        double[] e2 = new double[rank];
        for (int s = 0; s < n; s++) {
            if (diagonal) {
                for (int i = 0; i < l; i++) {
                    e1[i] = rng.nextGaussian();
                }
            }
            for (int k = 0; k < rank; k++) {
                e2[k] = rng.nextGaussian();
            }
            int o = s * p;
            for (int i = 0; i < l; i++) {
                double v = loc[i] + scale[i] * e1[i];
                int f = i * rank;
                for (int k = 0; k < rowEnd[i]; k++) {
                    v += factor[f + k] * e2[k];
                }
                out[o + i] = v;
            }
            System.arraycopy(loc, l, out, o + l, p - l);
        }
        return out;
    }
}
