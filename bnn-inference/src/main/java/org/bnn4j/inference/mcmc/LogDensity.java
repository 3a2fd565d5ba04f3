package org.bnn4j.inference.mcmc;

/**
 * A differentiable log density over {@code R^dimension}, known up to an additive constant: the target
 * of the MCMC samplers in this package.
 *
 * <p>Implementations may keep scratch buffers and need not be thread-safe: the driver asks a
 * {@link Factory} for one instance per chain and each chain uses its own instance from a single thread.
 *
 * <p>Invalid points (outside the support, overflow) may return {@code -Infinity} or {@code NaN}; the
 * samplers treat such a point as a divergence and never throw because of it.
 */
public interface LogDensity {

    /** @return the number of coordinates, {@code > 0} */
    int dimension();

    /**
     * Evaluates the log density and its gradient.
     *
     * @param theta   the point, shape {@code [dimension]}; read only, never modified
     * @param gradOut receives the gradient {@code d log p / d theta}, shape {@code [dimension]}; overwritten
     * @return the log density up to a constant; {@code -Infinity} or {@code NaN} for invalid points
     */
    double logDensityAndGradient(double[] theta, double[] gradOut);

    /**
     * Creates one {@link LogDensity} per chain, so that chains running on parallel threads never share
     * scratch buffers.
     */
    @FunctionalInterface
    interface Factory {
        /**
         * @param chain the chain index in {@code [0, numChains)}
         * @return a log density used only by that chain's thread
         */
        LogDensity create(int chain);
    }
}
