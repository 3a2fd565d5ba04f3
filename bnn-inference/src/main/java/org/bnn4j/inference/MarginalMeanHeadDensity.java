package org.bnn4j.inference;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.bnn4j.inference.mcmc.LogDensity;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DiagonalNormal;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;
import org.bnn4j.nn.ScaleTransform;
import org.bnn4j.nn.internal.FastTanh;

/**
 * {@code log p(theta, y)} with the mean head integrated out, and its gradient (see {@link MarginalMeanHead}); one
 * instance per chain (scratch buffers).
 *
 * <p>With {@code Phi [n, k]} ({@code k = H + 1}: the hidden activations and a 1), {@code D = diag(1 / sigma_i^2)},
 * {@code Lambda = Phi^T D Phi + P0 = R R^T}, {@code r = Phi^T D y + P0 mu0}, {@code w = R^-1 r}:
 * <pre>
 *   log p(y | theta) = -n/2 log(2 pi) - sum_i log sigma_i - y^T D y / 2 + sum_k log(P0_kk) / 2 - mu0^T P0 mu0 / 2
 *                      - sum_k log R_kk + |w|^2 / 2
 * </pre>
 * Its gradient is the expectation of the joint's gradient under {@code beta | theta, y ~ N(m, C = Lambda^-1)}
 * (Fisher's identity): with residuals {@code e = y - Phi m} and {@code q_i = phi_i^T C phi_i},
 * {@code d log p / d d_i = (sigma_i^2 - e_i^2 - q_i) / 2} and
 * {@code d log p / d Phi = D (e m^T - Phi C)}; these flow back through the scale head (or the noise scale) and the
 * hidden layer as in ordinary back-propagation. Costs {@code O(n k^2)} per evaluation (three products of
 * {@code [n, k]} by {@code [k, k]} sizes), against {@code O(n k)} for the joint.
 */
final class MarginalMeanHeadDensity implements LogDensity {

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final MarginalMeanHead m;
    private final int n;
    private final int h;
    private final int k;
    private final int inDim;
    private final int dim;
    private final Activation activation;
    private final ScaleTransform scaleTransform;
    private final HomoskedasticGaussian homoskedastic;
    /** Offsets in the sampled vector. */
    private final int wOff;
    private final int bOff;
    private final int aOff;
    private final int eOff;
    private final int noiseOff;
    /** Prior of the sampled network parameters (by sampled index) and of the mean head. */
    private final double[] restLoc;
    private final double[] restInvVar;
    private final double restLogNormaliser;
    private final double[] headLoc;
    private final double[] headPrecision;
    private final double headConstant;

    private final double[][] phi;
    private final double[][] dPhi;
    private final double[][] phiC;
    private final double[] raw;
    private final double[] sigma;
    private final double[] dSigma;
    private final double[] precision;
    private final double[] resid;
    private final double[] quad;
    private final double[] dRaw;
    private final double[] delta;
    private final double[] lambda;
    private final double[] chol;
    private final double[] cholInv;
    private final double[] cov;
    private final double[] rhs;
    private final double[] whitened;
    private final double[] mean;

    MarginalMeanHeadDensity(MarginalMeanHead marginal) {
        this.m = marginal;
        BayesianModel model = marginal.model();
        NetworkSpec spec = model.network().spec();
        ParameterLayout layout = marginal.layout();
        this.n = marginal.n();
        this.h = marginal.hidden();
        this.k = h + 1;
        this.inDim = marginal.inDim();
        this.dim = marginal.dimension();
        this.activation = spec.activation();
        this.scaleTransform = spec.heteroskedastic() ? spec.scaleTransform() : null;
        this.homoskedastic = model.likelihood() instanceof HomoskedasticGaussian hg ? hg : null;
        int shift = k; // sampled index = full index - k after the mean head
        this.wOff = layout.hiddenWeightOffset(0);
        this.bOff = layout.hiddenBiasOffset(0);
        this.aOff = spec.heteroskedastic() ? layout.scaleWeightOffset() - shift : -1;
        this.eOff = spec.heteroskedastic() ? layout.scaleBiasOffset() - shift : -1;
        this.noiseOff = model.numNetworkParams() - shift;
        DiagonalNormal prior = model.networkPrior();
        double[] loc = prior.loc();
        double[] std = prior.std();
        int[] restIdx = marginal.restIndices();
        int netRest = model.numNetworkParams() - k;
        this.restLoc = new double[netRest];
        this.restInvVar = new double[netRest];
        double norm = 0;
        for (int r = 0; r < netRest; r++) {
            int full = restIdx[r];
            restLoc[r] = loc[full];
            restInvVar[r] = 1.0 / (std[full] * std[full]);
            norm -= HALF_LOG_2PI + Math.log(std[full]);
        }
        this.restLogNormaliser = norm;
        int meanOff = marginal.meanOffset();
        this.headLoc = Arrays.copyOfRange(loc, meanOff, meanOff + k);
        this.headPrecision = new double[k];
        double c = 0;
        for (int j = 0; j < k; j++) {
            headPrecision[j] = 1.0 / (std[meanOff + j] * std[meanOff + j]);
            c += 0.5 * Math.log(headPrecision[j]) - 0.5 * headLoc[j] * headLoc[j] * headPrecision[j];
        }
        this.headConstant = c - n * HALF_LOG_2PI;
        this.phi = new double[k][n];
        Arrays.fill(phi[h], 1.0);
        this.dPhi = new double[k][n];
        this.phiC = new double[k][n];
        this.raw = new double[n];
        this.sigma = new double[n];
        this.dSigma = new double[n];
        this.precision = new double[n];
        this.resid = new double[n];
        this.quad = new double[n];
        this.dRaw = new double[n];
        this.delta = new double[n];
        this.lambda = new double[k * k];
        this.chol = new double[k * k];
        this.cholInv = new double[k * k];
        this.cov = new double[k * k];
        this.rhs = new double[k];
        this.whitened = new double[k];
        this.mean = new double[k];
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public double logDensityAndGradient(double[] theta, double[] gradOut) {
        double logLik = factor(theta);
        if (Double.isNaN(logLik) || logLik == Double.NEGATIVE_INFINITY) {
            Arrays.fill(gradOut, Double.NaN);
            return logLik;
        }
        double lp = logLik + restLogNormaliser + priorAndGradient(theta, gradOut);
        if (homoskedastic != null && homoskedastic.numParams() == 1) {
            lp += homoskedastic.logPrior(theta, noiseOff);
            homoskedastic.addPriorGradient(theta, noiseOff, gradOut, noiseOff, 1.0);
        }
        addLikelihoodGradient(theta, gradOut);
        return lp;
    }

    /**
     * The hidden activations, the noise, {@code Lambda}, its Cholesky factor, {@code w} and {@code m}, and the log
     * marginal likelihood; {@code -Infinity} when {@code Lambda} is not numerically positive definite.
     */
    private double factor(double[] theta) {
        for (int j = 0; j < h; j++) {
            double[] z = phi[j];
            Arrays.fill(z, theta[bOff + j]);
            for (int c = 0; c < inDim; c++) {
                double wcj = theta[wOff + c * h + j];
                int o = c * n;
                double[] xT = m.xT();
                for (int i = 0; i < n; i++) {
                    z[i] += wcj * xT[o + i];
                }
            }
            if (activation == Activation.TANH) {
                FastTanh.inPlace(z, 0, n);
            } else {
                for (int i = 0; i < n; i++) {
                    z[i] = Math.max(0.0, z[i]);
                }
            }
        }
        double logSigma = noise(theta);
        double[] y = m.y();
        double yDy = 0;
        for (int i = 0; i < n; i++) {
            yDy += precision[i] * y[i] * y[i];
        }
        for (int p = 0; p < k; p++) {
            double[] dp = dPhi[p];
            double[] fp = phi[p];
            for (int i = 0; i < n; i++) {
                dp[i] = precision[i] * fp[i];
            }
            rhs[p] = dot(dp, y) + headPrecision[p] * headLoc[p];
            int q = 0;
            for (; q + 3 <= p; q += 4) {
                dot4(dp, phi[q], phi[q + 1], phi[q + 2], phi[q + 3], lambda, p * k + q);
            }
            for (; q <= p; q++) {
                lambda[p * k + q] = dot(dp, phi[q]);
            }
            lambda[p * k + p] += headPrecision[p];
        }
        double logDet = SmallMatrices.cholesky(lambda, chol, k);
        if (Double.isNaN(logDet)) {
            return Double.NEGATIVE_INFINITY;
        }
        SmallMatrices.forward(chol, rhs, whitened, k);
        SmallMatrices.backward(chol, whitened, mean, k);
        double ww = 0;
        for (int p = 0; p < k; p++) {
            ww += whitened[p] * whitened[p];
        }
        return headConstant - logSigma - 0.5 * yDy - logDet + 0.5 * ww;
    }

    /** Fills {@code sigma}, {@code dSigma} (d sigma / d raw) and {@code precision}; returns {@code sum log sigma}. */
    private double noise(double[] theta) {
        if (scaleTransform != null) {
            Arrays.fill(raw, theta[eOff]);
            for (int j = 0; j < h; j++) {
                double a = theta[aOff + j];
                double[] f = phi[j];
                for (int i = 0; i < n; i++) {
                    raw[i] += a * f[i];
                }
            }
            scaleTransform.applyAll(raw, sigma, dSigma, 0, n);
        } else {
            Arrays.fill(sigma, homoskedastic.noiseScale(theta, noiseOff));
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            precision[i] = 1.0 / (sigma[i] * sigma[i]);
            s += Math.log(sigma[i]);
        }
        return s;
    }

    /** Writes the prior gradient of the sampled network parameters into {@code grad}; returns their log prior. */
    private double priorAndGradient(double[] theta, double[] grad) {
        Arrays.fill(grad, 0.0);
        double q = 0;
        for (int r = 0; r < restLoc.length; r++) {
            double dev = theta[r] - restLoc[r];
            q += dev * dev * restInvVar[r];
            grad[r] = -dev * restInvVar[r];
        }
        return -0.5 * q;
    }

    /** Adds the gradient of the log marginal likelihood (after {@link #factor}). */
    private void addLikelihoodGradient(double[] theta, double[] grad) {
        SmallMatrices.inverseFromCholesky(chol, cholInv, cov, k);
        double[] y = m.y();
        System.arraycopy(y, 0, resid, 0, n);
        for (int l = 0; l < k; l++) {
            axpy(-mean[l], phi[l], resid);
        }
        Arrays.fill(quad, 0.0);
        int j0 = 0;
        for (; j0 + 4 <= k; j0 += 4) {
            double[] o0 = phiC[j0];
            double[] o1 = phiC[j0 + 1];
            double[] o2 = phiC[j0 + 2];
            double[] o3 = phiC[j0 + 3];
            Arrays.fill(o0, 0.0);
            Arrays.fill(o1, 0.0);
            Arrays.fill(o2, 0.0);
            Arrays.fill(o3, 0.0);
            for (int l = 0; l < k; l++) {
                double c0 = cov[j0 * k + l];
                double c1 = cov[(j0 + 1) * k + l];
                double c2 = cov[(j0 + 2) * k + l];
                double c3 = cov[(j0 + 3) * k + l];
                double[] f = phi[l];
                for (int i = 0; i < n; i++) {
                    double fi = f[i];
                    o0[i] += c0 * fi;
                    o1[i] += c1 * fi;
                    o2[i] += c2 * fi;
                    o3[i] += c3 * fi;
                }
            }
        }
        for (; j0 < k; j0++) {
            double[] out = phiC[j0];
            Arrays.fill(out, 0.0);
            for (int l = 0; l < k; l++) {
                axpy(cov[j0 * k + l], phi[l], out);
            }
        }
        for (int j = 0; j < k; j++) {
            double[] fj = phi[j];
            double[] out = phiC[j];
            for (int i = 0; i < n; i++) {
                quad[i] += fj[i] * out[i];
            }
        }
        // d log p / d precision_i, then through sigma_i = precision_i^-1/2
        double gNoise = 0;
        for (int i = 0; i < n; i++) {
            double dPrec = 0.5 * (sigma[i] * sigma[i] - resid[i] * resid[i] - quad[i]);
            double dSig = dPrec * (-2.0 * precision[i] / sigma[i]);
            if (scaleTransform != null) {
                dRaw[i] = dSig * dSigma[i];
            } else {
                gNoise += dSig * sigma[i]; // sigma = exp(log sigma)
            }
        }
        if (scaleTransform == null) {
            if (homoskedastic.numParams() == 1) {
                grad[noiseOff] += gNoise;
            }
        } else {
            double ge = 0;
            for (int i = 0; i < n; i++) {
                ge += dRaw[i];
            }
            grad[eOff] += ge;
        }
        double[] xT = m.xT();
        for (int j = 0; j < h; j++) {
            double[] f = phi[j];
            double[] fc = phiC[j];
            double mj = mean[j];
            double aj = scaleTransform != null ? theta[aOff + j] : 0.0;
            if (scaleTransform != null) {
                grad[aOff + j] += dot(dRaw, f);
            }
            for (int i = 0; i < n; i++) {
                double g = precision[i] * (resid[i] * mj - fc[i]) + dRaw[i] * aj;
                double deriv = activation == Activation.TANH ? 1.0 - f[i] * f[i] : (f[i] > 0 ? 1.0 : 0.0);
                delta[i] = g * deriv;
            }
            double sb = 0;
            for (int i = 0; i < n; i++) {
                sb += delta[i];
            }
            grad[bOff + j] += sb;
            for (int c = 0; c < inDim; c++) {
                double s = 0;
                int o = c * n;
                for (int i = 0; i < n; i++) {
                    s += delta[i] * xT[o + i];
                }
                grad[wOff + c * h + j] += s;
            }
        }
    }

    /**
     * An exact draw of the mean head given the sampled parameters: {@code beta = m + R^-T z = R^-T (w + z)}.
     *
     * @param theta the sampled parameters {@code [dimension()]}
     * @param rng   advanced by {@code k} normal draws
     * @return a new array {@code [H + 1]}: the mean head's weights, then its bias
     */
    double[] drawHead(double[] theta, RandomGenerator rng) {
        double f = factor(theta);
        if (!(f > Double.NEGATIVE_INFINITY)) {
            throw new IllegalStateException("the mean head's conditional precision is not positive definite at a "
                    + "kept draw; use McmcInference.Parameterization.FULL");
        }
        double[] u = new double[k];
        for (int p = 0; p < k; p++) {
            u[p] = whitened[p] + rng.nextGaussian();
        }
        double[] beta = new double[k];
        SmallMatrices.backward(chol, u, beta, k);
        return beta;
    }

    /** {@code a . b} over {@code n} entries, in four interleaved partial sums. */
    private double dot(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code out[o + c] = a . bc} for four vectors {@code bc}, reading {@code a} once. */
    private void dot4(double[] a, double[] b0, double[] b1, double[] b2, double[] b3, double[] out, int o) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int i = 0; i < n; i++) {
            double ai = a[i];
            s0 += ai * b0[i];
            s1 += ai * b1[i];
            s2 += ai * b2[i];
            s3 += ai * b3[i];
        }
        out[o] = s0;
        out[o + 1] = s1;
        out[o + 2] = s2;
        out[o + 3] = s3;
    }

    private void axpy(double a, double[] x, double[] out) {
        for (int i = 0; i < n; i++) {
            out[i] += a * x[i];
        }
    }
}
