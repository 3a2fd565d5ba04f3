package org.bnn4j.inference.mcmc;

/**
 * A Euclidean metric (inverse mass matrix {@code Sigma}) presented to a kernel that only knows diagonal metrics.
 *
 * <p>The kernels ({@link McmcKernel}) take a diagonal inverse mass. A metric therefore says in which coordinates
 * the kernel runs ("latent" coordinates {@code u}, with positions {@code q = toPosition(u)}), which density it
 * samples there ({@link #latentDensity}) and with which diagonal ({@link #latentInverseMass}). A
 * {@link DiagonalMetric} runs the kernel on the positions themselves with {@code diag(Sigma)}; a {@link DenseMetric}
 * runs it on {@code u = L^-1 q} ({@code Sigma = L L^T}) with the identity, which is the same Hamiltonian dynamics.
 * Values: implementations are immutable.
 *
 * <p>Reference: Stan Reference Manual, "HMC algorithm parameters: Euclidean metric" ({@code diag_e},
 * {@code dense_e}); Neal (2011), MCMC using Hamiltonian dynamics, Sec. 4.1.
 */
public interface EuclideanMetric {

    /** @return the number of coordinates {@code d} */
    int dimension();

    /** @return a new array with the diagonal of the inverse mass matrix {@code Sigma}, shape {@code [d]} */
    double[] diagonal();

    /** @return a new array: the diagonal inverse mass the kernel uses in latent coordinates, shape {@code [d]} */
    double[] latentInverseMass();

    /**
     * @param target the density over positions {@code q}
     * @return the density over latent coordinates {@code u} (the target itself when they are the positions)
     * @throws IllegalArgumentException if the dimensions differ
     */
    LogDensity latentDensity(LogDensity target);

    /**
     * @param latent a point in latent coordinates, shape {@code [d]}; not modified
     * @return its position {@code q}, shape {@code [d]}: {@code latent} itself when the latent coordinates are the
     *         positions, else a new array
     */
    double[] toPosition(double[] latent);

    /**
     * @param position a position {@code q}, shape {@code [d]}; not modified
     * @return its latent coordinates, shape {@code [d]} ({@code position} itself or a new array, as in
     *         {@link #toPosition})
     */
    double[] toLatent(double[] position);

    /**
     * Maps a gradient of the latent density to the gradient of the target: {@code grad_q = A^-T grad_u} for the
     * linear map {@code q = A u} (an estimator that uses gradients, such as {@link MetricEstimator#lowRank}, needs
     * them in position coordinates).
     *
     * @param latentGradient the gradient with respect to the latent coordinates, shape {@code [d]}; not modified
     * @return the gradient with respect to the positions, shape {@code [d]} ({@code latentGradient} itself or a new
     *         array, as in {@link #toPosition})
     */
    double[] toPositionGradient(double[] latentGradient);

    /** @return whether the latent coordinates are the positions (no change of variables) */
    boolean latentIsPosition();

    /**
     * Moves a chain's state from the latent coordinates of {@code from} to those of this metric: unchanged when
     * both use the positions, else re-evaluated at the same position (one gradient evaluation).
     *
     * @param state         the state in {@code from}'s latent coordinates
     * @param from          the metric the state was sampled with
     * @param latentDensity this metric's {@link #latentDensity} of the target
     * @return the state in this metric's latent coordinates
     */
    default ChainState transfer(ChainState state, EuclideanMetric from, LogDensity latentDensity) {
        if (latentIsPosition() && from.latentIsPosition()) {
            return state;
        }
        return ChainState.at(toLatent(from.toPosition(state.position())), latentDensity);
    }
}
