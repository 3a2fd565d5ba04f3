package org.bnn4j.inference.laplace;

/**
 * How {@link Laplace} sets the prior precision of the Gaussian: a scalar multiplier {@code alpha} of the model's
 * own prior precision {@code Lambda0 = diag(1 / priorStd^2)}, so the prior becomes {@code N(0, (alpha Lambda0)^-1)}.
 * Either chosen by maximising the Laplace approximation of the log marginal likelihood (MacKay 1992; Immer et al.
 * 2021; laplace-torch's {@code optimize_prior_precision(method="marglik")}) with the MAP held fixed, or given.
 *
 * <pre>{@code
 * PriorPrecision chosen = PriorPrecision.marginalLikelihood();
 * PriorPrecision given = PriorPrecision.fixed(1.0);   // the model's prior as it is
 * }</pre>
 */
public sealed interface PriorPrecision permits PriorPrecision.MarginalLikelihood, PriorPrecision.Fixed {

    /**
     * Smallest multiplier the search considers: a prior 1000 times wider (in std) than the model's. At the bound the
     * fit reports a warning, since the evidence then prefers an essentially flat prior.
     */
    double MIN_MULTIPLIER = 1e-6;
    /** Largest multiplier the search considers: a prior 1000 times narrower (in std) than the model's. */
    double MAX_MULTIPLIER = 1e6;

    /** @return the multiplier chosen by the Laplace log marginal likelihood */
    static PriorPrecision marginalLikelihood() {
        return new MarginalLikelihood();
    }

    /**
     * @param multiplier alpha, finite and {@code > 0}; 1 keeps the model's prior
     * @return a fixed multiplier
     * @throws IllegalArgumentException unless finite and positive
     */
    static PriorPrecision fixed(double multiplier) {
        return new Fixed(multiplier);
    }

    /** The multiplier maximising the Laplace log marginal likelihood, searched in [MIN_MULTIPLIER, MAX_MULTIPLIER]. */
    record MarginalLikelihood() implements PriorPrecision {
    }

    /**
     * A given multiplier.
     *
     * @param multiplier alpha, finite and {@code > 0}
     */
    record Fixed(double multiplier) implements PriorPrecision {
        /** @throws IllegalArgumentException unless finite and positive */
        public Fixed {
            if (!(multiplier > 0) || !Double.isFinite(multiplier)) {
                throw new IllegalArgumentException("prior precision multiplier must be finite and > 0 but was "
                        + multiplier + "; pass e.g. 1.0 (the model's prior) or use PriorPrecision.marginalLikelihood()");
            }
        }
    }
}
