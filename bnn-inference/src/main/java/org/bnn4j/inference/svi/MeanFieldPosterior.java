package org.bnn4j.inference.svi;

import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.AbstractPosterior;
import org.bnn4j.inference.Diagnostics;
import org.bnn4j.model.BayesianModel;

/**
 * A mean-field Gaussian posterior {@code theta_k ~ N(loc_k, scale_k^2)} independently; a point-estimated parameter
 * (the log noise scale of {@link org.bnn4j.model.NoiseModel.PointEstimate}) has scale 0. Draws are
 * {@code theta = loc + scale * eps}.
 */
public final class MeanFieldPosterior extends AbstractPosterior {

    private final double[] loc;
    private final double[] scale;

    /**
     * @param model        the model
     * @param method       method name
     * @param loc          means, length {@code model.numParams()}, finite; copied
     * @param scale        standard deviations, same length, finite and {@code >= 0}; copied
     * @param standardizer standardiser of the training data, or null
     * @param diagnostics  diagnostics of the fit
     * @throws IllegalArgumentException on a wrong length or non-finite or negative values
     */
    public MeanFieldPosterior(BayesianModel model, String method, double[] loc, double[] scale, Standardizer standardizer,
                              Diagnostics diagnostics) {
        super(model, method, standardizer, diagnostics);
        int n = model.numParams();
        if (loc.length != n || scale.length != n) {
            throw new IllegalArgumentException("loc and scale must have length " + n + " but had " + loc.length
                    + " and " + scale.length);
        }
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(loc[k]) || !Double.isFinite(scale[k]) || scale[k] < 0) {
                throw new IllegalArgumentException("loc[" + k + "]=" + loc[k] + ", scale[" + k + "]=" + scale[k]
                        + " must be finite with scale >= 0; a fit must never return NaN parameters");
            }
        }
        this.loc = loc.clone();
        this.scale = scale.clone();
    }

    /** @return a copy of the guide means, length {@code numParams} */
    public double[] loc() {
        return loc.clone();
    }

    /** @return a copy of the guide standard deviations, length {@code numParams} (0 for point estimates) */
    public double[] scale() {
        return scale.clone();
    }

    @Override
    protected double[] draw(int n, RandomGenerator rng) {
        int p = loc.length;
        if ((long) n * p > org.bnn4j.nn.internal.Arrays2.MAX_LENGTH) {
            throw new IllegalArgumentException(n + " weight samples of " + p + " parameters need " + (long) n * p
                    + " values, more than a Java array holds (" + org.bnn4j.nn.internal.Arrays2.MAX_LENGTH + "); draw at most "
                    + org.bnn4j.nn.internal.Arrays2.MAX_LENGTH / p + " samples at a time");
        }
        double[] out = new double[n * p];
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < p; k++) {
                out[s * p + k] = scale[k] == 0 ? loc[k] : loc[k] + scale[k] * rng.nextGaussian();
            }
        }
        return out;
    }
}
