package org.bnn4j.inference.svi;

import java.util.Locale;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.Diagnostics;
import org.bnn4j.inference.Posterior;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DiagonalNormal;

/**
 * A variational family for {@link Svi}: a reparameterisable distribution {@code q_u(theta)} over the model's latent
 * dimensions, with its own parameter vector {@code u}. A guide is an immutable value held by {@link SviConfig} (equal
 * when its settings are equal, so configs compare by value); for each fit {@link Svi} asks it for an
 * {@link Instance} that does the arithmetic for one number of latent dimensions. The built-in families: mean-field
 * ({@link #meanField()}, the default, with the local reparameterization as its fast path), low-rank plus diagonal
 * ({@link #lowRank(int)}) and full-rank ({@link #fullRank()}); the last two become a
 * {@link MultivariateNormalPosterior}.
 * Adding a family means one class implementing this interface (and, to save it, a
 * {@link org.bnn4j.inference.io.PosteriorCodec} for the posterior it becomes): the ELBO estimator, the optimiser
 * loop, the file format and the command line stay as they are.
 *
 * <p>The latent dimensions are the network's parameters, followed by the log noise scale when a homoskedastic
 * likelihood gives it a prior; a point-estimated noise scale is not latent and is optimised beside {@code u}.
 *
 * <pre>{@code
 * SviConfig config = SviConfig.defaults().toBuilder().guide(Guide.parse("lowrank:10")).particles(4).build();
 * Posterior q = new Svi(config).fit(model, train);
 * }</pre>
 *
 * <p>References: the autoguides of Pyro ({@code pyro.infer.autoguide}: {@code AutoNormal},
 * {@code AutoLowRankMultivariateNormal}, {@code AutoMultivariateNormal}); D. P. Kingma and M. Welling,
 * "Auto-Encoding Variational Bayes", ICLR 2014.
 */
public interface Guide {

    /** @return the name used on the command line and in saved files, e.g. {@code meanfield} or {@code lowrank:10} */
    String name();

    /**
     * @param latent number of latent dimensions L, {@code >= 1}
     * @return a new instance for fits over L latent dimensions (holds scratch arrays: one per fit and thread)
     * @throws IllegalArgumentException if the family cannot represent L dimensions (e.g. a rank above L)
     */
    Instance instance(int latent);

    /**
     * Rank of {@link #lowRank()}, the guide {@code lowrank} names without a rank. On the cluster demo's 202
     * parameters ranks 5, 10, 20 and 40 gave the same figures within the seed-to-seed spread (docs/svi-defaults.md,
     * "Low-rank and full-rank guides"), so the default is set by cost: the KL costs {@code O(L R^2)} per step, and 10 is below Pyro's
     * {@code round(sqrt(L))} rule for any net of more than about 100 parameters.
     */
    int DEFAULT_RANK = 10;

    /** @return the mean-field Gaussian family (independent Normals, the default) */
    static Guide meanField() {
        return MeanFieldGuide.INSTANCE;
    }

    /**
     * @param rank R, {@code >= 1} (and at most the number of latent dimensions, checked when a fit starts)
     * @return the low-rank plus diagonal Gaussian family {@code N(loc, D + W W^T)}, {@code W [L, R]}
     *         ({@code lowrank:R} on the command line)
     * @throws IllegalArgumentException if rank is below 1
     */
    static Guide lowRank(int rank) {
        return new LowRankGuide(rank);
    }

    /** @return {@link #lowRank(int)} with rank {@value #DEFAULT_RANK} ({@code lowrank} on the command line) */
    static Guide lowRank() {
        return lowRank(DEFAULT_RANK);
    }

    /**
     * @return the full-rank Gaussian family {@code N(loc, C C^T)}, C lower triangular; memory and time grow as the
     *         square of the number of parameters ({@code fullrank} on the command line)
     */
    static Guide fullRank() {
        return new FullRankGuide();
    }

    /**
     * Parses a command-line name: {@code meanfield}, {@code lowrank:R} (R an integer {@code >= 1}), {@code lowrank}
     * (rank {@value #DEFAULT_RANK}) or {@code fullrank}.
     *
     * @param text the name, case-insensitive
     * @return the guide
     * @throws IllegalArgumentException if the name is not a known guide or the rank is not an integer {@code >= 1},
     *                                  naming the valid forms
     */
    static Guide parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "meanfield", "mean-field" -> {
                return meanField();
            }
            case "lowrank", "low-rank" -> {
                return lowRank();
            }
            case "fullrank", "full-rank" -> {
                return fullRank();
            }
            default -> {
            }
        }
        int colon = s.indexOf(':');
        if (colon > 0 && (s.startsWith("lowrank:") || s.startsWith("low-rank:"))) {
            String r = s.substring(colon + 1);
            int rank;
            try {
                rank = Integer.parseInt(r);
            } catch (NumberFormatException e) {
                rank = 0;
            }
            if (rank < 1) {
                throw new IllegalArgumentException("the rank in '" + text + "' must be an integer >= 1; e.g. lowrank:"
                        + DEFAULT_RANK);
            }
            return lowRank(rank);
        }
        throw new IllegalArgumentException("'" + text + "' is not a guide; use meanfield, lowrank:R (e.g. lowrank:"
                + DEFAULT_RANK + ") or fullrank");
    }

    /**
     * The arithmetic of one family over L latent dimensions: sampling by reparameterisation, the gradient of a
     * sample with respect to the guide parameters, and the closed-form KL divergence from a diagonal Normal prior.
     * Not thread-safe.
     */
    interface Instance {

        /** @return the number of latent dimensions L */
        int latent();

        /** @return the number of guide parameters G (the length of {@code u}) */
        int numParams();

        /** @return standard normal values consumed per sample */
        int noisePerSample();

        /**
         * Initial guide parameters: the distribution centred at {@code loc} with every marginal standard deviation
         * {@code initScale} (families with correlations may add small random off-diagonal terms).
         *
         * @param loc       initial means, length L; not modified
         * @param initScale initial marginal standard deviation, {@code > 0}
         * @param rng       random source for families that need one, advanced
         * @param u         receives the G guide parameters
         */
        void init(double[] loc, double initScale, RandomGenerator rng, double[] u);

        /**
         * Computes what later calls share (e.g. the standard deviations from their unconstrained parameters);
         * call once whenever {@code u} has changed, before {@link #sample}, {@link #addSampleGradient} or
         * {@link #kl}.
         *
         * @param u guide parameters, length G
         */
        void prepare(double[] u);

        /**
         * Draws {@code theta = T_u(eps)}.
         *
         * @param u      guide parameters (as given to {@link #prepare})
         * @param eps    standard normal values; this sample's start at {@code epsOff}
         * @param epsOff offset of this sample's {@link #noisePerSample()} values
         * @param theta  receives L latent values from {@code off}
         * @param off    offset in theta
         */
        void sample(double[] u, double[] eps, int epsOff, double[] theta, int off);

        /**
         * Adds {@code (d T_u(eps) / d u)^T g} into {@code gU}: the chain rule from a gradient with respect to a
         * sample to the guide parameters.
         *
         * @param u      guide parameters (as given to {@link #prepare})
         * @param eps    the noise the sample was drawn with
         * @param epsOff its offset
         * @param g      gradient with respect to the sample's L latent values, from {@code gOff}
         * @param gOff   offset in g
         * @param gU     accumulator of length G
         */
        void addSampleGradient(double[] u, double[] eps, int epsOff, double[] g, int gOff, double[] gU);

        /**
         * {@code KL(q_u || prior)} in closed form, and optionally {@code weight * dKL/du} added into {@code gU}.
         *
         * @param u      guide parameters (as given to {@link #prepare})
         * @param prior  the prior over the L latent dimensions
         * @param weight factor on the gradient
         * @param gU     accumulator of length G, or null for the value only
         * @return the KL divergence
         */
        double kl(double[] u, DiagonalNormal prior, double weight, double[] gU);

        /**
         * Keeps the parameters valid after an optimiser step: no marginal standard deviation above
         * {@code maxScale}.
         *
         * @param u        guide parameters, modified in place
         * @param maxScale largest standard deviation, {@code > 0}
         */
        void project(double[] u, double maxScale);

        /**
         * The fitted posterior this guide becomes.
         *
         * @param model        the model
         * @param method       the method name recorded in the posterior
         * @param u            guide parameters, length G; not modified
         * @param point        values of the point-estimated dimensions (appended after the L latent ones)
         * @param standardizer the training data's standardiser, or null
         * @param diagnostics  the fit's diagnostics
         * @return the posterior over all {@code model.numParams()} dimensions
         */
        Posterior posterior(BayesianModel model, String method, double[] u, double[] point, Standardizer standardizer,
                            Diagnostics diagnostics);
    }
}
