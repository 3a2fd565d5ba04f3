package org.bnn4j.inference.laplace;

import java.util.Objects;
import org.bnn4j.inference.optim.OptimizerConfig;

/**
 * Settings of {@link Laplace}. Build with {@link #builder()}, which starts from {@link #defaults()}.
 *
 * <pre>{@code
 * LaplaceConfig c = LaplaceConfig.builder()
 *         .map(LaplaceConfig.DEFAULT_MAP.toBuilder().seed(3).build())
 *         .structure(CurvatureStructure.LAST_LAYER)
 *         .priorPrecision(PriorPrecision.fixed(1.0))
 *         .build();
 * }</pre>
 *
 * @param map            the MAP fit the Gaussian is centred on ({@link org.bnn4j.inference.optim.MaximumAPosteriori})
 * @param structure      which parameters the Gaussian covers (default {@link CurvatureStructure#AUTO})
 * @param predictive     how predictions are made (default {@link LaplacePredictive#LINEARIZED})
 * @param linearizeScale for a heteroskedastic net under the linearised predictive: whether the raw scale output is
 *                       linearised too ({@code s = transform(r* + J_r delta)}), or kept at the MAP
 *                       ({@code s = transform(r*)}); ignored otherwise (default {@value #DEFAULT_LINEARIZE_SCALE})
 * @param priorPrecision how the prior precision multiplier is set (default: the marginal likelihood)
 */
public record LaplaceConfig(OptimizerConfig map, CurvatureStructure structure, LaplacePredictive predictive,
                            boolean linearizeScale, PriorPrecision priorPrecision) {

    /**
     * The MAP schedule: 6000 full-batch Adam steps at 5e-3 with a cosine decay to 5 % over the last quarter. The
     * Gaussian is centred on the MAP, so the MAP must be converged (the curvature and the marginal likelihood assume
     * a stationary point); the schedule is SVI's default one (docs/svi-defaults.md), and 6000 steps is where the
     * cluster demo's MAP stops improving its test NLL (docs/laplace.md). A MAP step costs about 40 us on the demo.
     */
    public static final OptimizerConfig DEFAULT_MAP = OptimizerConfig.builder().learningRate(5e-3).epochs(6000)
            .finalLearningRateFraction(0.05).decayFraction(0.25).build();

    /** Default: linearise the scale head too (docs/laplace.md compares both on the cluster demo). */
    public static final boolean DEFAULT_LINEARIZE_SCALE = true;

    /** @throws NullPointerException if a component is null */
    public LaplaceConfig {
        Objects.requireNonNull(map, "map must not be null; pass LaplaceConfig.DEFAULT_MAP or an OptimizerConfig");
        Objects.requireNonNull(structure, "structure must not be null; pass CurvatureStructure.AUTO");
        Objects.requireNonNull(predictive, "predictive must not be null; pass LaplacePredictive.LINEARIZED");
        Objects.requireNonNull(priorPrecision, "priorPrecision must not be null; pass PriorPrecision.marginalLikelihood()");
    }

    /** @return the defaults */
    public static LaplaceConfig defaults() {
        return builder().build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return new Builder().map(map).structure(structure).predictive(predictive).linearizeScale(linearizeScale)
                .priorPrecision(priorPrecision);
    }

    /** Builder for {@link LaplaceConfig}; validation happens in {@link #build()}. */
    public static final class Builder {
        private OptimizerConfig map = DEFAULT_MAP;
        private CurvatureStructure structure = CurvatureStructure.AUTO;
        private LaplacePredictive predictive = LaplacePredictive.LINEARIZED;
        private boolean linearizeScale = DEFAULT_LINEARIZE_SCALE;
        private PriorPrecision priorPrecision = PriorPrecision.marginalLikelihood();

        private Builder() {
        }

        /** @param c the MAP fit's optimiser settings @return this */
        public Builder map(OptimizerConfig c) {
            this.map = c;
            return this;
        }

        /** @param s the curvature structure @return this */
        public Builder structure(CurvatureStructure s) {
            this.structure = s;
            return this;
        }

        /** @param p the predictive @return this */
        public Builder predictive(LaplacePredictive p) {
            this.predictive = p;
            return this;
        }

        /** @param v whether the linearised predictive linearises the scale head too @return this */
        public Builder linearizeScale(boolean v) {
            this.linearizeScale = v;
            return this;
        }

        /** @param p how the prior precision is set @return this */
        public Builder priorPrecision(PriorPrecision p) {
            this.priorPrecision = p;
            return this;
        }

        /** @return the validated config */
        public LaplaceConfig build() {
            return new LaplaceConfig(map, structure, predictive, linearizeScale, priorPrecision);
        }
    }
}
