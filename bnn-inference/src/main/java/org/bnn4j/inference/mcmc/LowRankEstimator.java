package org.bnn4j.inference.mcmc;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * {@link MetricEstimator#lowRank}: nutpie's low-rank-plus-diagonal metric from the draws and the gradients of a
 * window, as a value (the draws are kept in a persistent list, so {@link #add} costs {@code O(d)}).
 *
 * <p>With {@code n} draws {@code x} and gradients {@code g}:
 * <ol>
 * <li>the diagonal {@code s_i = sqrt(sd(x_i) / sd(g_i))}, the minimiser of the Fisher divergence among diagonal
 * scalings (for a Gaussian, {@code sd(g_i)} is the square root of the precision's diagonal);</li>
 * <li>in the scaled coordinates, {@code X = (x - mean) / s} and {@code G = (g - mean) s}, the span of the leading
 * left singular vectors of {@code X} and of {@code G} (at most {@code 2n - 2} directions);</li>
 * <li>in that subspace the covariances {@code C_x = X X^T / (n gamma) + I} and {@code C_g = G G^T / (n gamma) + I},
 * and their geometric mean {@code Sigma = C_g^{-1/2} (C_g^{1/2} C_x C_g^{1/2})^{1/2} C_g^{-1/2}}, the solution of
 * {@code Sigma C_g Sigma = C_x}: the affine map minimising the Fisher divergence to a standard normal. For a
 * Gaussian target with covariance {@code A} the gradients are {@code -A^-1 (x - mu)}, so with more draws than
 * dimensions {@code Sigma} is {@code A} exactly (up to {@code gamma}), whatever the draws;</li>
 * <li>the eigenvectors of {@code Sigma} whose eigenvalue lies outside {@code [1 / cutoff, cutoff]} are the
 * directions of the {@link LowRankMetric}; all other directions keep the diagonal. With none, the estimate is the
 * {@link DiagonalMetric} {@code s^2}.</li>
 * </ol>
 *
 * <p>References: Seyboldt, Carlson &amp; Carpenter, Preconditioning Hamiltonian Monte Carlo by minimizing Fisher
 * divergence; nutpie / nuts-rs ({@code mass_matrix/low_rank.rs}), whose algorithm this follows.
 */
final class LowRankEstimator implements MetricEstimator {

    /** Regularisation of the subspace covariances (nutpie: {@code mass_matrix_gamma}). */
    static final double DEFAULT_GAMMA = 1e-5;
    /** Eigenvalues within {@code [1 / 100, 100]} keep the diagonal (nutpie: {@code mass_matrix_eigval_cutoff}). */
    static final double DEFAULT_CUTOFF = 100.0;
    /** The diagonal variance {@code s_i^2} is clamped to this range (nuts-rs clamps its gradient-based one). */
    static final double MIN_VARIANCE = 1e-20;
    /** Upper end of the clamp. */
    static final double MAX_VARIANCE = 1e20;
    /** Singular values below this fraction of the largest one (and Gram-Schmidt residues below it) are dropped. */
    private static final double RANK_TOLERANCE = 1e-10;

    /** An immutable list of draws, newest first. */
    private record Node(double[] position, double[] gradient, Node next) {
    }

    private final int dimension;
    private final double gamma;
    private final double cutoff;
    private final Node draws;
    private final int count;

    private LowRankEstimator(int dimension, double gamma, double cutoff, Node draws, int count) {
        this.dimension = dimension;
        this.gamma = gamma;
        this.cutoff = cutoff;
        this.draws = draws;
        this.count = count;
    }

    static LowRankEstimator empty(int dimension, double gamma, double cutoff) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be > 0 but was " + dimension);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and > 0 but was " + gamma + "; use "
                    + DEFAULT_GAMMA);
        }
        if (!(cutoff >= 1) || Double.isInfinite(cutoff)) {
            throw new IllegalArgumentException("cutoff must be finite and >= 1 but was " + cutoff + "; use "
                    + DEFAULT_CUTOFF);
        }
        return new LowRankEstimator(dimension, gamma, cutoff, null, 0);
    }

    @Override
    public MetricEstimator add(double[] position, double[] gradient) {
        if (position == null || position.length != dimension) {
            throw new IllegalArgumentException("position must have length " + dimension + "; pass a point of the "
                    + "estimator's dimension");
        }
        if (gradient == null || gradient.length != dimension) {
            throw new IllegalArgumentException("the low-rank estimator needs the gradient of the log density at "
                    + "each draw (length " + dimension + "); pass it with the position");
        }
        return new LowRankEstimator(dimension, gamma, cutoff, new Node(position.clone(), gradient.clone(), draws),
                count + 1);
    }

    @Override
    public boolean usesGradients() {
        return true;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public MetricEstimator empty() {
        return new LowRankEstimator(dimension, gamma, cutoff, null, 0);
    }

    @Override
    public EuclideanMetric estimate() {
        if (count < 2) {
            throw new IllegalStateException("the low-rank estimate needs at least 2 draws but has " + count);
        }
        int d = dimension;
        int n = count;
        double[][] x = new double[d][n];
        double[][] g = new double[d][n];
        int k = n - 1;
        for (Node node = draws; node != null; node = node.next(), k--) {
            for (int i = 0; i < d; i++) {
                x[i][k] = node.position()[i];
                g[i][k] = node.gradient()[i];
            }
        }
        double[] stds = new double[d];
        for (int i = 0; i < d; i++) {
            double sx = centre(x[i]);
            double sg = centre(g[i]);
            double variance = sx / sg;
            variance = Double.isNaN(variance) ? 1.0 : Math.min(MAX_VARIANCE, Math.max(MIN_VARIANCE, variance));
            double s = Math.sqrt(variance);
            stds[i] = s;
            // nuts-rs scales by 1 / n as well, so X X^T is the (biased) covariance over n
            for (int j = 0; j < n; j++) {
                x[i][j] /= s * n;
                g[i][j] *= s / n;
            }
        }
        double[][] basis = orthonormalBasis(leftSingularVectors(x), leftSingularVectors(g));
        int r = basis.length;
        double[][] cx = subspaceCovariance(basis, x);
        double[][] cg = subspaceCovariance(basis, g);
        EigenDecomposition eig = new EigenDecomposition(symmetric(geometricMean(cx, cg)));
        double[] values = eig.getRealEigenvalues();
        int kept = 0;
        for (double v : values) {
            kept += keep(v) ? 1 : 0;
        }
        double[] diagonal = new double[d];
        for (int i = 0; i < d; i++) {
            diagonal[i] = stds[i] * stds[i];
        }
        if (kept == 0) {
            return DiagonalMetric.wrap(diagonal);
        }
        double[][] directions = new double[kept][];
        double[] keptValues = new double[kept];
        int a = 0;
        for (int c = 0; c < r; c++) {
            if (!keep(values[c])) {
                continue;
            }
            double[] w = eig.getEigenvector(c).toArray();
            double[] v = new double[d];
            for (int b = 0; b < r; b++) {
                for (int i = 0; i < d; i++) {
                    v[i] += basis[b][i] * w[b];
                }
            }
            directions[a] = v;
            keptValues[a] = values[c];
            a++;
        }
        return LowRankMetric.wrap(stds, directions, keptValues);
    }

    private boolean keep(double value) {
        return value > cutoff || value < 1.0 / cutoff;
    }

    /** Subtracts the mean of {@code row} in place; returns the root of its sum of squares. */
    private static double centre(double[] row) {
        double mean = 0;
        for (double v : row) {
            mean += v;
        }
        mean /= row.length;
        double ss = 0;
        for (int j = 0; j < row.length; j++) {
            row[j] -= mean;
            ss += row[j] * row[j];
        }
        return Math.sqrt(ss);
    }

    /** Left singular vectors of {@code m [d, n]} with singular value above the rank tolerance, one per row. */
    private static double[][] leftSingularVectors(double[][] m) {
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(m, false));
        double[] s = svd.getSingularValues();
        RealMatrix u = svd.getU();
        int rank = 0;
        while (rank < s.length && s[rank] > RANK_TOLERANCE * s[0]) {
            rank++;
        }
        double[][] out = new double[rank][];
        for (int c = 0; c < rank; c++) {
            out[c] = u.getColumn(c);
        }
        return out;
    }

    /** An orthonormal basis (rows) of the span of two sets of orthonormal vectors: Gram-Schmidt, twice. */
    private static double[][] orthonormalBasis(double[][] first, double[][] second) {
        double[][] out = new double[first.length + second.length][];
        int r = 0;
        for (double[][] set : new double[][][] {first, second}) {
            for (double[] v0 : set) {
                double[] v = v0.clone();
                for (int pass = 0; pass < 2; pass++) {
                    for (int b = 0; b < r; b++) {
                        double p = dot(out[b], v);
                        for (int i = 0; i < v.length; i++) {
                            v[i] -= p * out[b][i];
                        }
                    }
                }
                double norm = Math.sqrt(dot(v, v));
                if (norm > Math.sqrt(RANK_TOLERANCE)) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] /= norm;
                    }
                    out[r++] = v;
                }
            }
        }
        return java.util.Arrays.copyOf(out, r);
    }

    /** {@code P P^T / gamma + I} with {@code P = basis m}, {@code [r, r]}. */
    private double[][] subspaceCovariance(double[][] basis, double[][] m) {
        int r = basis.length;
        int n = m[0].length;
        double[][] p = new double[r][n];
        for (int b = 0; b < r; b++) {
            for (int i = 0; i < basis[b].length; i++) {
                double w = basis[b][i];
                for (int j = 0; j < n; j++) {
                    p[b][j] += w * m[i][j];
                }
            }
        }
        double[][] c = new double[r][r];
        for (int a = 0; a < r; a++) {
            for (int b = 0; b <= a; b++) {
                double v = dot(p[a], p[b]) / gamma;
                c[a][b] = v;
                c[b][a] = v;
            }
            c[a][a] += 1.0;
        }
        return c;
    }

    /** The geometric mean {@code B^{-1/2} (B^{1/2} A B^{1/2})^{1/2} B^{-1/2}}: the {@code S} with {@code S B S = A}. */
    static double[][] geometricMean(double[][] a, double[][] b) {
        EigenDecomposition eb = new EigenDecomposition(symmetric(b));
        RealMatrix root = power(eb, 0.5);
        RealMatrix inverseRoot = power(eb, -0.5);
        RealMatrix m = root.multiply(new Array2DRowRealMatrix(a, false)).multiply(root);
        RealMatrix mRoot = power(new EigenDecomposition(symmetric(m.getData())), 0.5);
        return inverseRoot.multiply(mRoot).multiply(inverseRoot).getData();
    }

    /** {@code U diag(lambda^p) U^T} of a symmetric positive-definite decomposition. */
    private static RealMatrix power(EigenDecomposition e, double p) {
        double[] l = e.getRealEigenvalues();
        RealMatrix u = e.getV();
        int r = l.length;
        double[][] out = new double[r][r];
        for (int c = 0; c < r; c++) {
            double f = Math.pow(l[c], p);
            for (int i = 0; i < r; i++) {
                double ui = u.getEntry(i, c) * f;
                for (int j = 0; j < r; j++) {
                    out[i][j] += ui * u.getEntry(j, c);
                }
            }
        }
        return new Array2DRowRealMatrix(out, false);
    }

    /** The symmetric part {@code (m + m^T) / 2} as a matrix (rounding leaves products slightly asymmetric). */
    private static RealMatrix symmetric(double[][] m) {
        int r = m.length;
        double[][] s = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                s[i][j] = 0.5 * (m[i][j] + m[j][i]);
            }
        }
        return new Array2DRowRealMatrix(s, false);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Override
    public String toString() {
        return "LowRankEstimator[d=" + dimension + ", draws=" + count + ", gamma=" + gamma + ", cutoff=" + cutoff + "]";
    }
}
