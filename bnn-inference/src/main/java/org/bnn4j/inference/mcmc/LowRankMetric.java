package org.bnn4j.inference.mcmc;

import java.util.Arrays;

/**
 * A diagonal-plus-low-rank {@link EuclideanMetric}: inverse mass matrix
 * {@code Sigma = S (I + V (Lambda - I) V^T) S}, with {@code S = diag(stds)}, {@code V} a {@code [d, k]} matrix of
 * orthonormal columns and {@code Lambda = diag(values)}: a diagonal scale, corrected along {@code k} directions
 * (of the scaled coordinates) whose variance differs from 1 by a large factor. It is the form nutpie adapts
 * ({@link MetricEstimator#lowRank}).
 *
 * <p>Like {@link DenseMetric} it runs the kernel on latent coordinates with the identity metric, through the
 * symmetric square root {@code q = L u}, {@code L = S (I + V (Lambda^{1/2} - I) V^T)} ({@code L L^T = Sigma}); each
 * transform costs {@code O(d k)}, so a leapfrog step costs little more than with a diagonal metric.
 *
 * <p>References: Seyboldt, Carlson &amp; Carpenter, Preconditioning Hamiltonian Monte Carlo by minimizing Fisher
 * divergence (the low-rank mass matrix of nutpie); Neal (2011), MCMC using Hamiltonian
 * dynamics, Sec. 4.1 (linear transformations).
 *
 * <pre>{@code
 * // unit scales, variance 100 along (1, 1) / sqrt 2
 * double r = Math.sqrt(0.5);
 * LowRankMetric m = LowRankMetric.of(new double[] {1, 1}, new double[][] {{r, r}}, new double[] {100});
 * double[] sigmaDiagonal = m.diagonal();   // {50.5, 50.5}
 * }</pre>
 */
public final class LowRankMetric implements EuclideanMetric {

    /** Tolerance on the orthonormality of the directions, {@code |v_a . v_b - delta_ab|}. */
    static final double ORTHONORMAL_TOLERANCE = 1e-8;

    private final int d;
    private final double[] stds;
    /** {@code [k][d]}: the directions, one per row. */
    private final double[][] vecs;
    private final double[] values;
    /** {@code sqrt(lambda_a) - 1} and {@code 1 / sqrt(lambda_a) - 1}, per direction. */
    private final double[] rootMinusOne;
    private final double[] inverseRootMinusOne;

    private LowRankMetric(double[] stds, double[][] vecs, double[] values) {
        this.d = stds.length;
        this.stds = stds;
        this.vecs = vecs;
        this.values = values;
        this.rootMinusOne = new double[values.length];
        this.inverseRootMinusOne = new double[values.length];
        for (int a = 0; a < values.length; a++) {
            double r = Math.sqrt(values[a]);
            rootMinusOne[a] = r - 1.0;
            inverseRootMinusOne[a] = 1.0 / r - 1.0;
        }
    }

    /**
     * @param stds       the diagonal scales {@code S}, shape {@code [d]}, finite and {@code > 0}; copied
     * @param directions the {@code k} directions {@code V}, shape {@code [k, d]} (one per row), orthonormal within
     *                   {@value #ORTHONORMAL_TOLERANCE}; {@code k} may be 0; copied
     * @param values     the variances {@code Lambda} along the directions (in the coordinates scaled by
     *                   {@code S^-1}), shape {@code [k]}, finite and {@code > 0}; copied
     * @return the metric
     * @throws IllegalArgumentException if a shape does not match, a scale or value is not finite and positive, or
     *                                  the directions are not orthonormal
     */
    public static LowRankMetric of(double[] stds, double[][] directions, double[] values) {
        if (stds == null || stds.length == 0 || directions == null || values == null
                || directions.length != values.length) {
            throw new IllegalArgumentException("need d > 0 scales and as many directions as values; pass double[d], "
                    + "double[k][d] and double[k]");
        }
        int d = stds.length;
        for (int i = 0; i < d; i++) {
            requirePositive("stds[" + i + "]", stds[i]);
        }
        double[][] v = new double[directions.length][];
        for (int a = 0; a < v.length; a++) {
            requirePositive("values[" + a + "]", values[a]);
            if (directions[a] == null || directions[a].length != d) {
                throw new IllegalArgumentException("directions[" + a + "] must have length " + d
                        + "; pass one direction of the metric's dimension per row");
            }
            v[a] = directions[a].clone();
            for (int b = 0; b <= a; b++) {
                double dot = dot(v[a], v[b]);
                if (Math.abs(dot - (a == b ? 1 : 0)) > ORTHONORMAL_TOLERANCE) {
                    throw new IllegalArgumentException("directions must be orthonormal but directions[" + a
                            + "] . directions[" + b + "] = " + dot + "; orthonormalise them (e.g. an eigenbasis)");
                }
            }
        }
        return new LowRankMetric(stds.clone(), v, values.clone());
    }

    /** Wraps an estimate without copying or checking it (the estimator's directions are an eigenbasis). */
    static LowRankMetric wrap(double[] stds, double[][] directions, double[] values) {
        return new LowRankMetric(stds, directions, values);
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0 but was " + v
                    + "; pass positive scales and variances");
        }
    }

    @Override
    public int dimension() {
        return d;
    }

    /** @return the number of directions {@code k} */
    public int rank() {
        return values.length;
    }

    /** @return a copy of the diagonal scales {@code S}, shape {@code [d]} */
    public double[] stds() {
        return stds.clone();
    }

    /** @return a copy of the variances {@code Lambda} along the directions, shape {@code [k]} */
    public double[] values() {
        return values.clone();
    }

    /** @return a copy of the directions {@code V}, shape {@code [k, d]} (one per row) */
    public double[][] directions() {
        double[][] out = new double[vecs.length][];
        for (int a = 0; a < out.length; a++) {
            out[a] = vecs[a].clone();
        }
        return out;
    }

    /** @return a new array {@code Sigma_ii = s_i^2 (1 + sum_a (lambda_a - 1) v_ai^2)}, shape {@code [d]} */
    @Override
    public double[] diagonal() {
        double[] out = new double[d];
        for (int i = 0; i < d; i++) {
            double c = 1.0;
            for (int a = 0; a < vecs.length; a++) {
                c += (values[a] - 1.0) * vecs[a][i] * vecs[a][i];
            }
            out[i] = stds[i] * stds[i] * c;
        }
        return out;
    }

    /** @return a new array of ones: the kernel runs on {@code u} with the identity metric */
    @Override
    public double[] latentInverseMass() {
        double[] ones = new double[d];
        Arrays.fill(ones, 1.0);
        return ones;
    }

    /** @return false: the kernel runs on {@code u = L^-1 q} */
    @Override
    public boolean latentIsPosition() {
        return false;
    }

    /**
     * @param u latent point, shape {@code [d]}
     * @return a new array {@code q = S (u + V ((Lambda^{1/2} - 1) V^T u))}
     */
    @Override
    public double[] toPosition(double[] u) {
        double[] q = u.clone();
        addCorrection(q, u, rootMinusOne);
        for (int i = 0; i < d; i++) {
            q[i] *= stds[i];
        }
        return q;
    }

    /**
     * @param q position, shape {@code [d]}
     * @return a new array {@code u = t + V ((Lambda^{-1/2} - 1) V^T t)} with {@code t = S^-1 q}
     */
    @Override
    public double[] toLatent(double[] q) {
        double[] t = new double[d];
        for (int i = 0; i < d; i++) {
            t[i] = q[i] / stds[i];
        }
        double[] u = t.clone();
        addCorrection(u, t, inverseRootMinusOne);
        return u;
    }

    /**
     * @param latentGradient a gradient with respect to {@code u}, shape {@code [d]}
     * @return a new array, the gradient with respect to {@code q}: {@code L^-T g_u = S^-1 (g_u + V ((Lambda^{-1/2}
     *         - 1) V^T g_u))}
     */
    @Override
    public double[] toPositionGradient(double[] latentGradient) {
        double[] g = latentGradient.clone();
        addCorrection(g, latentGradient, inverseRootMinusOne);
        for (int i = 0; i < d; i++) {
            g[i] /= stds[i];
        }
        return g;
    }

    /** {@code out += V (factor .* (V^T x))}; {@code out} and {@code x} are different arrays. */
    private void addCorrection(double[] out, double[] x, double[] factor) {
        for (int a = 0; a < vecs.length; a++) {
            double[] v = vecs[a];
            double w = dot(v, x) * factor[a];
            for (int i = 0; i < d; i++) {
                out[i] += w * v[i];
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * The target in latent coordinates: {@code u -> log p(L u)} with gradient
     * {@code L^T grad log p(q) = t + V ((Lambda^{1/2} - 1) V^T t)} with {@code t = S grad log p(q)}. Keeps scratch
     * buffers, so like any {@link LogDensity} it must be used from one thread.
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
        double[] g = new double[d];
        double[] w = new double[vecs.length];
        return new LogDensity() {
            @Override
            public int dimension() {
                return d;
            }

            @Override
            public double logDensityAndGradient(double[] theta, double[] gradOut) {
                double lp = target.logDensityAndGradient(toPosition(theta), g);
                for (int i = 0; i < d; i++) {
                    gradOut[i] = stds[i] * g[i];
                }
                for (int a = 0; a < vecs.length; a++) {
                    w[a] = dot(vecs[a], gradOut) * rootMinusOne[a];
                }
                for (int a = 0; a < vecs.length; a++) {
                    double[] v = vecs[a];
                    for (int i = 0; i < d; i++) {
                        gradOut[i] += w[a] * v[i];
                    }
                }
                return lp;
            }
        };
    }

    @Override
    public String toString() {
        return "LowRankMetric[d=" + d + ", rank=" + values.length + ", values=" + Arrays.toString(values) + "]";
    }
}
