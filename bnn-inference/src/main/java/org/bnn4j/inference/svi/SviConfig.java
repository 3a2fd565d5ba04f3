package org.bnn4j.inference.svi;

import java.util.Objects;
import org.bnn4j.inference.internal.CosineDecay;
import org.bnn4j.inference.optim.StoppingRule;

/**
 * Settings of {@link Svi}. Build with {@link #builder()} (which starts from {@link #defaults()}), or start from the
 * preset {@link #notebook()} with {@code notebook().toBuilder()}.
 *
 * <pre>{@code
 * SviConfig c = SviConfig.builder().epochs(4000).particles(4).guide(Guide.parse("meanfield")).seed(1).build();
 * }</pre>
 *
 * @param learningRate            Adam step size, {@code > 0}
 * @param epochs                  passes over the data, {@code >= 1}
 * @param batchSize               rows per minibatch, {@code >= 0}; 0 = full batch; {@link #AUTO_BATCH} (-1) = full batch
 *                                up to {@link #AUTO_BATCH_ROWS} rows, else minibatches of {@link #AUTO_BATCH_SIZE} rows
 *                                with {@code epochs} and the stopping rule's window and minimum counted in Adam
 *                                steps rather than passes (see {@link #plan(int)})
 * @param particles               Monte Carlo samples K of the ELBO per step, {@code >= 1}
 * @param guide                   the variational family ({@link Guide#meanField()} by default)
 * @param localReparameterization sample pre-activations instead of weights (Kingma, Salimans &amp; Welling 2015)
 *                                where the guide allows it (the mean-field guide); other guides sample weights
 * @param locInitRange            guide means start uniform on {@code [-r, r]}; 0 = the network's default init
 * @param unitSlope               {@code >= 0}; if positive, the guide means of the first hidden layer start as tanh units
 *                                of this slope along random directions, with their transitions spread uniformly
 *                                over the range of the (standardised) training inputs along each direction ("spread
 *                                units"), so some units switch in the gaps between data and can carry epistemic
 *                                variance there; 0 = the first layer starts like the others ({@code locInitRange})
 * @param initScale               initial guide standard deviation, {@code > 0}
 * @param maxScale                largest guide standard deviation, {@code >= initScale}
 * @param klSchedule              KL annealing schedule
 * @param finalLearningRateFraction learning rate at the last epoch as a fraction of the initial one, in (0, 1]
 *                                (1 = constant)
 * @param decayFraction           fraction of the epochs, at the end, over which the learning rate decays (cosine
 *                                annealing from the initial rate to {@code finalLearningRateFraction} of it), in (0, 1];
 *                                the rate is constant before
 * @param seed                    seed of the initialisation, the ELBO noise and the minibatch order
 * @param stopping                when the fit may end before {@code epochs}: {@link StoppingRule#none()} (the default)
 *                                or a plateau of the ELBO (or of the validation log-likelihood when the fit is given
 *                                validation data), after which a final phase brings the KL weight to 1 and decays
 *                                the learning rate ({@link StoppingRule})
 */
public record SviConfig(double learningRate, int epochs, int batchSize, int particles, Guide guide,
                        boolean localReparameterization, double locInitRange, double unitSlope, double initScale, double maxScale,
                        KlSchedule klSchedule, double finalLearningRateFraction, double decayFraction, long seed,
                        StoppingRule stopping) {

    /** The Pyro/TyXe BNN tutorial's Adam learning rate. */
    public static final double NOTEBOOK_LEARNING_RATE = 1e-2;
    /**
     * Default learning rate: with spread first-layer units the tutorial's 1e-2 occasionally blows the fit up on
     * a 0.01-noise cluster (loss spikes once the scale there is small); 5e-3 converged on every seed tried
     * (docs/svi-defaults.md, "Spread first-layer units").
     */
    public static final double DEFAULT_LEARNING_RATE = 5e-3;
    /** The Pyro/TyXe BNN tutorial's epochs. */
    public static final int NOTEBOOK_EPOCHS = 2000;
    /** Default epochs: 2000 full-batch steps leave the mean function under-fitted (docs/svi-defaults.md). */
    public static final int DEFAULT_EPOCHS = 8000;
    /** The Pyro/TyXe BNN tutorial's particles. */
    public static final int NOTEBOOK_PARTICLES = 1;
    /** The Pyro/TyXe BNN tutorial's guide mean init range (uniform +-8e-3). */
    public static final double NOTEBOOK_LOC_INIT_RANGE = 8e-3;
    /**
     * Default slope of the spread first-layer units (per standardised input unit): steep enough that a unit placed
     * in a gap between clusters is saturated on both sides, so the uncertainty of where it switches shows in the
     * gap only (docs/svi-defaults.md, "Spread first-layer units").
     */
    public static final double DEFAULT_UNIT_SLOPE = 20;
    /** The Pyro/TyXe BNN tutorial's initial guide scale. */
    public static final double NOTEBOOK_INIT_SCALE = 1e-4;
    /**
     * Default final learning rate fraction: a cosine decay to 5 % over the last quarter of the run cut the test NLL
     * and the in-cluster aleatoric error on the cluster experiment (docs/svi-defaults.md; a geometric decay over the
     * whole run made every figure worse).
     */
    public static final double DEFAULT_FINAL_LEARNING_RATE_FRACTION = 0.05;
    /** Default decay window: the last 25 % of the epochs (docs/svi-defaults.md). */
    public static final double DEFAULT_DECAY_FRACTION = 0.25;
    /** The Pyro/TyXe BNN tutorial's largest guide scale. */
    public static final double NOTEBOOK_MAX_SCALE = 2.0;

    /** {@link #batchSize()} that chooses between full batch and minibatches by the number of rows. */
    public static final int AUTO_BATCH = -1;
    /**
     * Largest data set {@link #AUTO_BATCH} fits full batch (docs/benchmarks.md, "SVI cost against the number of
     * rows").
     */
    public static final int AUTO_BATCH_ROWS = 4096;
    /**
     * Minibatch size {@link #AUTO_BATCH} uses above {@link #AUTO_BATCH_ROWS} rows (docs/benchmarks.md, "SVI cost
     * against the number of rows").
     */
    public static final int AUTO_BATCH_SIZE = 512;

    /** @throws IllegalArgumentException on any value out of range */
    public SviConfig {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0 but was " + learningRate
                    + "; pass e.g. 1e-2");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1 but was " + epochs + "; pass e.g. 2000");
        }
        if (batchSize < AUTO_BATCH) {
            throw new IllegalArgumentException("batchSize must be >= 0, or -1 (AUTO_BATCH), but was " + batchSize
                    + "; pass 0 for full batch");
        }
        if (particles < 1) {
            throw new IllegalArgumentException("particles must be >= 1 but was " + particles + "; pass e.g. 1");
        }
        if (!(locInitRange >= 0) || !Double.isFinite(locInitRange)) {
            throw new IllegalArgumentException("locInitRange must be finite and >= 0 but was " + locInitRange
                    + "; pass 0 for the network's default initialisation");
        }
        if (!(unitSlope >= 0) || !Double.isFinite(unitSlope)) {
            throw new IllegalArgumentException("unitSlope must be finite and >= 0 but was " + unitSlope
                    + "; pass 0 to start the first layer like the others, or e.g. " + DEFAULT_UNIT_SLOPE);
        }
        if (!(initScale > 0) || !Double.isFinite(initScale)) {
            throw new IllegalArgumentException("initScale must be finite and > 0 but was " + initScale + "; pass e.g. 1e-4");
        }
        if (!(maxScale >= initScale) || !Double.isFinite(maxScale)) {
            throw new IllegalArgumentException("maxScale must be finite and >= initScale = " + initScale + " but was "
                    + maxScale + "; pass e.g. 2.0");
        }
        Objects.requireNonNull(klSchedule, "klSchedule must not be null; pass KlSchedule.notebook()");
        Objects.requireNonNull(guide, "guide must not be null; pass Guide.meanField()");
        CosineDecay.requireFinalFraction("finalLearningRateFraction", finalLearningRateFraction);
        CosineDecay.requireDecayFraction("decayFraction", decayFraction);
        Objects.requireNonNull(stopping, "stopping must not be null; pass StoppingRule.none()");
    }

    /**
     * How a fit on {@code rows} rows runs: its minibatch size, its budget in epochs and its stopping rule. An explicit
     * {@link #batchSize()} is taken as is. {@link #AUTO_BATCH} fits up to {@link #AUTO_BATCH_ROWS} rows full batch
     * with the config as it is; above, minibatches of {@link #AUTO_BATCH_SIZE} rows with {@code epochs} read as Adam
     * steps, so the budget becomes {@code ceil(epochs / batches per epoch)} passes and the stopping rule's window and
     * minimum likewise (at least one pass each): a net of a given size needs about as many steps to converge
     * whatever the number of rows, and each step costs one minibatch.
     *
     * @param rows training rows, {@code >= 1}
     * @return the plan
     */
    public Plan plan(int rows) {
        if (batchSize != AUTO_BATCH || rows <= AUTO_BATCH_ROWS) {
            return new Plan(batchSize == AUTO_BATCH ? 0 : batchSize, epochs, stopping);
        }
        int perEpoch = (rows + AUTO_BATCH_SIZE - 1) / AUTO_BATCH_SIZE;
        StoppingRule r = stopping.toBuilder().window(ceilDiv(stopping.window(), perEpoch))
                .minEpochs(ceilDiv(stopping.minEpochs(), perEpoch)).build();
        return new Plan(AUTO_BATCH_SIZE, ceilDiv(epochs, perEpoch), r);
    }

    private static int ceilDiv(int a, int b) {
        return Math.max(1, (a + b - 1) / b);
    }

    /**
     * A fit's resolved settings ({@link #plan(int)}).
     *
     * @param batchSize rows per minibatch, 0 = full batch
     * @param epochs    budgeted passes over the data
     * @param stopping  the stopping rule in passes
     */
    public record Plan(int batchSize, int epochs, StoppingRule stopping) {
    }

    /**
     * The Pyro/TyXe BNN tutorial's exact settings: lr 1e-2 constant, 2000 epochs, full batch, K = 1, local
     * reparameterization, guide means uniform +-8e-3, guide scales 1e-4 up to 2, KL 5 % warm-up / ramp / 5 % full, no
     * stopping rule.
     *
     * @return the tutorial's configuration with seed 0
     */
    public static SviConfig notebook() {
        return new Builder().learningRate(NOTEBOOK_LEARNING_RATE).epochs(NOTEBOOK_EPOCHS).finalLearningRateFraction(1.0)
                .decayFraction(1.0).unitSlope(0).batchSize(0).build();
    }

    /**
     * The library defaults: the tutorial's settings with learning rate {@value #DEFAULT_LEARNING_RATE} instead of
     * 1e-2, {@value #DEFAULT_EPOCHS} epochs instead of 2000, a cosine learning-rate decay to
     * {@value #DEFAULT_FINAL_LEARNING_RATE_FRACTION} of the rate over the last {@value #DEFAULT_DECAY_FRACTION} of
     * them, and spread first-layer units of slope {@value #DEFAULT_UNIT_SLOPE} ({@link #unitSlope()}). Measured on the
     * cluster experiment (docs/svi-defaults.md): with the tutorial's settings mean-field SVI inflates the noise on
     * the 0.01-noise clusters and has no more epistemic variance between the clusters than in them; with these
     * defaults and the demo's {@code LayerwiseNormalPrior(10)} every fit seed tried (0-7, 906) gives test NLL
     * -1.84 to -1.91, every cluster's noise within the targets and 1.66-2.29x the epistemic std in the gaps.
     *
     * @return the default config
     */
    public static SviConfig defaults() {
        return new Builder().build();
    }

    /** @return a builder starting from {@link #defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.learningRate = learningRate;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.particles = particles;
        b.guide = guide;
        b.localReparameterization = localReparameterization;
        b.locInitRange = locInitRange;
        b.unitSlope = unitSlope;
        b.initScale = initScale;
        b.maxScale = maxScale;
        b.klSchedule = klSchedule;
        b.finalLearningRateFraction = finalLearningRateFraction;
        b.decayFraction = decayFraction;
        b.seed = seed;
        b.stopping = stopping;
        return b;
    }

    /**
     * @param epoch 0-based epoch
     * @return the learning rate of that epoch: {@code lr} up to epoch {@code s = round((1 - decayFraction) epochs)},
     *         then {@code lr (f + (1 - f) (1 + cos(pi t)) / 2)} with {@code t = (epoch - s) / (epochs - 1 - s)} and
     *         {@code f = finalLearningRateFraction}, so the last epoch runs at {@code f lr}
     *         (cosine annealing: I. Loshchilov and F. Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts",
     *         ICLR 2017)
     */
    public double learningRateAt(int epoch) {
        return learningRateAt(epoch, epochs);
    }

    /**
     * @param epoch  0-based epoch
     * @param budget the run's budget in epochs ({@link Plan#epochs()})
     * @return the learning rate of that epoch in a run of that budget
     */
    public double learningRateAt(int epoch, int budget) {
        return CosineDecay.rate(learningRate, epoch, budget, finalLearningRateFraction, decayFraction);
    }

    /** Builder for {@link SviConfig}; starts from {@link SviConfig#defaults()}; validation happens in {@link #build()}. */
    public static final class Builder {
        private double learningRate = DEFAULT_LEARNING_RATE;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = 0;
        private int particles = NOTEBOOK_PARTICLES;
        private Guide guide = Guide.meanField();
        private boolean localReparameterization = true;
        private double locInitRange = NOTEBOOK_LOC_INIT_RANGE;
        private double unitSlope = DEFAULT_UNIT_SLOPE;
        private double initScale = NOTEBOOK_INIT_SCALE;
        private double maxScale = NOTEBOOK_MAX_SCALE;
        private KlSchedule klSchedule = KlSchedule.notebook();
        private double finalLearningRateFraction = DEFAULT_FINAL_LEARNING_RATE_FRACTION;
        private double decayFraction = DEFAULT_DECAY_FRACTION;
        private long seed = 0L;
        private StoppingRule stopping = StoppingRule.none();

        private Builder() {
        }

        /** @param v Adam step size (default {@value SviConfig#DEFAULT_LEARNING_RATE}) @return this */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** @param v epochs (default {@value SviConfig#DEFAULT_EPOCHS}) @return this */
        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        /** @param v minibatch size, 0 = full batch (default), {@link SviConfig#AUTO_BATCH} = by the rows @return this */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** @param v particles K (default 1) @return this */
        public Builder particles(int v) {
            particles = v;
            return this;
        }

        /** @param v the variational family (default {@link Guide#meanField()}) @return this */
        public Builder guide(Guide v) {
            guide = v;
            return this;
        }

        /** @param v local reparameterization where the guide allows it (default true) @return this */
        public Builder localReparameterization(boolean v) {
            localReparameterization = v;
            return this;
        }

        /** @param v guide mean init range, 0 = network default init (default 8e-3) @return this */
        public Builder locInitRange(double v) {
            locInitRange = v;
            return this;
        }

        /**
         * @param v slope of the spread first-layer units, 0 = off (tutorial: 0; {@link SviConfig#defaults()}:
         *          {@value SviConfig#DEFAULT_UNIT_SLOPE})
         * @return this
         */
        public Builder unitSlope(double v) {
            unitSlope = v;
            return this;
        }

        /** @param v initial guide scale (default 1e-4) @return this */
        public Builder initScale(double v) {
            initScale = v;
            return this;
        }

        /** @param v largest guide scale (default 2.0) @return this */
        public Builder maxScale(double v) {
            maxScale = v;
            return this;
        }

        /** @param v KL schedule (default {@link KlSchedule#notebook()}) @return this */
        public Builder klSchedule(KlSchedule v) {
            klSchedule = v;
            return this;
        }

        /**
         * @param v final learning rate as a fraction of the initial one (default
         *          {@value SviConfig#DEFAULT_FINAL_LEARNING_RATE_FRACTION}; 1 = constant)
         * @return this
         */
        public Builder finalLearningRateFraction(double v) {
            finalLearningRateFraction = v;
            return this;
        }

        /**
         * @param v fraction of the epochs, at the end, over which the rate decays (default
         *          {@value SviConfig#DEFAULT_DECAY_FRACTION})
         * @return this
         */
        public Builder decayFraction(double v) {
            decayFraction = v;
            return this;
        }

        /** @param v seed (default 0) @return this */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @param v stopping rule (default {@link StoppingRule#none()}) @return this */
        public Builder stopping(StoppingRule v) {
            stopping = v;
            return this;
        }

        /** @return the validated config */
        public SviConfig build() {
            return new SviConfig(learningRate, epochs, batchSize, particles, guide, localReparameterization, locInitRange,
                    unitSlope, initScale, maxScale, klSchedule, finalLearningRateFraction, decayFraction, seed,
                    stopping);
        }
    }
}
