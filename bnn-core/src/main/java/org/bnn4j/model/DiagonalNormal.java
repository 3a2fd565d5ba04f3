package org.bnn4j.model;

import java.util.Objects;

/**
 * An independent Normal {@code N(loc_k, std_k^2)} over a parameter vector: log density, its gradient, and the
 * closed-form KL divergence from a diagonal Gaussian {@code q = N(m_k, s_k^2)}.
 */
public final class DiagonalNormal {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final double[] loc;
    private final double[] std;
    private final double[] invVar;
    private final double logNormaliser;

    private DiagonalNormal(double[] loc, double[] std) {
        this.loc = loc;
        this.std = std;
        this.invVar = new double[std.length];
        double c = 0;
        for (int k = 0; k < std.length; k++) {
            if (!(std[k] > 0) || !Double.isFinite(std[k])) {
                throw new IllegalArgumentException("std[" + k + "] must be finite and > 0 but was " + std[k]);
            }
            invVar[k] = 1.0 / (std[k] * std[k]);
            c -= HALF_LOG_2PI + Math.log(std[k]);
        }
        this.logNormaliser = c;
    }

    /**
     * @param std standard deviations, each {@code > 0}; copied
     * @return {@code N(0, diag(std^2))}
     */
    public static DiagonalNormal zeroMean(double[] std) {
        return new DiagonalNormal(new double[std.length], Objects.requireNonNull(std, "std").clone());
    }

    /**
     * @param loc means; copied
     * @param std standard deviations, each {@code > 0}; copied
     * @return {@code N(loc, diag(std^2))}
     */
    public static DiagonalNormal of(double[] loc, double[] std) {
        if (loc.length != std.length) {
            throw new IllegalArgumentException("loc and std must have the same length but had " + loc.length + " and "
                    + std.length);
        }
        return new DiagonalNormal(loc.clone(), std.clone());
    }

    /** @return the dimension */
    public int dimension() {
        return std.length;
    }

    /** @return a copy of the standard deviations */
    public double[] std() {
        return std.clone();
    }

    /** @return a copy of the means */
    public double[] loc() {
        return loc.clone();
    }

    /**
     * @param theta vector holding the parameters at {@code [off, off + dimension())}
     * @param off   offset
     * @return the log density
     */
    public double logDensity(double[] theta, int off) {
        double q = 0;
        for (int k = 0; k < std.length; k++) {
            double r = theta[off + k] - loc[k];
            q += r * r * invVar[k];
        }
        return logNormaliser - 0.5 * q;
    }

    /**
     * Adds {@code factor * grad log density} at theta into {@code grad[goff ..]}.
     *
     * @param theta  parameters at {@code off}
     * @param off    offset in theta
     * @param grad   accumulator
     * @param goff   offset in grad
     * @param factor multiplier
     */
    public void addGradient(double[] theta, int off, double[] grad, int goff, double factor) {
        for (int k = 0; k < std.length; k++) {
            grad[goff + k] -= factor * (theta[off + k] - loc[k]) * invVar[k];
        }
    }

    /**
     * Closed-form {@code KL(q || this)} for {@code q = N(m, diag(s^2))}:
     * {@code sum_k log(std_k / s_k) + (s_k^2 + (m_k - loc_k)^2) / (2 std_k^2) - 1/2}.
     *
     * @param m    guide means
     * @param s    guide standard deviations, each {@code > 0}
     * @param gM   if non-null, receives dKL/dm (overwritten)
     * @param gS   if non-null, receives dKL/ds (overwritten)
     * @return the KL divergence
     */
    public double klFrom(double[] m, double[] s, double[] gM, double[] gS) {
        if (m.length != std.length || s.length != std.length) {
            throw new IllegalArgumentException("guide dimension must be " + std.length + " but was " + m.length + "/"
                    + s.length);
        }
        double kl = 0;
        for (int k = 0; k < std.length; k++) {
            double r = m[k] - loc[k];
            double sk = s[k];
            kl += Math.log(std[k] / sk) + 0.5 * (sk * sk + r * r) * invVar[k] - 0.5;
            if (gM != null) {
                gM[k] = r * invVar[k];
            }
            if (gS != null) {
                gS[k] = -1.0 / sk + sk * invVar[k];
            }
        }
        return kl;
    }
}
