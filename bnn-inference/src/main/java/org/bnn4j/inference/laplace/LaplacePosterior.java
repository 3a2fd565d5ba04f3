package org.bnn4j.inference.laplace;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.AbstractPosterior;
import org.bnn4j.inference.Diagnostics;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.Likelihood;
import org.bnn4j.nn.ScaleTransform;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.NoiseDistribution;
import org.bnn4j.predictive.PredictiveDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Laplace approximation: a Gaussian {@code N(theta*, S S')} over the covered network parameters (a tail of the
 * layout, see {@link CurvatureStructure}) around the MAP {@code theta*}, the other parameters at the MAP, and a
 * learned homoskedastic noise scale either fixed (chosen by the evidence) or with a Gaussian
 * {@code N(log s*, noiseLogScaleStd^2)} over {@code log s} (independent of the weights: their Fisher cross term is
 * zero). Immutable and thread-safe.
 *
 * <p>Predictions ({@link #predict}): with {@link LaplacePredictive#LINEARIZED} the network is linearised at the MAP,
 * {@code m = m* + J_m(x) delta}, {@code r = r* + J_r(x) delta} (or {@code r = r*} when the scale is not linearised),
 * {@code s = transform(r)}, for draws {@code delta ~ N(0, S S')}; each draw is one mixture component, so the variance
 * still splits into aleatoric {@code E[s^2]} and epistemic {@code Var[m]}. With {@link LaplacePredictive#SAMPLED} the
 * drawn weights go through the nonlinear network. Either way the random generator is consumed before and
 * independently of the inputs (all n draws first, {@code q} standard normals each, then one for the noise when it is
 * Gaussian), so predicting rows in different batches with generators of the same seed gives identical numbers, and
 * draw k of {@link #sampleParameters} with a generator of the same seed is the weight vector behind component k.
 */
public final class LaplacePosterior extends AbstractPosterior {

    private final double[] theta;
    private final CurvatureStructure structure;
    private final int first;
    private final int q;
    private final double[] factor;
    private final double noiseLogScaleStd;
    private final LaplacePredictive predictive;
    private final boolean linearizeScale;
    private final double priorPrecisionMultiplier;
    private final double logMarginalLikelihood;
    private final OutputJacobian jacobian;

    /**
     * @param model                    the model
     * @param method                   method name
     * @param theta                    the mode, length {@code model.numParams()} (with the chosen log noise scale for
     *                                 a noise chosen by the evidence), finite; copied
     * @param structure                FULL or LAST_LAYER
     * @param covarianceFactor         S with {@code S S'} the covariance of the covered parameters, {@code [q, q]}
     *                                 row-major, finite; copied
     * @param noiseLogScaleStd         std of {@code log s} for a learned homoskedastic noise with a prior, else 0
     * @param predictive               how predictions are made
     * @param linearizeScale           whether the linearised predictive linearises the scale head
     * @param priorPrecisionMultiplier the prior precision multiplier alpha used, {@code > 0}
     * @param logMarginalLikelihood    the Laplace log marginal likelihood at alpha (standardised units)
     * @param standardizer             standardiser of the training data, or null
     * @param diagnostics              diagnostics of the fit
     * @throws IllegalArgumentException on a wrong length, non-finite values, AUTO, or a noise std without a noise
     *                                  parameter
     */
    public LaplacePosterior(BayesianModel model, String method, double[] theta, CurvatureStructure structure,
                            double[] covarianceFactor, double noiseLogScaleStd, LaplacePredictive predictive,
                            boolean linearizeScale, double priorPrecisionMultiplier, double logMarginalLikelihood,
                            Standardizer standardizer, Diagnostics diagnostics) {
        super(model, method, standardizer, diagnostics);
        Objects.requireNonNull(structure, "structure");
        this.predictive = Objects.requireNonNull(predictive, "predictive");
        if (structure == CurvatureStructure.AUTO) {
            throw new IllegalArgumentException("structure must be FULL or LAST_LAYER; resolve AUTO first");
        }
        if (theta.length != model.numParams()) {
            throw new IllegalArgumentException("theta must have length " + model.numParams() + " but had "
                    + theta.length);
        }
        requireFinite("theta", theta);
        requireFinite("covarianceFactor", covarianceFactor);
        this.structure = structure;
        this.first = structure.firstParameter(model.network().layout());
        this.q = model.numNetworkParams() - first;
        if (covarianceFactor.length != q * q) {
            throw new IllegalArgumentException("covarianceFactor must be [" + q + ", " + q + "] for a " + structure.id()
                    + " Laplace of this model but had " + covarianceFactor.length + " values");
        }
        if (!(noiseLogScaleStd >= 0) || !Double.isFinite(noiseLogScaleStd)
                || (noiseLogScaleStd > 0 && model.likelihood().numParams() != 1)) {
            throw new IllegalArgumentException("noiseLogScaleStd must be finite, >= 0, and 0 unless the likelihood "
                    + "has a learned noise scale, but was " + noiseLogScaleStd);
        }
        if (!(priorPrecisionMultiplier > 0) || !Double.isFinite(priorPrecisionMultiplier)) {
            throw new IllegalArgumentException("priorPrecisionMultiplier must be finite and > 0 but was "
                    + priorPrecisionMultiplier);
        }
        this.theta = theta.clone();
        this.factor = covarianceFactor.clone();
        this.noiseLogScaleStd = noiseLogScaleStd;
        this.linearizeScale = linearizeScale;
        this.priorPrecisionMultiplier = priorPrecisionMultiplier;
        this.logMarginalLikelihood = logMarginalLikelihood;
        this.jacobian = new OutputJacobian(model.network().spec(), structure);
    }

    /** @return a copy of the MAP, length {@code model().numParams()} (standardised space) */
    public double[] mapParameters() {
        return theta.clone();
    }

    /** @return FULL or LAST_LAYER */
    public CurvatureStructure structure() {
        return structure;
    }

    /** @return index of the first parameter the Gaussian covers (0 for FULL) */
    public int firstCoveredParameter() {
        return first;
    }

    /** @return number of covered parameters q */
    public int numCoveredParameters() {
        return q;
    }

    /** @return a copy of S, {@code [q, q]} row-major, with {@code S S'} the covariance of the covered parameters */
    public double[] covarianceFactor() {
        return factor.clone();
    }

    /** @return the covariance {@code S S'} of the covered parameters, a new {@code [q, q]} row-major array */
    public double[] covariance() {
        double[] c = new double[q * q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < q; k++) {
                    s += factor[i * q + k] * factor[j * q + k];
                }
                c[i * q + j] = s;
                c[j * q + i] = s;
            }
        }
        return c;
    }

    /** @return the std of {@code log s} of a learned homoskedastic noise with a prior, else 0 */
    public double noiseLogScaleStd() {
        return noiseLogScaleStd;
    }

    /** @return how predictions are made */
    public LaplacePredictive predictive() {
        return predictive;
    }

    /** @return whether the linearised predictive linearises the scale head */
    public boolean linearizeScale() {
        return linearizeScale;
    }

    /** @return the prior precision multiplier alpha of the Gaussian */
    public double priorPrecisionMultiplier() {
        return priorPrecisionMultiplier;
    }

    /** @return the Laplace log marginal likelihood at alpha, in nats, in the standardised units of the fit */
    public double logMarginalLikelihood() {
        return logMarginalLikelihood;
    }

    @Override
    protected double[] draw(int n, RandomGenerator rng) {
        int stride = theta.length;
        int p = model().numNetworkParams();
        double[] out = new double[n * stride];
        double[] eps = new double[q];
        for (int s = 0; s < n; s++) {
            int o = s * stride;
            System.arraycopy(theta, 0, out, o, stride);
            for (int k = 0; k < q; k++) {
                eps[k] = rng.nextGaussian();
            }
            for (int i = 0; i < q; i++) {
                double v = 0;
                int row = i * q;
                for (int k = 0; k < q; k++) {
                    v += factor[row + k] * eps[k];
                }
                out[o + first + i] += v;
            }
            if (noiseLogScaleStd > 0) {
                out[o + p] += noiseLogScaleStd * rng.nextGaussian();
            }
        }
        return out;
    }

    /**
     * Predictive distribution at new inputs, in original units, for given draws from the Gaussian (from
     * {@link #predictionDraws} or {@link #sampleParameters}): the linearised network (default), whose component k has
     * the mean {@code m*(x) + J_m(x) (draw_k - theta*)}, or the sampled nonlinear network. {@code predict(x, n, rng)}
     * is this method at {@code predictionDraws(n, rng)}.
     *
     * @param x     inputs {@code [B, inDim]} in original units, finite
     * @param draws parameter vectors {@code [m, numParams]} in the standardised space; not modified
     * @return the predictive distribution over {@code [m, B, D]}
     * @throws IllegalArgumentException on a shape mismatch or non-finite x
     */
    @Override
    public PredictiveDistribution predict(INDArray x, INDArray draws) {
        if (predictive == LaplacePredictive.SAMPLED) {
            return super.predict(x, draws);
        }
        int inDim = model().network().spec().inDim();
        double[] xs = Arrays2.matrix("x", x, -1, inDim, "pass inputs of shape [batch, " + inDim + "]");
        Arrays2.requireFinite("x", xs, inDim);
        int p = model().numParams();
        double[] theta = Arrays2.matrix("draws", draws, -1, p, "pass parameter vectors of shape [m, " + p + "]");
        int b = x.rows();
        Standardizer st = standardizer().orElse(null);
        if (st != null) {
            xs = st.transformX(xs, b);
        }
        PredictiveDistribution pd = linearized(theta, draws.rows(), xs, b);
        return st == null ? pd : pd.affine(st.yMean(), st.yStd());
    }

    /** The linearised predictive at the draws {@code [n, numParams]}, on standardised inputs {@code [b, inDim]}. */
    private PredictiveDistribution linearized(double[] draws, int n, double[] x, int b) {
        BayesianModel model = model();
        Likelihood lik = model.likelihood();
        boolean het = lik.heteroskedastic();
        ScaleTransform transform = model.network().spec().scaleTransform();
        int inDim = model.network().spec().inDim();
        int d = model.network().spec().outDim();
        int stride = theta.length;
        int p = model.numNetworkParams();
        double[] delta = new double[n * q];
        double[] noise = new double[n];
        NoiseDistribution[] family = new NoiseDistribution[n];
        for (int s = 0; s < n; s++) {
            family[s] = lik.noise(draws, s * stride + p);
            for (int k = 0; k < q; k++) {
                delta[s * q + k] = draws[s * stride + first + k] - theta[first + k];
            }
            noise[s] = het ? Double.NaN : lik.noiseScale(draws, s * stride + p);
        }
        int per = b * d;
        double[] mean = new double[n * per];
        double[] scale = new double[n * per];
        int tile = Math.min(OutputJacobian.TILE, b);
        double[] m0 = new double[tile * d];
        double[] r0 = het ? new double[tile * d] : null;
        double[] jm = new double[tile * d * q];
        double[] jr = het ? new double[tile * d * q] : null;
        boolean linScale = het && linearizeScale;
        for (int from = 0; from < b; from += tile) {
            int t = Math.min(tile, b - from);
            jacobian.evaluate(theta, Arrays.copyOfRange(x, from * inDim, (from + t) * inDim), t, m0, r0, jm,
                    linScale ? jr : null);
            for (int k = 0; k < t * d; k++) {
                int out = from * d + k;
                double s0 = het ? transform.apply(r0[k]) : Double.NaN;
                for (int s = 0; s < n; s++) {
                    mean[s * per + out] = m0[k] + dot(jm, k * q, delta, s * q, q);
                    if (linScale) {
                        scale[s * per + out] = transform.apply(r0[k] + dot(jr, k * q, delta, s * q, q));
                    } else {
                        scale[s * per + out] = het ? s0 : noise[s];
                    }
                }
            }
        }
        return PredictiveDistribution.of(mean, scale, family, n, b, d);
    }

    private static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s = 0;
        for (int k = 0; k < len; k++) {
            s += a[ao + k] * b[bo + k];
        }
        return s;
    }

    private static void requireFinite(String name, double[] v) {
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k])) {
                throw new IllegalArgumentException(name + "[" + k + "] = " + v[k]
                        + " must be finite; a fit must never return NaN parameters");
            }
        }
    }
}
