package org.bnn4j.spark.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bnn4j.inference.FitFailedException;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.IterationEvent;
import org.bnn4j.inference.internal.Adam;
import org.bnn4j.inference.svi.MeanFieldPosterior;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.inference.svi.SviDiagnostics;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DiagonalNormal;
import org.bnn4j.model.Likelihood;
import org.bnn4j.nn.ScaleTransform;

/**
 * Mean-field SVI whose expected log-likelihood term is summed over the partitions of a {@link DistributedData} in one
 * {@code treeAggregate} per step, with the weight-space reparameterisation: the K particles
 * {@code theta_s = loc + softplus(rho) * eps_s} are drawn on the driver, each partition returns the log-likelihood of
 * its rows under every particle and its gradient, and the driver maps it to the guide's gradient, adds the
 * closed-form KL ({@link DiagonalNormal#klFrom}) and takes the Adam step. Everything else is {@code Svi}'s: the guide
 * parameterisation and its initialisation (spread first-layer units included), the KL schedule, the learning-rate
 * decay, the projection of rho onto {@code softplus(rho) <= maxScale}, the likelihood scale {@code n / batch}.
 *
 * <p>The particles' noise comes from {@link SplittableRandom#nextGaussian()} on the driver, not from the single-JVM
 * fit's ziggurat stream, so the two fits follow different noise and agree within the optimiser's Monte Carlo noise.
 * The local reparameterisation needs per-row noise and is not offered: set {@code localReparameterization(false)}.
 *
 * <pre>{@code
 * SviConfig c = SviConfig.defaults().toBuilder().localReparameterization(false).build();
 * MeanFieldPosterior q = new DataParallelSvi(c).fit(model, data, List.of());
 * }</pre>
 *
 * <p>References: M. D. Hoffman et al., "Stochastic Variational Inference", JMLR 2013; C. Blundell et al., "Weight
 * Uncertainty in Neural Networks", ICML 2015; D. P. Kingma and M. Welling, "Auto-Encoding Variational Bayes",
 * ICLR 2014.
 */
public final class DataParallelSvi {

    private final SviConfig config;

    /**
     * @param config the settings; {@code localReparameterization} must be false
     * @throws IllegalArgumentException if the config asks for the local reparameterisation or a stopping rule
     */
    public DataParallelSvi(SviConfig config) {
        this.config = Objects.requireNonNull(config, "config must not be null; pass SviConfig.defaults()");
        if (config.stopping().enabled()) {
            throw new IllegalArgumentException("the data-parallel fit runs its whole budget of epochs and takes no "
                    + "stopping rule; pass stopping(StoppingRule.none()) or fit on one machine");
        }
        if (config.localReparameterization()) {
            throw new IllegalArgumentException("data-parallel SVI samples weights, not pre-activations; build the "
                    + "config with localReparameterization(false)");
        }
    }

    /**
     * @param model     the model
     * @param data      the cached training data
     * @param listeners called on the driver once per epoch with {@code loss, elbo, nll, kl, klWeight}
     * @return the mean-field posterior, with the data's standardiser
     * @throws FitFailedException if the ELBO or the guide becomes non-finite
     */
    public MeanFieldPosterior fit(BayesianModel model, DistributedData data, List<FitListener> listeners) {
        DataParallelMap.Trainer t = new DataParallelMap.Trainer(model, data);
        Likelihood lik = model.likelihood();
        int p = model.numNetworkParams();
        int numParams = model.numParams();
        int l = p + lik.numLatentParams();
        int point = numParams - l;
        DiagonalNormal prior = model.latentPrior();
        int k = config.particles();
        SplittableRandom root = new SplittableRandom(config.seed());
        double[] u = init(model, data, l, point, root.split());
        SplittableRandom noiseRng = root.split();
        SplittableRandom batchRng = root.split();
        double rhoMax = softplusInverse(config.maxScale());
        SviConfig.Plan plan = config.plan((int) Math.min(Integer.MAX_VALUE, data.size()));
        Batches batches = new Batches(data.size(), plan.batchSize());
        Adam adam = new Adam(u.length);
        double[] grad = new double[u.length];
        double[] loc = new double[l];
        double[] std = new double[l];
        double[] gM = new double[l];
        double[] gS = new double[l];
        double[] eps = new double[k * l];
        double[] thetas = new double[k * numParams];
        int epochs = plan.epochs();
        double[] elbo = new double[epochs];
        double[] nll = new double[epochs];
        double[] kl = new double[epochs];
        double[] w = new double[epochs];
        listeners.forEach(f -> f.onStart("svi", epochs));
        long t0 = System.nanoTime();
        try {
            for (int e = 0; e < epochs; e++) {
                w[e] = config.klSchedule().weight(e, epochs);
                double lr = config.learningRateAt(e, epochs);
                batches.nextEpoch(batchRng);
                int nb = batches.numBatches();
                for (int bi = 0; bi < nb; bi++) {
                    int[] rows = batches.rows(bi);
                    double scale = batches.scale(rows);
                    for (int j = 0; j < l; j++) {
                        loc[j] = u[j];
                        std[j] = ScaleTransform.Softplus.softplus(u[l + j]);
                    }
                    for (int s = 0; s < k; s++) {
                        for (int j = 0; j < l; j++) {
                            eps[s * l + j] = noiseRng.nextGaussian();
                            thetas[s * numParams + j] = loc[j] + std[j] * eps[s * l + j];
                        }
                        System.arraycopy(u, 2 * l, thetas, s * numParams + l, point);
                    }
                    double[] sums = t.pass(thetas, k, rows);
                    double expectedLogLik = sums[0] * scale / k;
                    double klValue = prior.klFrom(loc, std, gM, gS);
                    for (int j = 0; j < l; j++) {
                        double gLoc = 0;
                        double gStd = 0;
                        for (int s = 0; s < k; s++) {
                            double g = sums[1 + s * numParams + j] * scale;
                            gLoc += g;
                            gStd += g * eps[s * l + j];
                        }
                        grad[j] = -gLoc / k + w[e] * gM[j];
                        grad[l + j] = (-gStd / k + w[e] * gS[j]) * ScaleTransform.Softplus.sigmoid(u[l + j]);
                    }
                    for (int q = 0; q < point; q++) {
                        double gPoint = 0;
                        for (int s = 0; s < k; s++) {
                            gPoint += sums[1 + s * numParams + l + q] * scale;
                        }
                        grad[2 * l + q] = -gPoint / k;
                    }
                    nll[e] -= expectedLogLik / nb;
                    kl[e] += klValue / nb;
                    if (!Double.isFinite(expectedLogLik) || !Double.isFinite(klValue) || !DataParallelMap.finite(grad)) {
                        throw new FitFailedException("svi loss became non-finite at epoch " + e + " (NLL "
                                + -expectedLogLik + ", KL " + klValue + "); lower the learning rate (was "
                                + config.learningRate() + "), lower maxScale, or raise the scale transform's minScale");
                    }
                    adam.step(u, grad, lr);
                    for (int j = l; j < 2 * l; j++) {
                        u[j] = Math.min(u[j], rhoMax);
                    }
                }
                elbo[e] = -nll[e] - kl[e];
                if (!listeners.isEmpty()) {
                    Map<String, Double> v = new LinkedHashMap<>();
                    v.put("loss", nll[e] + w[e] * kl[e]);
                    v.put("elbo", elbo[e]);
                    v.put("nll", nll[e]);
                    v.put("kl", kl[e]);
                    v.put("klWeight", w[e]);
                    IterationEvent ev = new IterationEvent(0, e, epochs, v);
                    listeners.forEach(f -> f.onIteration(ev));
                }
            }
        } finally {
            listeners.forEach(FitListener::onFinish);
            t.close();
        }
        double ms = (System.nanoTime() - t0) / 1e6 / epochs;
        double[] mean = new double[numParams];
        double[] sd = new double[numParams];
        System.arraycopy(u, 0, mean, 0, l);
        System.arraycopy(u, 2 * l, mean, l, point);
        for (int j = 0; j < l; j++) {
            sd[j] = ScaleTransform.Softplus.softplus(u[l + j]);
        }
        return new MeanFieldPosterior(model, "svi", mean, sd, data.standardizer(),
                new SviDiagnostics(elbo, nll, kl, w, ms, List.of()));
    }

    /** Svi's initial guide {@code [loc, rho, point]}, drawn from the same stream in the same order. */
    private double[] init(BayesianModel model, DistributedData data, int l, int point, SplittableRandom rng) {
        double[] theta = model.initialParameters(rng);
        if (config.locInitRange() > 0) {
            double r = config.locInitRange();
            for (int j = 0; j < model.numNetworkParams(); j++) {
                theta[j] = (2 * rng.nextDouble() - 1) * r;
            }
        }
        if (config.unitSlope() > 0 && model.network().spec().numHidden() > 0) {
            SpreadUnits.place(model.network().layout(), data, config.unitSlope(), rng, theta);
        }
        double[] u = new double[2 * l + point];
        System.arraycopy(theta, 0, u, 0, l);
        java.util.Arrays.fill(u, l, 2 * l, softplusInverse(config.initScale()));
        System.arraycopy(theta, l, u, 2 * l, point);
        return u;
    }

    /** @param s a positive value @return rho with softplus(rho) = s, as {@code Svi} computes it */
    static double softplusInverse(double s) {
        return s > 30 ? s : Math.log(Math.expm1(s));
    }
}
