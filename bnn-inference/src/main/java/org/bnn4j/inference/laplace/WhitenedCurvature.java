package org.bnn4j.inference.laplace;

import org.bnn4j.inference.FitFailedException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The curvature G seen through the prior: the eigendecomposition {@code Lambda0^-1/2 G Lambda0^-1/2 = V diag(e) V^T}
 * with {@code Lambda0} the model's (diagonal) prior precision. Then for any prior precision multiplier alpha
 * {@code H(alpha) = G + alpha Lambda0 = Lambda0^1/2 V diag(e + alpha) V^T Lambda0^1/2}, so its log determinant, the
 * Laplace log marginal likelihood and a covariance factor each cost O(q) or O(q^2) per alpha after one O(q^3)
 * decomposition (LAPACK {@code dsyev} through ND4J). Immutable.
 */
final class WhitenedCurvature {

    /** Relative precision of the multiplier search (bisection on log alpha). */
    static final double SEARCH_TOLERANCE = 1e-10;

    private final int q;
    private final double[] eigenvalues;
    private final double[] vectors;
    private final double[] priorPrecision;

    private WhitenedCurvature(int q, double[] eigenvalues, double[] vectors, double[] priorPrecision) {
        this.q = q;
        this.eigenvalues = eigenvalues;
        this.vectors = vectors;
        this.priorPrecision = priorPrecision;
    }

    /**
     * @param g              the curvature {@code [q, q]} row-major, symmetric PSD
     * @param priorPrecision {@code Lambda0} diagonal, length q, each {@code > 0}
     * @param q              dimension
     * @return the decomposition
     * @throws FitFailedException if G is not finite or LAPACK fails
     */
    static WhitenedCurvature of(double[] g, double[] priorPrecision, int q) {
        double[] w = new double[q * q];
        double[] root = new double[q];
        for (int i = 0; i < q; i++) {
            root[i] = 1.0 / Math.sqrt(priorPrecision[i]);
        }
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                double v = g[i * q + j] * root[i] * root[j];
                if (!Double.isFinite(v)) {
                    throw new FitFailedException("the Laplace curvature is not finite (entry " + i + "," + j + " = "
                            + g[i * q + j] + "); the MAP fit produced non-finite outputs or scales: lower the MAP "
                            + "learning rate or raise the scale transform's minScale");
                }
                w[i * q + j] = v;
            }
        }
        // symmetric, so the row-major buffer read as column-major is the same matrix
        INDArray a = Nd4j.create(w, new long[] {q, q}, DataType.DOUBLE).dup('f');
        INDArray e = Nd4j.create(DataType.DOUBLE, q);
        int info = Nd4j.getBlasWrapper().lapack().syev('V', 'U', a, e);
        if (info != 0) {
            throw new FitFailedException("the eigendecomposition of the Laplace curvature failed (LAPACK dsyev info "
                    + info + "); use CurvatureStructure.LAST_LAYER or check the MAP fit");
        }
        double[] values = e.data().asDouble();
        for (int k = 0; k < q; k++) {
            values[k] = Math.max(values[k], 0.0); // PSD up to rounding
        }
        // column-major: eigenvector k is vectors[k * q, (k + 1) * q)
        double[] vectors = a.data().asDouble();
        return new WhitenedCurvature(q, values, vectors, priorPrecision.clone());
    }

    /**
     * @param factor {@code > 0}
     * @return the decomposition of {@code factor * G} (same eigenvectors, eigenvalues times factor)
     */
    WhitenedCurvature scaled(double factor) {
        double[] e = eigenvalues.clone();
        for (int k = 0; k < q; k++) {
            e[k] *= factor;
        }
        return new WhitenedCurvature(q, e, vectors, priorPrecision);
    }

    /**
     * @param alpha prior precision multiplier
     * @return the effective number of parameters the data determine, {@code gamma = sum_k e_k / (e_k + alpha)}
     *         (MacKay 1992)
     */
    double effectiveParameters(double alpha) {
        double s = 0;
        for (int k = 0; k < q; k++) {
            s += eigenvalues[k] / (eigenvalues[k] + alpha);
        }
        return s;
    }

    /** @return the eigenvalues of the whitened curvature, ascending, clamped at 0 (a copy) */
    double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /**
     * @param alpha prior precision multiplier, {@code > 0}
     * @return {@code log det(G + alpha Lambda0)}
     */
    double logDetPosteriorPrecision(double alpha) {
        double s = 0;
        for (int k = 0; k < q; k++) {
            s += Math.log(priorPrecision[k]) + Math.log(eigenvalues[k] + alpha);
        }
        return s;
    }

    /**
     * The Laplace approximation of the log marginal likelihood of the covered parameters with prior
     * {@code N(0, (alpha Lambda0)^-1)}, the MAP held fixed:
     * {@code log p(y|theta*) + log N(theta*; 0, (alpha Lambda0)^-1) + q/2 log 2 pi - 1/2 log det H(alpha)}
     * {@code = log p(y|theta*) - alpha/2 theta*' Lambda0 theta* + q/2 log alpha - 1/2 sum_k log(e_k + alpha)}.
     *
     * @param alpha          multiplier, {@code > 0}
     * @param logLikelihood  {@code log p(y | theta*)}
     * @param priorQuadratic {@code theta*' Lambda0 theta*} over the covered parameters
     * @return the log marginal likelihood (nats)
     */
    double logMarginalLikelihood(double alpha, double logLikelihood, double priorQuadratic) {
        double s = logLikelihood - 0.5 * alpha * priorQuadratic + 0.5 * q * Math.log(alpha);
        for (int k = 0; k < q; k++) {
            s -= 0.5 * Math.log(eigenvalues[k] + alpha);
        }
        return s;
    }

    /**
     * The multiplier maximising {@link #logMarginalLikelihood} in {@code [lo, hi]}. Its derivative in alpha is
     * {@code 1/2 (sum_k e_k / (alpha (e_k + alpha)) - priorQuadratic)}, strictly decreasing, so the maximum is unique:
     * the root of the derivative, found by bisection on {@code log alpha}, or a bound.
     *
     * @param priorQuadratic {@code theta*' Lambda0 theta*}, {@code >= 0}
     * @param lo             smallest multiplier
     * @param hi             largest multiplier
     * @return the maximiser
     */
    double optimalMultiplier(double priorQuadratic, double lo, double hi) {
        if (slope(lo, priorQuadratic) <= 0) {
            return lo;
        }
        if (slope(hi, priorQuadratic) >= 0) {
            return hi;
        }
        double a = Math.log(lo);
        double b = Math.log(hi);
        while (b - a > SEARCH_TOLERANCE) {
            double mid = 0.5 * (a + b);
            if (slope(Math.exp(mid), priorQuadratic) > 0) {
                a = mid;
            } else {
                b = mid;
            }
        }
        return Math.exp(0.5 * (a + b));
    }

    private double slope(double alpha, double priorQuadratic) {
        double s = 0;
        for (int k = 0; k < q; k++) {
            s += eigenvalues[k] / (alpha * (eigenvalues[k] + alpha));
        }
        return s - priorQuadratic;
    }

    /**
     * A square root of the posterior covariance: {@code S = Lambda0^-1/2 V diag(1 / sqrt(e + alpha))}, so
     * {@code S S' = H(alpha)^-1}.
     *
     * @param alpha multiplier, {@code > 0}
     * @return a new array {@code [q, q]} row-major
     */
    double[] covarianceFactor(double alpha) {
        double[] s = new double[q * q];
        for (int k = 0; k < q; k++) {
            double c = 1.0 / Math.sqrt(eigenvalues[k] + alpha);
            for (int i = 0; i < q; i++) {
                s[i * q + k] = vectors[k * q + i] * c / Math.sqrt(priorPrecision[i]);
            }
        }
        return s;
    }
}
