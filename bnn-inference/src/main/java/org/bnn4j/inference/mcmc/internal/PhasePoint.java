package org.bnn4j.inference.mcmc.internal;

import org.bnn4j.inference.mcmc.ChainState;

/**
 * A point in phase space: a chain state extended with a momentum, as a value.
 *
 * <p>Arrays are owned by the record and never mutated after construction.
 *
 * @param state    position, log density and gradient
 * @param momentum momentum, shape {@code [dimension]}
 */
public record PhasePoint(ChainState state, double[] momentum) {

    /** @throws IllegalArgumentException if the momentum length differs from the state's dimension */
    public PhasePoint {
        if (state == null || momentum == null || momentum.length != state.dimension()) {
            throw new IllegalArgumentException("momentum must be non-null with the state's dimension; "
                    + "pass a momentum of length " + (state == null ? "?" : state.dimension()));
        }
    }

    /**
     * Total energy {@code H(q, p) = -log p(q) + p^T M^{-1} p / 2}; {@code +Infinity} when the log density
     * is {@code -Infinity} or {@code NaN}.
     *
     * @param invMass diagonal of the inverse mass matrix, shape {@code [dimension]}
     * @return the Hamiltonian
     */
    public double energy(double[] invMass) {
        double lp = state.logDensity();
        if (Double.isNaN(lp)) {
            return Double.POSITIVE_INFINITY;
        }
        double h = -lp + Hamiltonian.kineticEnergy(momentum, invMass);
        return Double.isNaN(h) ? Double.POSITIVE_INFINITY : h;
    }
}
