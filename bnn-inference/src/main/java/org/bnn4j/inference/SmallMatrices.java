package org.bnn4j.inference;

/**
 * Cholesky factorisation and triangular solves of small dense symmetric positive-definite matrices, row-major
 * {@code [k, k]} in plain arrays (no allocation): the {@code (H + 1) x (H + 1)} systems of
 * {@link MarginalMeanHeadDensity}, solved thousands of times per second.
 *
 * <p>Reference: Golub &amp; Van Loan (2013), Matrix Computations, 4th ed., Sec. 4.2 (Cholesky) and 3.1
 * (triangular systems).
 */
final class SmallMatrices {

    private SmallMatrices() {
    }

    /**
     * Factorises {@code A = L L^T}, reading only the lower triangle of {@code a}.
     *
     * @param a the matrix, lower triangle used; not modified
     * @param l receives {@code L} (lower triangle; the upper triangle is set to 0)
     * @param k the order
     * @return {@code log det L = sum_i log L_ii}, or {@code NaN} if {@code A} is not numerically positive definite
     */
    static double cholesky(double[] a, double[] l, int k) {
        double logDet = 0.0;
        for (int j = 0; j < k; j++) {
            double s = a[j * k + j];
            for (int c = 0; c < j; c++) {
                s -= l[j * k + c] * l[j * k + c];
            }
            if (!(s > 0) || Double.isInfinite(s)) {
                return Double.NaN;
            }
            double ljj = Math.sqrt(s);
            l[j * k + j] = ljj;
            logDet += Math.log(ljj);
            for (int i = j + 1; i < k; i++) {
                double t = a[i * k + j];
                for (int c = 0; c < j; c++) {
                    t -= l[i * k + c] * l[j * k + c];
                }
                l[i * k + j] = t / ljj;
                l[j * k + i] = 0.0;
            }
        }
        return logDet;
    }

    /** Solves {@code L x = b} (forward substitution); {@code b} and {@code x} may not be the same array. */
    static void forward(double[] l, double[] b, double[] x, int k) {
        for (int i = 0; i < k; i++) {
            double t = b[i];
            for (int c = 0; c < i; c++) {
                t -= l[i * k + c] * x[c];
            }
            x[i] = t / l[i * k + i];
        }
    }

    /** Solves {@code L^T x = b} (back substitution); {@code b} and {@code x} may not be the same array. */
    static void backward(double[] l, double[] b, double[] x, int k) {
        for (int i = k - 1; i >= 0; i--) {
            double t = b[i];
            for (int c = i + 1; c < k; c++) {
                t -= l[c * k + i] * x[c];
            }
            x[i] = t / l[i * k + i];
        }
    }

    /**
     * {@code A^-1 = L^-T L^-1} from the factor.
     *
     * @param l       the Cholesky factor
     * @param lInv    scratch, receives {@code L^-1} (lower)
     * @param inverse receives {@code A^-1} (full, symmetric)
     * @param k       the order
     */
    static void inverseFromCholesky(double[] l, double[] lInv, double[] inverse, int k) {
        for (int j = 0; j < k; j++) {
            lInv[j * k + j] = 1.0 / l[j * k + j];
            for (int i = j + 1; i < k; i++) {
                double t = 0.0;
                for (int c = j; c < i; c++) {
                    t -= l[i * k + c] * lInv[c * k + j];
                }
                lInv[i * k + j] = t / l[i * k + i];
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double t = 0.0;
                for (int c = a; c < k; c++) {
                    t += lInv[c * k + a] * lInv[c * k + b];
                }
                inverse[a * k + b] = t;
                inverse[b * k + a] = t;
            }
        }
    }
}
