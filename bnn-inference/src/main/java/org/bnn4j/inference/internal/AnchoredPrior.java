package org.bnn4j.inference.internal;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DiagonalNormal;

/**
 * A model's prior recentred at an anchor {@code a} drawn from that prior: {@code N(a_k, s_k^2)} for every network
 * parameter (the prior's standard deviations {@code s_k}) and, for each of the likelihood's latent extra parameters
 * (a log noise scale with a log-normal prior, a learned Student-t's log degrees of freedom), its Normal prior
 * recentred at its anchor, {@code N(a_j, logScale_j^2)}. A MAP fit under it minimises the negative log-likelihood plus
 * {@code sum_k (theta_k - a_k)^2 / (2 s_k^2)}: a member of an anchored ensemble.
 *
 * <p>For a linear-Gaussian model with prior precision {@code Lambda} and data precision {@code X^T X / sigma^2}
 * (posterior precision {@code A}), the anchored MAP is {@code A^-1 (X^T y / sigma^2 + Lambda a)}: over anchors from
 * the prior its mean is the posterior mean and its covariance {@code A^-1 Lambda A^-1}, which is below the posterior
 * covariance {@code A^-1} (Pearce et al. also perturb the targets to make it exact; bnn4j does not).
 *
 * <pre>{@code
 * AnchoredPrior prior = AnchoredPrior.draw(model, new SplittableRandom(3));
 * double lp = prior.logDensity(theta, null);
 * }</pre>
 *
 * <p>References: T. Pearce, F. Leibfried, A. Brintrup, M. Zaki and A. Neely, "Uncertainty in Neural Networks:
 * Approximately Bayesian Ensembling", AISTATS 2020; G. Bardsley, A. Solonen, H. Haario and M. Laine,
 * "Randomize-then-Optimize", SIAM J. Sci. Comput. 2014.
 */
public final class AnchoredPrior implements LogPrior {

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final double[] anchor;
    private final DiagonalNormal network;
    private final int netP;
    private final double[] extraStd; // the latent extras' prior stds (length numLatentParams)

    private AnchoredPrior(BayesianModel model, double[] anchor) {
        this.anchor = anchor;
        this.netP = model.numNetworkParams();
        this.network = DiagonalNormal.of(java.util.Arrays.copyOf(anchor, netP), model.networkPrior().std());
        this.extraStd = model.likelihood().latentPrior().std();
    }

    /**
     * Draws an anchor from the model's prior: {@code s_k z_k} for the network parameters and
     * {@code loc_j + std_j z} for each latent extra parameter of the likelihood ({@code z} standard normal, drawn in
     * parameter order); a point-estimated extra gets no anchor (its entry is 0 and unused).
     *
     * @param model the model
     * @param rng   random source, advanced
     * @return the recentred prior
     */
    public static AnchoredPrior draw(BayesianModel model, RandomGenerator rng) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rng, "rng");
        double[] std = model.networkPrior().std();
        double[] a = new double[model.numParams()];
        for (int k = 0; k < std.length; k++) {
            a[k] = std[k] * rng.nextGaussian();
        }
        DiagonalNormal extras = model.likelihood().latentPrior();
        double[] loc = extras.loc();
        double[] sd = extras.std();
        for (int j = 0; j < loc.length; j++) {
            a[model.numNetworkParams() + j] = loc[j] + sd[j] * rng.nextGaussian();
        }
        return new AnchoredPrior(model, a);
    }

    /**
     * @param model  the model
     * @param anchor the anchor, length {@code model.numParams()}; copied
     * @return the model's prior recentred at {@code anchor}
     * @throws IllegalArgumentException if the anchor has the wrong length or a non-finite value
     */
    public static AnchoredPrior at(BayesianModel model, double[] anchor) {
        Objects.requireNonNull(model, "model");
        if (anchor.length != model.numParams()) {
            throw new IllegalArgumentException("anchor must have length " + model.numParams() + " but had "
                    + anchor.length);
        }
        for (double v : anchor) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("anchor must be finite but held " + v);
            }
        }
        return new AnchoredPrior(model, anchor.clone());
    }

    /** @return a copy of the anchor, length {@code model.numParams()} */
    public double[] anchor() {
        return anchor.clone();
    }

    @Override
    public double logDensity(double[] theta, double[] grad) {
        double lp = network.logDensity(theta, 0);
        if (grad != null) {
            network.addGradient(theta, 0, grad, 0, 1.0);
        }
        for (int j = 0; j < extraStd.length; j++) {
            double sd = extraStd[j];
            double z = (theta[netP + j] - anchor[netP + j]) / sd;
            lp += -HALF_LOG_2PI - Math.log(sd) - 0.5 * z * z;
            if (grad != null) {
                grad[netP + j] -= z / sd;
            }
        }
        return lp;
    }
}
