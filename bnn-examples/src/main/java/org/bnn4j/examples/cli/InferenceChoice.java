package org.bnn4j.examples.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.McmcInference;
import org.bnn4j.inference.McmcInitialization;
import org.bnn4j.inference.laplace.CurvatureStructure;
import org.bnn4j.inference.laplace.Laplace;
import org.bnn4j.inference.laplace.LaplaceConfig;
import org.bnn4j.inference.laplace.LaplaceMixture;
import org.bnn4j.inference.ensemble.DeepEnsemble;
import org.bnn4j.inference.ensemble.EnsembleConfig;
import org.bnn4j.inference.mcmc.Algorithm;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.mcmc.Metric;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.MaximumLikelihood;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.optim.StoppingRule;
import org.bnn4j.inference.svi.Guide;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The inference methods the {@code bnn} command offers, and how command-line settings configure them. */
public enum InferenceChoice {
    /** Stochastic variational inference: a mean-field (default), low-rank or full-rank Gaussian guide. */
    SVI,
    /** Maximum a posteriori point estimate. */
    MAP,
    /** Maximum likelihood point estimate. */
    MLE,
    /** The No-U-Turn Sampler over all weights (several chains, Stan-style warm-up). */
    NUTS,
    /** Static Hamiltonian Monte Carlo with a fixed number of leapfrog steps. */
    HMC,
    /** Laplace approximation around a MAP fit, linearised predictive, prior precision by the marginal likelihood. */
    LAPLACE,
    /** A deep ensemble of MAP fits from different initialisations, optionally anchored at prior draws. */
    ENSEMBLE;

    /**
     * MCMC settings from the command line; null means "keep the default".
     *
     * @param warmup        warm-up iterations per chain, or null
     * @param samples       sampling iterations per chain, or null
     * @param chains        number of chains, or null
     * @param maxTreeDepth  NUTS maximum tree depth, or null (rejected for HMC)
     * @param stepSize      a fixed step size (no step-size adaptation), or null to adapt it
     * @param leapfrogSteps HMC leapfrog steps per iteration (required for HMC, rejected for NUTS), or null
     * @param metric        the adapted metric, or null for the default
     * @param mapInit       whether chains start from per-chain MAP fits
     * @param parameterization which parameters the chains move, or null for the default (all)
     */
    public record McmcSettings(Integer warmup, Integer samples, Integer chains, Integer maxTreeDepth, Double stepSize,
            Integer leapfrogSteps, Metric metric, boolean mapInit, McmcInference.Parameterization parameterization) {

        /** Settings that move all parameters. */
        public McmcSettings(Integer warmup, Integer samples, Integer chains, Integer maxTreeDepth, Double stepSize,
                Integer leapfrogSteps, Metric metric, boolean mapInit) {
            this(warmup, samples, chains, maxTreeDepth, stepSize, leapfrogSteps, metric, mapInit, null);
        }

        /**
         * @param name {@code diagonal}, {@code dense} or {@code lowrank} (case and {@code -}/{@code _} ignored), or
         *             null
         * @return the metric, or null for null
         * @throws IllegalArgumentException for another name
         */
        public static Metric parseMetric(String name) {
            return name == null ? null : parse(Metric.values(), "--metric", name);
        }

        /**
         * @param name {@code full}, {@code marginal-mean-head} or {@code auto} (case and {@code -}/{@code _}
         *             ignored), or null
         * @return the parameterization, or null for null
         * @throws IllegalArgumentException for another name
         */
        public static McmcInference.Parameterization parseParameterization(String name) {
            return name == null ? null : parse(McmcInference.Parameterization.values(), "--parameterization", name);
        }

        private static <E extends Enum<E>> E parse(E[] values, String option, String name) {
            String key = name.replace("-", "").replace("_", "");
            List<String> valid = new ArrayList<>();
            for (E e : values) {
                String n = e.name().replace("_", "");
                if (n.equalsIgnoreCase(key)) {
                    return e;
                }
                valid.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new IllegalArgumentException(option + " must be one of " + String.join(", ", valid) + " but was '"
                    + name + "'");
        }

        /** @return all defaults */
        public static McmcSettings defaults() {
            return new McmcSettings(null, null, null, null, null, null, null, false);
        }

        boolean anySet() {
            return !given().isEmpty();
        }

        /** @return the options of the settings that were given, in the order of the command's help */
        List<String> given() {
            List<String> out = new ArrayList<>();
            Object[][] all = {{"--warmup", warmup}, {"--samples", samples}, {"--chains", chains},
                    {"--max-tree-depth", maxTreeDepth}, {"--step-size", stepSize}, {"--leapfrog-steps", leapfrogSteps},
                    {"--metric", metric}, {"--map-init", mapInit ? Boolean.TRUE : null},
                    {"--parameterization", parameterization}};
            for (Object[] o : all) {
                if (o[1] != null) {
                    out.add((String) o[0]);
                }
            }
            return out;
        }
    }

    /**
     * Deep-ensemble settings from the command line.
     *
     * @param members  number of members, or null for the default
     * @param anchored whether each member is anchored at its own prior draw
     * @param holdout  fraction of each member's training rows held out for early stopping and its noise, or null
     *                 for the default
     */
    public record EnsembleSettings(Integer members, boolean anchored, Double holdout) {

        /** Settings without a held-out fraction (the method's default). */
        public EnsembleSettings(Integer members, boolean anchored) {
            this(members, anchored, null);
        }

        /** @return all defaults */
        public static EnsembleSettings defaults() {
            return new EnsembleSettings(null, false, null);
        }

        boolean anySet() {
            return members != null || anchored || holdout != null;
        }
    }

    /**
     * Settings from the command line; null means "keep the method's default".
     *
     * @param epochs       passes over the data, or null
     * @param learningRate Adam step size, or null
     * @param particles    SVI Monte Carlo particles, or null (rejected for point estimates)
     * @param seed         the run's seed
     * @param guide        the SVI variational family, or null for the default (rejected for other methods)
     * @param stopping     the stopping rule of svi, map and mle, or null for the default (none; rejected for other
     *                     methods)
     */
    public record Settings(Integer epochs, Double learningRate, Integer particles, long seed, Guide guide,
                           StoppingRule stopping) {

        /** Settings with the default stopping rule. */
        public Settings(Integer epochs, Double learningRate, Integer particles, long seed, Guide guide) {
            this(epochs, learningRate, particles, seed, guide, null);
        }

        /** Settings with the default guide and stopping rule. */
        public Settings(Integer epochs, Double learningRate, Integer particles, long seed) {
            this(epochs, learningRate, particles, seed, null, null);
        }
    }

    /** @return the lower-case name used on the command line */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether the method's posterior has weight uncertainty (and so takes priors on the noise) */
    public boolean bayesian() {
        return this == SVI || this == LAPLACE || this == ENSEMBLE || mcmc();
    }

    /** @return whether the method is a Markov chain Monte Carlo sampler */
    public boolean mcmc() {
        return this == NUTS || this == HMC;
    }

    /**
     * @param s the settings
     * @return the configured method, with default MCMC settings
     * @throws IllegalArgumentException if a setting does not apply to this method or is out of range
     */
    public InferenceMethod create(Settings s) {
        return create(s, McmcSettings.defaults());
    }

    /**
     * @param s the settings
     * @param m the MCMC settings (must be all defaults for svi, map and mle)
     * @return the configured method
     * @throws IllegalArgumentException if a setting does not apply to this method or is out of range
     */
    public InferenceMethod create(Settings s, McmcSettings m) {
        return create(s, m, EnsembleSettings.defaults());
    }

    /**
     * @param s the settings
     * @param m the MCMC settings (must be all defaults for svi, map, mle, laplace and ensemble)
     * @param e the ensemble settings (must be all defaults for the other methods)
     * @return the configured method
     * @throws IllegalArgumentException if a setting does not apply to this method or is out of range
     */
    public InferenceMethod create(Settings s, McmcSettings m, EnsembleSettings e) {
        try {
            return configure(s, m, e);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(optionNames(ex.getMessage()), ex);
        }
    }

    /**
     * Config field names (camel case, never prose words) of the library's messages as the command's options, so that e.g. "maxTreeDepth must be in
     * [1, 30]" reads "--max-tree-depth must be in [1, 30]".
     */
    private static final Map<String, String> OPTION_OF_FIELD = Map.of("numWarmup", "--warmup", "numSamples",
            "--samples", "numChains", "--chains", "maxTreeDepth", "--max-tree-depth", "numLeapfrogSteps",
            "--leapfrog-steps", "initialStepSize", "--step-size", "learningRate", "--lr");

    static String optionNames(String message) {
        if (message == null) {
            return "invalid setting";
        }
        String out = message;
        for (Map.Entry<String, String> e : OPTION_OF_FIELD.entrySet()) {
            out = out.replaceAll("(?<![\\w-])" + e.getKey() + "(?!\\w)", e.getValue());
        }
        return out;
    }

    private InferenceMethod configure(Settings s, McmcSettings m, EnsembleSettings e) {
        if (s.stopping() != null && this != SVI && this != MAP && this != MLE) {
            throw new IllegalArgumentException("--stop applies to --inference svi, map and mle only but was given "
                    + "with --inference " + cliName() + "; drop --stop");
        }
        if (this != ENSEMBLE && this != LAPLACE && e.anySet()) {
            throw new IllegalArgumentException("--members, --anchored and --holdout apply to --inference ensemble and "
                    + "laplace only but were given with --inference " + cliName()
                    + "; drop them or use --inference ensemble");
        }
        if (mcmc()) {
            return createMcmc(s, m);
        }
        if (m.anySet()) {
            List<String> given = m.given();
            throw new IllegalArgumentException(String.join(", ", given) + (given.size() == 1 ? " applies" : " apply")
                    + " to --inference nuts and hmc only (MCMC) but " + (given.size() == 1 ? "was" : "were")
                    + " given with --inference " + cliName() + "; drop " + (given.size() == 1 ? "it" : "them")
                    + " or use --inference nuts");
        }
        if (this == SVI) {
            // full batch up to 4096 rows, 512-row minibatches beyond (docs/benchmarks.md)
            SviConfig.Builder b = SviConfig.defaults().toBuilder().batchSize(SviConfig.AUTO_BATCH).seed(s.seed());
            if (s.stopping() != null) {
                b.stopping(s.stopping());
            }
            if (s.epochs() != null) {
                b.epochs(s.epochs());
            }
            if (s.learningRate() != null) {
                b.learningRate(s.learningRate());
            }
            if (s.particles() != null) {
                b.particles(s.particles());
            }
            if (s.guide() != null) {
                b.guide(s.guide());
            }
            return new Svi(b.build());
        }
        if (s.guide() != null) {
            throw new IllegalArgumentException("--guide applies to svi only but was given with --inference " + cliName()
                    + "; drop --guide or use --inference svi");
        }
        if (s.particles() != null) {
            throw new IllegalArgumentException("--particles applies to svi only but was given with --inference "
                    + cliName() + "; drop --particles or use --inference svi");
        }
        if (this == LAPLACE) {
            return e.anySet() ? laplaceMixture(s, e, CurvatureStructure.AUTO) : laplace(s, CurvatureStructure.AUTO);
        }
        if (this == ENSEMBLE) {
            return createEnsemble(s, e);
        }
        OptimizerConfig.Builder b = OptimizerConfig.builder().seed(s.seed()); // builder starts at the defaults
        if (s.stopping() != null) {
            b.stopping(s.stopping());
        }
        if (s.epochs() != null) {
            b.epochs(s.epochs());
        }
        if (s.learningRate() != null) {
            b.learningRate(s.learningRate());
        }
        return this == MAP ? new MaximumAPosteriori(b.build()) : new MaximumLikelihood(b.build());
    }

    /**
     * @param s                the settings
     * @param m                the MCMC settings (must be all defaults for svi, map, mle, laplace and ensemble)
     * @param e                the ensemble settings (must be all defaults for the other methods)
     * @param laplaceStructure {@code auto}, {@code full} or {@code lastlayer} for laplace, or null for the default
     *                         (must be null for the other methods)
     * @return the configured method
     * @throws IllegalArgumentException if a setting does not apply to this method or is out of range
     */
    public InferenceMethod create(Settings s, McmcSettings m, EnsembleSettings e, String laplaceStructure) {
        if (laplaceStructure == null) {
            return create(s, m, e);
        }
        if (this != LAPLACE) {
            throw new IllegalArgumentException("--laplace-structure applies to --inference laplace only but was given "
                    + "with --inference " + cliName() + "; drop it or use --inference laplace");
        }
        create(s, m, e); // the same checks of the other settings
        CurvatureStructure structure = CurvatureStructure.parse(laplaceStructure);
        return e.anySet() ? laplaceMixture(s, e, structure) : laplace(s, structure);
    }

    /**
     * @param s         the settings (epochs and learning rate apply to the MAP fit; particles must be null)
     * @param structure which parameters the Gaussian covers
     * @return the Laplace method: {@link LaplaceConfig#DEFAULT_MAP} with the given overrides and seed
     * @throws IllegalArgumentException if particles are given
     */
    public static InferenceMethod laplace(Settings s, CurvatureStructure structure) {
        if (s.particles() != null) {
            throw new IllegalArgumentException("--particles applies to svi only but was given with --inference "
                    + "laplace; drop --particles or use --inference svi");
        }
        OptimizerConfig.Builder b = LaplaceConfig.DEFAULT_MAP.toBuilder().seed(s.seed());
        if (s.epochs() != null) {
            b.epochs(s.epochs());
        }
        if (s.learningRate() != null) {
            b.learningRate(s.learningRate());
        }
        return new Laplace(LaplaceConfig.builder().map(b.build()).structure(structure).build());
    }

    /**
     * @param s         the settings (epochs and learning rate apply to the members' fits)
     * @param e         the members (and whether they are anchored)
     * @param structure which parameters each member's Gaussian covers
     * @return a mixture of Laplace approximations around the members of the ensemble {@code --inference ensemble}
     *         fits with these settings
     */
    private static InferenceMethod laplaceMixture(Settings s, EnsembleSettings e, CurvatureStructure structure) {
        EnsembleConfig members = ((DeepEnsemble) createEnsemble(s, e)).config();
        return new LaplaceMixture(members, LaplaceConfig.builder().structure(structure).build());
    }

    private static InferenceMethod createEnsemble(Settings s, EnsembleSettings e) {
        OptimizerConfig.Builder o = EnsembleConfig.defaultOptimizer().toBuilder();
        if (s.epochs() != null) {
            o.epochs(s.epochs());
        }
        if (s.learningRate() != null) {
            o.learningRate(s.learningRate());
        }
        EnsembleConfig.Builder b = EnsembleConfig.builder().optimizer(o.build()).anchored(e.anchored()).seed(s.seed());
        if (e.members() != null) {
            b.members(e.members());
        }
        if (e.holdout() != null) {
            b.holdout(e.holdout());
        }
        return new DeepEnsemble(b.build());
    }

    private InferenceMethod createMcmc(Settings s, McmcSettings m) {
        if (s.particles() != null || s.epochs() != null || s.learningRate() != null || s.guide() != null) {
            throw new IllegalArgumentException("--particles, --epochs, --lr and --guide do not apply to --inference "
                    + cliName() + "; use --warmup/--samples/--chains");
        }
        McmcConfig.Builder b = McmcConfig.builder().seed(s.seed()).algorithm(this == NUTS ? Algorithm.NUTS : Algorithm.HMC);
        if (m.warmup() != null) {
            b.numWarmup(m.warmup());
        }
        if (m.samples() != null) {
            b.numSamples(m.samples());
        }
        if (m.chains() != null) {
            b.numChains(m.chains());
        }
        if (m.metric() != null) {
            b.metric(m.metric());
        }
        if (this == NUTS) {
            if (m.leapfrogSteps() != null) {
                throw new IllegalArgumentException("--leapfrog-steps applies to hmc only (NUTS chooses its own "
                        + "trajectory length); drop it or use --inference hmc");
            }
            if (m.maxTreeDepth() != null) {
                b.maxTreeDepth(m.maxTreeDepth());
            }
        } else {
            if (m.maxTreeDepth() != null) {
                throw new IllegalArgumentException("--max-tree-depth applies to nuts only; drop it or use "
                        + "--inference nuts");
            }
            if (m.leapfrogSteps() == null) {
                throw new IllegalArgumentException("--inference hmc needs --leapfrog-steps L (and optionally "
                        + "--step-size X, else the step size is adapted during warm-up); or use --inference nuts");
            }
            b.numLeapfrogSteps(m.leapfrogSteps());
        }
        if (m.stepSize() != null) {
            if (!(m.stepSize() > 0 && Double.isFinite(m.stepSize()))) {
                throw new IllegalArgumentException("--step-size must be a finite number > 0 but was " + m.stepSize());
            }
            // A given step size is used as is: no search and no dual averaging (the metric is still adapted).
            b.initialStepSize(m.stepSize()).findInitialStepSize(false).adaptStepSize(false);
        }
        McmcConfig config = b.build();
        return new McmcInference(config, m.mapInit() ? McmcInitialization.map() : McmcInitialization.networkDefault(),
                m.parameterization() == null ? McmcInference.Parameterization.FULL : m.parameterization());
    }

    /** Case-insensitive picocli converter naming the valid values on error. */
    public static final class Converter implements ITypeConverter<InferenceChoice> {
        @Override
        public InferenceChoice convert(String value) {
            for (InferenceChoice c : values()) {
                if (c.cliName().equalsIgnoreCase(value)) {
                    return c;
                }
            }
            throw new TypeConversionException("'" + value + "' is not an inference method; use one of "
                    + Arrays.stream(values()).map(InferenceChoice::cliName).collect(Collectors.joining(", ")));
        }
    }
}
