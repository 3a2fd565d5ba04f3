package org.bnn4j.inference;

import java.util.Map;

/**
 * The values of one iteration of a fit.
 *
 * @param chain     chain index (0 for optimisation and SVI)
 * @param iteration 0-based iteration (epoch, or MCMC iteration including warm-up)
 * @param total     total iterations of this chain
 * @param values    named values, e.g. {@code loss}, {@code nll}, {@code kl}, {@code klWeight}, {@code stepSize},
 *                  {@code divergences}; insertion-ordered, unmodifiable
 */
public record IterationEvent(int chain, int iteration, int total, Map<String, Double> values) {
    /** Copies the values. */
    public IterationEvent {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
}
