package org.bnn4j.inference.svi;

import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DiagonalNormal;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.ModelEvaluator;

/**
 * Monte Carlo estimate of the negative ELBO {@code -(E_q[likScale * log p(y | x, theta)] - klWeight * KL(q || p))}
 * and its reparameterization gradient for any {@link Guide}, given the standard normal noise (so a test can fix
 * it). The KL is the guide's closed form.
 *
 * <p>Parameter vector {@code u = [guide (G), point (Q)]}: the guide's G parameters over L latent dimensions (the
 * network's P parameters, then the likelihood's {@link Likelihood#numLatentParams() latent} extra parameters, such as
 * a log noise scale with a log-normal prior or a learned Student-t's log degrees of freedom), then Q point-estimated
 * parameters (the likelihood's other extras, e.g. the log noise scale of a point-estimated noise).
 *
 * <p>Two paths. In weight space (every guide) each of the K particles draws a whole parameter vector and all K are
 * evaluated as one {@code [K, numParams]} batch by the model's evaluator; noise {@code [K, noisePerSample]}. With
 * local reparameterization (the mean-field guide only) the network's pre-activations are sampled instead of its
 * weights: noise {@code [K, noisePerParticle(b)]} for the network followed by {@code [K, L - P]} for the
 * likelihood's latent extras.
 *
 * <p>References: D. P. Kingma and M. Welling, "Auto-Encoding Variational Bayes", ICLR 2014; C. Blundell et al.,
 * "Weight Uncertainty in Neural Networks", ICML 2015; D. P. Kingma, T. Salimans and M. Welling, "Variational
 * Dropout and the Local Reparameterization Trick", NeurIPS 2015.
 */
final class ElboEstimator {

    /** One estimate. */
    record Terms(double expectedLogLik, double kl, double loss) {
    }

    private final BayesianModel model;
    private final int p;
    private final int latent;
    private final int point;
    private final int numParams;
    private final int maxK;
    private final DiagonalNormal prior;
    private final Guide.Instance guide;
    private final int g;
    private final ModelEvaluator ev;
    private final LocalReparameterization lrt;
    private final double[] thetas;
    private final double[] out;
    private final double[] gTheta;
    private final double[] gLl;
    private final double[] gMean;
    private final double[] gScale;
    private final double[] extra;
    private final double[] gExtra;
    private final double[] gNet;
    private final double[] gNetStd;
    private double[] x;
    private double[] y;
    private int b;
    private double likScale;

    /**
     * @param model                   the model
     * @param guide                   the variational family
     * @param maxK                    largest number of particles per call
     * @param maxB                    largest batch per call
     * @param localReparameterization use the local reparameterization when the guide is mean-field
     */
    ElboEstimator(BayesianModel model, Guide guide, int maxK, int maxB, boolean localReparameterization) {
        this.model = model;
        this.p = model.numNetworkParams();
        this.numParams = model.numParams();
        Likelihood lik = model.likelihood();
        this.latent = p + lik.numLatentParams();
        this.point = numParams - latent;
        this.maxK = maxK;
        this.prior = model.latentPrior();
        this.guide = guide.instance(latent);
        this.g = this.guide.numParams();
        boolean local = localReparameterization && this.guide instanceof MeanFieldGuide.MeanFieldInstance;
        this.ev = local ? null : model.newEvaluator(maxK, maxB);
        this.lrt = local ? new LocalReparameterization(model.network().spec(), maxK, maxB) : null;
        this.thetas = local ? null : new double[maxK * numParams];
        this.out = new double[maxK];
        this.gTheta = local ? null : new double[maxK * numParams];
        this.gLl = new double[g + point];
        int outLen = maxK * maxB * model.network().spec().outDim();
        this.gMean = local ? new double[outLen] : null;
        this.gScale = local && lik.heteroskedastic() ? new double[outLen] : null;
        this.extra = new double[numParams - p];
        this.gExtra = new double[numParams - p];
        this.gNet = local ? new double[p] : null;
        this.gNetStd = local ? new double[p] : null;
    }

    /** @return latent dimensions L */
    int latent() {
        return latent;
    }

    /** @return point-estimated dimensions Q */
    int point() {
        return point;
    }

    /** @return the guide's instance (its parameters come first in u) */
    Guide.Instance guide() {
        return guide;
    }

    /** @return the length of u: the guide's parameters followed by the point-estimated ones */
    int numParams() {
        return g + point;
    }

    /** @return the prior over the latent dimensions */
    DiagonalNormal prior() {
        return prior;
    }

    /** Sets the batch, as {@link ModelEvaluator#setBatch}. */
    void setBatch(double[] bx, double[] by, int batch, double scale) {
        this.x = bx;
        this.y = by;
        this.b = batch;
        this.likScale = scale;
        if (ev != null) {
            ev.setBatch(bx, by, batch, scale);
        }
    }

    /** @param batch b @param k particles @return noise values needed */
    int noiseLength(int batch, int k) {
        return lrt == null ? k * guide.noisePerSample() : k * (lrt.noisePerParticle(batch) + latent - p);
    }

    /**
     * @param u         parameters {@code [guide (G), point (Q)]}
     * @param noise     standard normal noise, {@link #noiseLength} values
     * @param k         particles
     * @param klWeight  weight on the KL
     * @param grad      receives d loss / d u (overwritten), or null
     * @return the estimate
     */
    Terms evaluate(double[] u, double[] noise, int k, double klWeight, double[] grad) {
        if (k > maxK) {
            throw new IllegalArgumentException("particles " + k + " exceed capacity " + maxK);
        }
        guide.prepare(u);
        java.util.Arrays.fill(gLl, 0.0);
        double ll = lrt == null ? weightSpace(u, noise, k) : local(u, noise, k);
        double e = ll / k;
        double kl;
        if (grad != null) {
            for (int j = 0; j < g + point; j++) {
                grad[j] = -gLl[j] / k;
            }
            kl = guide.kl(u, prior, klWeight, grad);
        } else {
            kl = guide.kl(u, prior, klWeight, null);
        }
        return new Terms(e, kl, -e + klWeight * kl);
    }

    /** Sum over particles of the log-likelihood; accumulates its gradient with respect to u in gLl. */
    private double weightSpace(double[] u, double[] noise, int k) {
        int npp = guide.noisePerSample();
        for (int s = 0; s < k; s++) {
            int o = s * numParams;
            guide.sample(u, noise, s * npp, thetas, o);
            System.arraycopy(u, g, thetas, o + latent, point);
        }
        double total = ev.logLikelihood(thetas, k, out, gTheta);
        for (int s = 0; s < k; s++) {
            int o = s * numParams;
            guide.addSampleGradient(u, noise, s * npp, gTheta, o, gLl);
            for (int q = 0; q < point; q++) {
                gLl[g + q] += gTheta[o + latent + q];
            }
        }
        return total;
    }

    /** The local reparameterization of the mean-field guide ({@code u = [loc, rho, point]}). */
    private double local(double[] u, double[] noise, int k) {
        MeanFieldGuide.MeanFieldInstance mf = (MeanFieldGuide.MeanFieldInstance) guide;
        double[] std = mf.std;
        double[] slope = mf.slope; // d std / d rho
        lrt.forward(u, std, noise, k, x, b);
        int npp = lrt.noisePerParticle(b);
        int extraLatent = latent - p;
        int d = model.network().spec().outDim();
        Likelihood lik = model.likelihood();
        double total = 0;
        for (int s = 0; s < k; s++) {
            int e0 = k * npp + s * extraLatent; // this particle's noise for the latent extras
            for (int j = 0; j < extraLatent; j++) {
                extra[j] = u[p + j] + std[p + j] * noise[e0 + j];
            }
            System.arraycopy(u, g, extra, extraLatent, point);
            java.util.Arrays.fill(gExtra, 0.0);
            total += lik.logLikelihood(lrt.mean, lrt.scale, s * b * d, b, d, y, extra, 0, likScale, gMean,
                    lik.heteroskedastic() ? gScale : null, gExtra, 0);
            for (int j = 0; j < extraLatent; j++) {
                gLl[p + j] += gExtra[j];
                gLl[latent + p + j] += gExtra[j] * noise[e0 + j] * slope[p + j];
            }
            for (int q = 0; q < point; q++) {
                gLl[g + q] += gExtra[extraLatent + q];
            }
        }
        java.util.Arrays.fill(gNet, 0.0);
        java.util.Arrays.fill(gNetStd, 0.0);
        lrt.backward(u, std, noise, x, gMean, gScale, gNet, gNetStd);
        for (int j = 0; j < p; j++) {
            gLl[j] += gNet[j];
            gLl[latent + j] += gNetStd[j] * slope[j];
        }
        return total;
    }
}
