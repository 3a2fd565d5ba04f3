package org.bnn4j.inference.mcmc;

import java.util.random.RandomGenerator;

/**
 * A dense {@link EuclideanMetric}: inverse mass matrix {@code Sigma = L L^T} (a covariance estimate), with kinetic
 * energy {@code K(p) = p^T Sigma p / 2} and momenta {@code p ~ N(0, Sigma^{-1})}.
 *
 * <p>The samplers use it through the equivalent linear reparametrisation {@code q = L u}: leapfrog in {@code u} with
 * the identity metric on the density {@code log p(L u)} (gradient {@code L^T grad log p(q)}) maps exactly onto
 * leapfrog in {@code q} with inverse mass {@code Sigma} (momenta {@code p_q = L^{-T} p_u}), so the NUTS and HMC
 * kernels need no dense code path. Arrays are owned and never mutated; {@code [d, d]} matrices are row-major.
 *
 * <p>References: Neal (2011), MCMC using Hamiltonian dynamics, Sec. 4.1 (linear transformations); Stan Reference
 * Manual, "Euclidean metric" ({@code dense_e}).
 */
public final class DenseMetric implements EuclideanMetric {

    private final int d;
    private final double[] sigma;
    private final double[] chol;

    private DenseMetric(int d, double[] sigma, double[] chol) {
        this.d = d;
        this.sigma = sigma;
        this.chol = chol;
    }

    /**
     * @param dimension the number of coordinates, {@code > 0}
     * @return the identity metric
     * @throws IllegalArgumentException if {@code dimension <= 0}
     */
    public static DenseMetric identity(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be > 0 but was " + dimension);
        }
        double[] eye = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            eye[i * dimension + i] = 1.0;
        }
        return new DenseMetric(dimension, eye, eye.clone());
    }

    /**
     * @param inverseMass symmetric positive-definite {@code Sigma}, shape {@code [d, d]} row-major; copied
     * @param dimension   {@code d}
     * @return the metric with its Cholesky factor
     * @throws IllegalArgumentException if the length is not {@code d*d} or {@code Sigma} is not positive definite
     */
    public static DenseMetric of(double[] inverseMass, int dimension) {
        if (dimension <= 0 || inverseMass == null || inverseMass.length != dimension * dimension) {
            throw new IllegalArgumentException("inverseMass must have length dimension^2 = "
                    + ((long) dimension * dimension) + "; pass a row-major [d, d] matrix");
        }
        double[] s = inverseMass.clone();
        double[] l = new double[s.length];
        for (int j = 0; j < dimension; j++) {
            double diag = s[j * dimension + j];
            for (int k = 0; k < j; k++) {
                diag -= l[j * dimension + k] * l[j * dimension + k];
            }
            if (!(diag > 0) || !Double.isFinite(diag)) {
                throw new IllegalArgumentException("inverseMass must be symmetric positive definite but pivot " + j
                        + " was " + diag + "; regularise it (e.g. MetricEstimator.dense)");
            }
            double ljj = Math.sqrt(diag);
            l[j * dimension + j] = ljj;
            for (int i = j + 1; i < dimension; i++) {
                double v = s[i * dimension + j];
                for (int k = 0; k < j; k++) {
                    v -= l[i * dimension + k] * l[j * dimension + k];
                }
                l[i * dimension + j] = v / ljj;
            }
        }
        return new DenseMetric(dimension, s, l);
    }

    @Override
    public int dimension() {
        return d;
    }

    /** @return a new array with the diagonal of {@code Sigma}, shape {@code [d]} */
    @Override
    public double[] diagonal() {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = sigma[i * d + i];
        }
        return v;
    }

    /** @return a new array of ones: the kernel runs on {@code u} with the identity metric */
    @Override
    public double[] latentInverseMass() {
        double[] ones = new double[d];
        java.util.Arrays.fill(ones, 1.0);
        return ones;
    }

    /** @return false: the kernel runs on {@code u = L^-1 q} */
    @Override
    public boolean latentIsPosition() {
        return false;
    }

    /**
     * @param u latent point, shape {@code [d]}
     * @return a new array {@code q = L u}
     */
    @Override
    public double[] toPosition(double[] u) {
        double[] q = new double[d];
        lowerTimes(u, q);
        return q;
    }

    /**
     * @param q position, shape {@code [d]}
     * @return a new array {@code u = L^{-1} q} (forward substitution)
     */
    @Override
    public double[] toLatent(double[] q) {
        double[] u = new double[d];
        for (int i = 0; i < d; i++) {
            double v = q[i];
            for (int k = 0; k < i; k++) {
                v -= chol[i * d + k] * u[k];
            }
            u[i] = v / chol[i * d + i];
        }
        return u;
    }

    /**
     * @param g gradient with respect to {@code u}, shape {@code [d]}
     * @return a new array {@code L^{-T} g}, the gradient with respect to {@code q} (back substitution)
     */
    @Override
    public double[] toPositionGradient(double[] g) {
        return backSubstitute(g);
    }

    /**
     * @param p momentum, shape {@code [d]}
     * @return {@code p^T Sigma p / 2}
     */
    public double kineticEnergy(double[] p) {
        double k = 0.0;
        for (int i = 0; i < d; i++) {
            double row = 0.0;
            for (int j = 0; j < d; j++) {
                row += sigma[i * d + j] * p[j];
            }
            k += p[i] * row;
        }
        return 0.5 * k;
    }

    /**
     * Draws {@code p ~ N(0, Sigma^{-1})} as {@code p = L^{-T} z} with {@code z ~ N(0, I)} (back substitution).
     *
     * @param rng the random generator (advanced by {@code d} Gaussian draws)
     * @return a new momentum, shape {@code [d]}
     */
    public double[] sampleMomentum(RandomGenerator rng) {
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            z[i] = rng.nextGaussian();
        }
        return backSubstitute(z);
    }

    /** A new array {@code x = L^{-T} z}. */
    private double[] backSubstitute(double[] z) {
        double[] p = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double v = z[i];
            for (int k = i + 1; k < d; k++) {
                v -= chol[k * d + i] * p[k];
            }
            p[i] = v / chol[i * d + i];
        }
        return p;
    }

    /**
     * The target in latent coordinates: {@code u -> log p(L u)} with gradient {@code L^T grad log p(L u)}. Keeps
     * scratch buffers, so like any {@link LogDensity} it must be used from one thread.
     *
     * @param target the density over positions {@code q}
     * @return the density over {@code u}
     * @throws IllegalArgumentException if the dimensions differ
     */
    @Override
    public LogDensity latentDensity(LogDensity target) {
        if (target.dimension() != d) {
            throw new IllegalArgumentException("target has dimension " + target.dimension() + " but the metric "
                    + d + "; pass a density of the metric's dimension");
        }
        double[] q = new double[d];
        double[] g = new double[d];
        return new LogDensity() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public double logDensityAndGradient(double[] theta, double[] gradOut) {
                lowerTimes(theta, q);
                double lp = target.logDensityAndGradient(q, g);
                for (int j = 0; j < d; j++) {
                    double v = 0.0;
                    for (int i = j; i < d; i++) {
                        v += chol[i * d + j] * g[i];
                    }
                    gradOut[j] = v;
                }
                return lp;
            }
        };
    }

    private void lowerTimes(double[] u, double[] out) {
        for (int i = 0; i < d; i++) {
            double v = 0.0;
            for (int k = 0; k <= i; k++) {
                v += chol[i * d + k] * u[k];
            }
            out[i] = v;
        }
    }
}
