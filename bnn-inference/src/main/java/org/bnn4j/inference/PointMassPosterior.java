package org.bnn4j.inference;

import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.model.BayesianModel;

/**
 * A point-mass posterior at one parameter vector (MLE, MAP): every draw is that vector, so the epistemic variance
 * of its predictions is zero.
 */
public final class PointMassPosterior extends AbstractPosterior {

    private final double[] theta;

    /**
     * @param model        the model
     * @param method       method name
     * @param theta        the parameter vector, length {@code model.numParams()}; copied
     * @param standardizer standardiser of the training data, or null
     * @param diagnostics  diagnostics of the fit
     */
    public PointMassPosterior(BayesianModel model, String method, double[] theta, Standardizer standardizer,
                              Diagnostics diagnostics) {
        super(model, method, standardizer, diagnostics);
        if (theta.length != model.numParams()) {
            throw new IllegalArgumentException("theta must have length " + model.numParams() + " but had "
                    + theta.length);
        }
        for (double v : theta) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("theta must be finite; a fit must never return NaN parameters");
            }
        }
        this.theta = theta.clone();
    }

    /** @return a copy of the parameter vector */
    public double[] parameters() {
        return theta.clone();
    }

    @Override
    protected int effectiveSamples(int requested) {
        return 1;
    }

    @Override
    protected double[] draw(int n, RandomGenerator rng) {
        double[] out = new double[n * theta.length];
        for (int s = 0; s < n; s++) {
            System.arraycopy(theta, 0, out, s * theta.length, theta.length);
        }
        return out;
    }
}
