package org.bnn4j.inference.internal;

import java.util.Objects;

/**
 * The Adam optimiser on a flat {@code double[]} of parameters, minimising: {@code m = b1 m + (1 - b1) g},
 * {@code v = b2 v + (1 - b2) g^2}, {@code theta -= lr * mhat / (sqrt(vhat) + eps)} with bias-corrected moments.
 *
 * <p>Why plain Java and not ND4J's {@code AdamUpdater}: on a 202-element vector ND4J's
 * {@code AdamUpdater.applyUpdater} on a wrapped INDArray plus the in-place {@code subi} costs over a hundred times
 * this loop (several native op launches per call; {@code AdamTest#timingNd4jVersusPlain}, slow-tagged, and
 * docs/benchmarks.md), while a full-batch SVI epoch on the 1-50-1 cluster network costs
 * well under a millisecond, so ND4J's updater would dominate it. The arithmetic is ND4J's, except that eps is
 * added to {@code sqrt(vhat)} as in the paper (ND4J adds it to {@code sqrt(v)}); {@code AdamTest} checks the two
 * agree to 1e-6 relative, and the plain loop is bit-reproducible independent of the backend.
 *
 * <p>This is the one mutable object of the optimisation drivers (the moment buffers are reused every step to keep
 * the hot loop allocation-free); only the driver loop that owns it calls {@link #step}.
 *
 * <p>References: D. P. Kingma and J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
 */
public final class Adam {

    /** First-moment decay, Kingma &amp; Ba 2015, Algorithm 1. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** Second-moment decay, Kingma &amp; Ba 2015, Algorithm 1. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** Denominator offset, Kingma &amp; Ba 2015, Algorithm 1. */
    public static final double DEFAULT_EPSILON = 1e-8;

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double[] m;
    private final double[] v;
    private long t;
    private double beta1Pow = 1.0;
    private double beta2Pow = 1.0;

    /**
     * @param dimension number of parameters, {@code >= 1}
     * @param beta1     first-moment decay in [0, 1)
     * @param beta2     second-moment decay in [0, 1)
     * @param eps       denominator offset, {@code > 0}
     * @throws IllegalArgumentException on values out of range
     */
    public Adam(int dimension, double beta1, double beta2, double eps) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1 but was " + dimension);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta1 and beta2 must be in [0, 1) but were " + beta1 + ", " + beta2
                    + "; pass 0.9 and 0.999");
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and > 0 but was " + eps + "; pass 1e-8");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = new double[dimension];
        this.v = new double[dimension];
    }

    /** @param dimension number of parameters @return Adam with Kingma &amp; Ba's constants */
    public Adam(int dimension) {
        this(dimension, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    /** @return number of parameters */
    public int dimension() {
        return m.length;
    }

    /** @return number of steps taken */
    public long steps() {
        return t;
    }

    /**
     * One descent step, in place on {@code theta}.
     *
     * @param theta        parameters, length {@link #dimension()}; updated in place
     * @param grad         gradient of the loss to minimise at theta, same length; not modified
     * @param learningRate step size, {@code > 0}
     * @throws IllegalArgumentException on a length mismatch
     */
    public void step(double[] theta, double[] grad, double learningRate) {
        Objects.requireNonNull(theta, "theta");
        Objects.requireNonNull(grad, "grad");
        if (theta.length != m.length || grad.length != m.length) {
            throw new IllegalArgumentException("theta and grad must have length " + m.length + " but had "
                    + theta.length + " and " + grad.length);
        }
        t++;
        beta1Pow *= beta1;
        beta2Pow *= beta2;
        double a = learningRate * Math.sqrt(1.0 - beta2Pow) / (1.0 - beta1Pow);
        double epsHat = eps * Math.sqrt(1.0 - beta2Pow); // eps on the bias-corrected sqrt(vhat), as in the paper
        for (int k = 0; k < theta.length; k++) {
            double g = grad[k];
            double mk = beta1 * m[k] + (1.0 - beta1) * g;
            double vk = beta2 * v[k] + (1.0 - beta2) * g * g;
            m[k] = mk;
            v[k] = vk;
            theta[k] -= a * mk / (Math.sqrt(vk) + epsHat);
        }
    }
}
