package org.bnn4j.inference.svi;

/**
 * The Cholesky factorisation of a small symmetric positive-definite matrix in place, and solves with it: the
 * {@code R x R} capacitance of the low-rank guide. Row-major {@code [n, n]} arrays; only the lower triangle is read
 * and written.
 */
final class SmallCholesky {

    private SmallCholesky() {
    }

    /**
     * Overwrites the lower triangle of {@code m} with the factor {@code C}, {@code M = C C^T}.
     *
     * @param m row-major {@code [n, n]}; its lower triangle holds M on entry and C on return
     * @param n the order
     * @return {@code log det M = 2 sum log C_jj}; NaN if M is not numerically positive definite (a NaN then
     *         reaches the loss, and the fit fails with its message)
     */
    static double factor(double[] m, int n) {
        double logDet = 0;
        for (int j = 0; j < n; j++) {
            double diag = m[j * n + j];
            for (int k = 0; k < j; k++) {
                diag -= m[j * n + k] * m[j * n + k];
            }
            double cjj = diag > 0 ? Math.sqrt(diag) : Double.NaN;
            m[j * n + j] = cjj;
            logDet += 2 * Math.log(cjj);
            for (int i = j + 1; i < n; i++) {
                double v = m[i * n + j];
                for (int k = 0; k < j; k++) {
                    v -= m[i * n + k] * m[j * n + k];
                }
                m[i * n + j] = v / cjj;
            }
        }
        return logDet;
    }

    /**
     * Solves {@code C C^T x = rhs} by forward and back substitution.
     *
     * @param c    the factor from {@link #factor}, row-major {@code [n, n]} lower triangle
     * @param n    the order
     * @param rhs  right-hand side, n values from {@code rOff}; not modified
     * @param rOff offset in rhs
     * @param x    receives the n values of the solution from {@code xOff} (may not alias rhs)
     * @param xOff offset in x
     */
    static void solve(double[] c, int n, double[] rhs, int rOff, double[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            double v = rhs[rOff + i];
            for (int k = 0; k < i; k++) {
                v -= c[i * n + k] * x[xOff + k];
            }
            x[xOff + i] = v / c[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double v = x[xOff + i];
            for (int k = i + 1; k < n; k++) {
                v -= c[k * n + i] * x[xOff + k];
            }
            x[xOff + i] = v / c[i * n + i];
        }
    }
}
