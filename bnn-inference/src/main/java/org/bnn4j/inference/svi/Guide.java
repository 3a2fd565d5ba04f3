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
 * dimensions, with its own parameter vector {@code u}. A guide is an immutable value held by {@link SviConfig}; for
 * each fit {@link Svi} asks it for an {@link Instance} that does the arithmetic for one number of latent dimensions.
 * Adding a family means one class implementing this interface (and, to save it, a
 * {@link org.bnn4j.inference.io.PosteriorCodec} for the posterior it becomes): the ELBO estimator, the optimiser
 * loop, the file format and the command line stay as they are.
 *
 * <p>The latent dimensions are the network's parameters, followed by the log noise scale when a homoskedastic
 * likelihood gives it a prior; a point-estimated noise scale is not latent and is optimised beside {@code u}.
 *
 * <pre>{@code
 * SviConfig config = SviConfig.defaults().toBuilder().guide(Guide.parse("meanfield")).build();
 * Posterior q = new Svi(config).fit(model, train);
 * }</pre>
 *
 * <p>References: the autoguides of Pyro ({@code pyro.infer.autoguide}: {@code AutoNormal},
 * {@code AutoLowRankMultivariateNormal}, {@code AutoMultivariateNormal}); D. P. Kingma and M. Welling,
 * "Auto-Encoding Variational Bayes", ICLR 2014.
 */
public interface Guide {

    /** @return the name used on the command line and in saved files, e.g. {@code meanfield} */
    String name();

    /**
     * @param latent number of latent dimensions L, {@code >= 1}
     * @return a new instance for fits over L latent dimensions (holds scratch arrays: one per fit and thread)
     * @throws IllegalArgumentException if the family cannot represent L dimensions (e.g. a rank above L)
     */
    Instance instance(int latent);

    /** @return the mean-field Gaussian family (independent Normals, the default) */
    static Guide meanField() {
        return MeanFieldGuide.INSTANCE;
    }

    /**
     * Parses a command-line name: {@code meanfield}.
     *
     * @param text the name, case-insensitive
     * @return the guide
     * @throws IllegalArgumentException if the name is not a known guide, naming the valid ones
     */
    static Guide parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("meanfield") || s.equals("mean-field")) {
            return meanField();
        }
        throw new IllegalArgumentException("'" + text + "' is not a guide; use meanfield");
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
