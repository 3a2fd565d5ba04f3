package org.bnn4j.inference.mcmc.internal;

import java.util.random.RandomGenerator;

/**
 * Euclidean Hamiltonian with a diagonal metric: kinetic energy, velocity and momentum sampling.
 *
 * <p>With inverse mass matrix {@code M^{-1} = diag(invMass)}: kinetic energy
 * {@code K(p) = p^T M^{-1} p / 2}, velocity {@code dK/dp = M^{-1} p} (Stan's "sharp momentum"
 * {@code p#}), and momenta are drawn from {@code N(0, M)}.
 *
 * <p>References: Neal (2011), MCMC using Hamiltonian dynamics, Sec. 5.4.1;
 * Betancourt (2017), A Conceptual Introduction to Hamiltonian Monte Carlo, Sec. 4.
 */
public final class Hamiltonian {

    private Hamiltonian() {
    }

    /**
     * @param momentum momentum, shape {@code [d]}
     * @param invMass  inverse mass diagonal, shape {@code [d]}
     * @return {@code sum_i invMass_i p_i^2 / 2}
     */
    public static double kineticEnergy(double[] momentum, double[] invMass) {
        double k = 0.0;
        for (int i = 0; i < momentum.length; i++) {
            k += invMass[i] * momentum[i] * momentum[i];
        }
        return 0.5 * k;
    }

    /**
     * @param momentum momentum, shape {@code [d]}
     * @param invMass  inverse mass diagonal, shape {@code [d]}
     * @return a new array {@code M^{-1} p}, shape {@code [d]}
     */
    public static double[] velocity(double[] momentum, double[] invMass) {
        double[] v = new double[momentum.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = invMass[i] * momentum[i];
        }
        return v;
    }

    /**
     * Draws {@code p ~ N(0, M)}, i.e. {@code p_i = z_i / sqrt(invMass_i)}.
     *
     * @param invMass inverse mass diagonal, shape {@code [d]}
     * @param rng     the random generator (advanced by {@code d} Gaussian draws)
     * @return a new momentum, shape {@code [d]}
     */
    public static double[] sampleMomentum(double[] invMass, RandomGenerator rng) {
        double[] p = new double[invMass.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextGaussian() / Math.sqrt(invMass[i]);
        }
        return p;
    }
}
