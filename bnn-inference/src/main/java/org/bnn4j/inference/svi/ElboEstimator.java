package org.bnn4j.inference.svi;

import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DiagonalNormal;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.nn.ScaleTransform;

/**
 * Monte Carlo estimate of the negative ELBO {@code -(E_q[likScale * log p(y | x, theta)] - klWeight * KL(q || p))}
 * and its reparameterization gradient, for a mean-field Gaussian guide, given the standard normal noise (so a test
 * can fix it). The closed-form KL comes from {@link DiagonalNormal#klFrom}.
 *
 * <p>Guide parameter vector {@code u = [loc (L), rho (L), point (Q)]}: L latent dimensions (the network's P
 * parameters, plus the log noise scale when it has a {@link NoiseModel.LogNormalPrior}), guide std
 * {@code softplus(rho)}, and Q point-estimated parameters (the log noise scale of a {@link NoiseModel.PointEstimate}).
 *
 * <p>Noise layout: without local reparameterization {@code [K, L]} (one weight vector per particle, all K evaluated
 * as one {@code [K, numParams]} batch by the model's evaluator); with it {@code [K, noisePerParticle(b)]} for the
 * network's pre-activations followed by {@code [K, L - P]} for the latent noise scale.
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
    private final ModelEvaluator ev;
    private final LocalReparameterization lrt;
    private final double[] thetas;
    private final double[] out;
    private final double[] g;
    private final double[] loc;
    private final double[] std;
    private final double[] gLoc;
    private final double[] gStd;
    private final double[] gM;
    private final double[] gS;
    private final double[] gMean;
    private final double[] gScale;
    private final double[] gPoint;
    private final double[] extra;
    private final double[] gExtra;
    private final double[] gNet;
    private final double[] gNetStd;
    private double[] x;
    private double[] y;
    private int b;
    private double likScale;

    ElboEstimator(BayesianModel model, int maxK, int maxB, boolean localReparameterization) {
        this.model = model;
        this.p = model.numNetworkParams();
        this.numParams = model.numParams();
        Likelihood lik = model.likelihood();
        this.latent = p + (lik.extraParamsHavePrior() ? lik.numParams() : 0);
        this.point = numParams - latent;
        this.maxK = maxK;
        double[] locs = new double[latent];
        double[] stds = new double[latent];
        System.arraycopy(model.networkPrior().std(), 0, stds, 0, p);
        if (latent > p) {
            NoiseModel.LogNormalPrior np = (NoiseModel.LogNormalPrior) ((HomoskedasticGaussian) lik).noise();
            locs[p] = np.logLoc();
            stds[p] = np.logScale();
        }
        this.prior = DiagonalNormal.of(locs, stds);
        this.ev = localReparameterization ? null : model.newEvaluator(maxK, maxB);
        this.lrt = localReparameterization ? new LocalReparameterization(model.network().spec(), maxK, maxB) : null;
        this.thetas = new double[maxK * numParams];
        this.out = new double[maxK];
        this.g = new double[maxK * numParams];
        this.loc = new double[latent];
        this.std = new double[latent];
        this.gLoc = new double[latent];
        this.gStd = new double[latent];
        this.gM = new double[latent];
        this.gS = new double[latent];
        int outLen = maxK * maxB * model.network().spec().outDim();
        this.gMean = new double[outLen];
        this.gScale = new double[model.likelihood().heteroskedastic() ? outLen : 0];
        this.gPoint = new double[point];
        this.extra = new double[numParams - p];
        this.gExtra = new double[numParams - p];
        this.gNet = latent == p ? gLoc : new double[p];
        this.gNetStd = latent == p ? gStd : new double[p];
    }

    /** @return latent dimensions L */
    int latent() {
        return latent;
    }

    /** @return point-estimated dimensions Q */
    int point() {
        return point;
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
        return lrt == null ? k * latent : k * (lrt.noisePerParticle(batch) + latent - p);
    }

    /**
     * @param u         guide parameters {@code [loc, rho, point]}
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
        for (int j = 0; j < latent; j++) {
            loc[j] = u[j];
            std[j] = ScaleTransform.Softplus.softplus(u[latent + j]);
        }
        java.util.Arrays.fill(gLoc, 0.0);
        java.util.Arrays.fill(gStd, 0.0);
        double[] gPoint = this.gPoint;
        java.util.Arrays.fill(gPoint, 0.0);
        double ll = lrt == null ? weightSpace(u, noise, k, gPoint) : local(u, noise, k, gPoint);
        double kl = prior.klFrom(loc, std, gM, gS);
        double e = ll / k;
        if (grad != null) {
            for (int j = 0; j < latent; j++) {
                grad[j] = -gLoc[j] / k + klWeight * gM[j];
                double sig = ScaleTransform.Softplus.sigmoid(u[latent + j]);
                grad[latent + j] = (-gStd[j] / k + klWeight * gS[j]) * sig;
            }
            for (int q = 0; q < point; q++) {
                grad[2 * latent + q] = -gPoint[q] / k;
            }
        }
        return new Terms(e, kl, -e + klWeight * kl);
    }

    /** Sum over particles of the log-likelihood; accumulates its gradients in gLoc, gStd, gPoint. */
    private double weightSpace(double[] u, double[] noise, int k, double[] gPoint) {
        for (int s = 0; s < k; s++) {
            int o = s * numParams;
            for (int j = 0; j < latent; j++) {
                thetas[o + j] = loc[j] + std[j] * noise[s * latent + j];
            }
            System.arraycopy(u, 2 * latent, thetas, o + latent, point);
        }
        double total = ev.logLikelihood(thetas, k, out, g);
        for (int s = 0; s < k; s++) {
            int o = s * numParams;
            for (int j = 0; j < latent; j++) {
                double gj = g[o + j];
                gLoc[j] += gj;
                gStd[j] += gj * noise[s * latent + j];
            }
            for (int q = 0; q < point; q++) {
                gPoint[q] += g[o + latent + q];
            }
        }
        return total;
    }

    private double local(double[] u, double[] noise, int k, double[] gPoint) {
        lrt.forward(loc, std, noise, k, x, b);
        int npp = lrt.noisePerParticle(b);
        int extraLatent = latent - p;
        int d = model.network().spec().outDim();
        Likelihood lik = model.likelihood();
        double total = 0;
        for (int s = 0; s < k; s++) {
            double eps = 0;
            if (extraLatent > 0) {
                eps = noise[k * npp + s];
                extra[0] = loc[p] + std[p] * eps;
            } else if (point > 0) {
                extra[0] = u[2 * latent];
            }
            if (gExtra.length > 0) {
                gExtra[0] = 0;
            }
            total += lik.logLikelihood(lrt.mean, lrt.scale, s * b * d, b, d, y, extra, 0, likScale, gMean,
                    lik.heteroskedastic() ? gScale : null, gExtra, 0);
            if (extraLatent > 0) {
                gLoc[p] += gExtra[0];
                gStd[p] += gExtra[0] * eps;
            } else if (point > 0) {
                gPoint[0] += gExtra[0];
            }
        }
        double[] gl = gNet;
        double[] gs = gNetStd;
        if (gl != gLoc) {
            java.util.Arrays.fill(gl, 0.0);
            java.util.Arrays.fill(gs, 0.0);
        }
        lrt.backward(loc, std, noise, x, gMean, gScale, gl, gs);
        if (gl != gLoc) {
            System.arraycopy(gl, 0, gLoc, 0, p);
            System.arraycopy(gs, 0, gStd, 0, p);
        }
        return total;
    }
}
