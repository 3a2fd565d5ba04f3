package org.bnn4j.inference.optim;

import org.bnn4j.inference.internal.CosineDecay;

/**
 * Settings of the point-estimate optimisers ({@link MaximumLikelihood}, {@link MaximumAPosteriori}, the members of
 * a {@link org.bnn4j.inference.ensemble.DeepEnsemble}).
 *
 * <pre>{@code
 * OptimizerConfig c = OptimizerConfig.builder().learningRate(1e-3).epochs(5000).seed(7).build();
 * }</pre>
 *
 * @param learningRate Adam step size, {@code > 0} (default {@value #DEFAULT_LEARNING_RATE})
 * @param epochs       passes over the data, {@code >= 1} (default {@value #DEFAULT_EPOCHS})
 * @param batchSize    rows per minibatch, {@code >= 0}; 0 (default) or {@code >= n} means full batch
 * @param finalLearningRateFraction learning rate at the last epoch as a fraction of the initial one, in (0, 1]
 *                     (default 1 = constant); see {@link CosineDecay}
 * @param decayFraction fraction of the epochs, at the end, over which the rate decays by a half cosine, in (0, 1]
 *                     (default 1)
 * @param seed         seed of the initialisation and minibatch order
 * @param stopping     when the run may end before {@code epochs}: {@link StoppingRule#none()} (default: every epoch
 *                     runs, results as without the rule) or a plateau of the objective (or of the validation
 *                     log-likelihood when the fit is given validation data), then a final phase of cosine decay
 *                     from the current rate to {@code finalLearningRateFraction} of it
 *
 * <p>Serializable (a value of numbers only), so a distributed runner can ship it to its tasks.
 */
public record OptimizerConfig(double learningRate, int epochs, int batchSize, double finalLearningRateFraction,
                              double decayFraction, long seed, StoppingRule stopping)
        implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** The Pyro/TyXe BNN tutorial's Adam learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-2;
    /** The Pyro/TyXe BNN tutorial's number of epochs. */
    public static final int DEFAULT_EPOCHS = 2000;
    /** Full batch (the Pyro/TyXe BNN tutorial fits its 400 points in one batch). */
    public static final int FULL_BATCH = 0;
    /** Default seed. */
    public static final long DEFAULT_SEED = 0L;

    /** @throws IllegalArgumentException on a non-positive learning rate or epochs, or a negative batch size */
    public OptimizerConfig {
        requireLearningRate(learningRate);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1 but was " + epochs + "; pass e.g. 2000");
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be >= 0 but was " + batchSize
                    + "; pass 0 for full batch or a positive minibatch size");
        }
        CosineDecay.requireFinalFraction("finalLearningRateFraction", finalLearningRateFraction);
        CosineDecay.requireDecayFraction("decayFraction", decayFraction);
        java.util.Objects.requireNonNull(stopping, "stopping must not be null; pass StoppingRule.none()");
    }

    /**
     * The config without a stopping rule.
     *
     * @param learningRate Adam step size
     * @param epochs       passes over the data
     * @param batchSize    rows per minibatch, 0 = full batch
     * @param finalLearningRateFraction final rate as a fraction of the initial one
     * @param decayFraction fraction of the epochs over which the rate decays
     * @param seed         seed
     */
    public OptimizerConfig(double learningRate, int epochs, int batchSize, double finalLearningRateFraction,
                           double decayFraction, long seed) {
        this(learningRate, epochs, batchSize, finalLearningRateFraction, decayFraction, seed, StoppingRule.none());
    }

    /**
     * @param epoch 0-based epoch
     * @return the learning rate of that epoch ({@link CosineDecay#rate})
     */
    public double learningRateAt(int epoch) {
        return CosineDecay.rate(learningRate, epoch, epochs, finalLearningRateFraction, decayFraction);
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return new Builder().learningRate(learningRate).epochs(epochs).batchSize(batchSize)
                .finalLearningRateFraction(finalLearningRateFraction).decayFraction(decayFraction).seed(seed)
                .stopping(stopping);
    }

    static void requireLearningRate(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0 but was " + lr + "; pass e.g. 1e-2");
        }
    }

    /** @return the defaults (lr 1e-2, 2000 epochs, full batch, seed 0) */
    public static OptimizerConfig defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link OptimizerConfig}; validation happens in {@link #build()}. */
    public static final class Builder {
        private double learningRate = DEFAULT_LEARNING_RATE;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = FULL_BATCH;
        private double finalLearningRateFraction = 1.0;
        private double decayFraction = 1.0;
        private long seed = DEFAULT_SEED;
        private StoppingRule stopping = StoppingRule.none();

        private Builder() {
        }

        /** @param lr Adam step size @return this */
        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /** @param e number of epochs @return this */
        public Builder epochs(int e) {
            this.epochs = e;
            return this;
        }

        /** @param b minibatch size, 0 = full batch @return this */
        public Builder batchSize(int b) {
            this.batchSize = b;
            return this;
        }

        /** @param v final learning rate as a fraction of the initial one, in (0, 1] (default 1) @return this */
        public Builder finalLearningRateFraction(double v) {
            this.finalLearningRateFraction = v;
            return this;
        }

        /** @param v fraction of the epochs over which the rate decays, in (0, 1] (default 1) @return this */
        public Builder decayFraction(double v) {
            this.decayFraction = v;
            return this;
        }

        /** @param s seed @return this */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @param r stopping rule (default {@link StoppingRule#none()}) @return this */
        public Builder stopping(StoppingRule r) {
            this.stopping = r;
            return this;
        }

        /** @return the validated config */
        public OptimizerConfig build() {
            return new OptimizerConfig(learningRate, epochs, batchSize, finalLearningRateFraction, decayFraction, seed,
                    stopping);
        }
    }
}
