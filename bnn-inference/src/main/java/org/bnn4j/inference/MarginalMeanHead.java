package org.bnn4j.inference;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.bnn4j.inference.mcmc.LogDensity;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;

/**
 * The posterior of a one-hidden-layer, one-output Gaussian-likelihood network with its mean head integrated out,
 * for {@link McmcInference.Parameterization#MARGINAL_MEAN_HEAD}.
 *
 * <p>Given the other parameters {@code theta} (hidden layer, scale head or noise scale), the mean
 * {@code mu_i = phi_i . beta} is linear in the mean head {@code beta = (v, c)} ({@code phi_i}: the hidden
 * activations of point {@code i} and a 1), the likelihood is Gaussian with precisions {@code d_i = 1 / sigma_i^2}
 * and the prior {@code beta ~ N(mu0, P0^-1)} is Gaussian: so {@code beta | theta, y ~ N(m, Lambda^-1)} with
 * {@code Lambda = Phi^T D Phi + P0 = R R^T} and {@code m = Lambda^-1 (Phi^T D y + P0 mu0)}, and
 * {@code p(theta | y)} is known in closed form. NUTS samples {@code theta} from it ({@link #newDensity()}, of
 * dimension {@code numParams - (H + 1)}), and each kept draw is completed by an exact draw of {@code beta}
 * ({@link #complete}). The joint draws are exact draws of the full posterior; the directions the data pin down
 * most tightly, the mean function at the data, whose orientation in weight space turns with the hidden units, are
 * no longer sampled by the integrator.
 *
 * <p>References: Bishop (2006), Pattern Recognition and Machine Learning, Sec. 3.3 and 3.5 (the posterior and the
 * evidence of Bayesian linear regression); Liu, Wong &amp; Kong (1994), Covariance structure of the Gibbs sampler
 * with applications to the comparisons of estimators and augmentation schemes, Biometrika 81(1) (collapsing a
 * sampler by integrating a block out).
 */
final class MarginalMeanHead {

    private final BayesianModel model;
    private final ParameterLayout layout;
    private final int hidden;
    private final int inDim;
    private final int numParams;
    /** Indices of the full vector that stay sampled, ascending; the mean head is {@code [meanOff, meanOff + H]}. */
    private final int[] rest;
    private final int meanOff;
    private final int meanBiasOff;
    private final double[] xT;
    private final double[] y;
    private final int n;

    /**
     * @param model the model; must be {@link #supports supported}
     * @param x     standardised inputs {@code [n, inDim]}, row-major; used, not copied
     * @param y     standardised targets {@code [n]}; used, not copied
     * @param n     the number of points
     * @throws IllegalArgumentException if the model is not supported
     */
    MarginalMeanHead(BayesianModel model, double[] x, double[] y, int n) {
        require(model);
        this.model = model;
        NetworkSpec spec = model.network().spec();
        this.layout = model.network().layout();
        this.hidden = spec.hiddenWidth(0);
        this.inDim = spec.inDim();
        this.numParams = model.numParams();
        this.meanOff = layout.meanWeightOffset();
        this.meanBiasOff = layout.meanBiasOffset();
        if (meanBiasOff != meanOff + hidden) {
            throw new IllegalStateException("the layout does not keep the mean head's weights and bias together");
        }
        this.rest = new int[numParams - hidden - 1];
        int r = 0;
        for (int k = 0; k < numParams; k++) {
            if (k < meanOff || k > meanBiasOff) {
                rest[r++] = k;
            }
        }
        this.n = n;
        this.y = y;
        this.xT = new double[inDim * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < inDim; c++) {
                xT[c * n + i] = x[i * inDim + c];
            }
        }
    }

    /**
     * @param model a model
     * @return whether its mean head can be integrated out: one hidden layer, one output
     */
    static boolean supports(BayesianModel model) {
        return unsupported(model) == null;
    }

    /**
     * @param model a model
     * @throws IllegalArgumentException if its mean head cannot be integrated out, saying why
     */
    static void require(BayesianModel model) {
        String why = unsupported(model);
        if (why != null) {
            throw new IllegalArgumentException("the mean head cannot be integrated out: " + why
                    + "; use McmcInference.Parameterization.FULL or AUTO");
        }
    }

    private static String unsupported(BayesianModel model) {
        NetworkSpec spec = model.network().spec();
        if (spec.numHidden() != 1) {
            return "the network has " + spec.numHidden() + " hidden layers (one is supported)";
        }
        if (spec.outDim() != 1) {
            return "the network has " + spec.outDim() + " outputs (one is supported)";
        }
        if (!(model.likelihood() instanceof HeteroskedasticGaussian)
                && !(model.likelihood() instanceof HomoskedasticGaussian)) {
            return "the likelihood is not Gaussian";
        }
        return null;
    }

    /** @return the dimension of the sampled parameters (all but the mean head) */
    int dimension() {
        return rest.length;
    }

    /**
     * @param full a full parameter vector {@code [numParams]}; not modified
     * @return a new array with its sampled part {@code [dimension()]}
     */
    double[] rest(double[] full) {
        double[] out = new double[rest.length];
        for (int r = 0; r < rest.length; r++) {
            out[r] = full[rest[r]];
        }
        return out;
    }

    /** @return a new density over the sampled parameters (not thread-safe: one per chain) */
    LogDensity newDensity() {
        return new MarginalMeanHeadDensity(this);
    }

    /**
     * Completes a draw: the sampled parameters with the mean head drawn from its exact conditional.
     *
     * @param restDraw the sampled parameters {@code [dimension()]}; not modified
     * @param density  a density of this object (its scratch buffers are used)
     * @param rng      the random source, advanced by {@code H + 1} normal draws
     * @return a new full parameter vector {@code [numParams]}
     */
    double[] complete(double[] restDraw, LogDensity density, RandomGenerator rng) {
        MarginalMeanHeadDensity d = (MarginalMeanHeadDensity) density;
        double[] beta = d.drawHead(restDraw, rng);
        double[] full = new double[numParams];
        for (int r = 0; r < rest.length; r++) {
            full[rest[r]] = restDraw[r];
        }
        System.arraycopy(beta, 0, full, meanOff, beta.length);
        return full;
    }

    BayesianModel model() {
        return model;
    }

    ParameterLayout layout() {
        return layout;
    }

    int hidden() {
        return hidden;
    }

    int inDim() {
        return inDim;
    }

    int n() {
        return n;
    }

    /** @return the inputs column-major, {@code [inDim][n]} flattened (shared, not to be modified) */
    double[] xT() {
        return xT;
    }

    double[] y() {
        return y;
    }

    int[] restIndices() {
        return rest;
    }

    int meanOffset() {
        return meanOff;
    }

    @Override
    public String toString() {
        return "MarginalMeanHead[hidden=" + hidden + ", sampled=" + rest.length + " of " + numParams + ", rest="
                + Arrays.toString(Arrays.copyOf(rest, Math.min(3, rest.length))) + "...]";
    }
}
