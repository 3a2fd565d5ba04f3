package org.bnn4j.predictive;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The posterior predictive distribution of a Bayesian regression model at B points: for each point an
 * equal-weight mixture of N diagonal Gaussians over the D outputs, one component per weight sample.
 *
 * <p>Built from per-sample predictions {@code mean [N, B, D]} and {@code scale [N, B, D]} (standard deviations).
 * N = 1 is a point estimate (MLE/MAP) and has zero epistemic variance. Values are copied on construction into
 * row-major {@code double[]} (flat index {@code (s * B + b) * D + d}); the object is immutable and every
 * accessor returns a new float64 array. One type serves every likelihood and inference method.
 *
 * <p>Moments follow the law of total variance: {@code Var[y] = E[sigma^2] + Var[mu]} (aleatoric + epistemic),
 * which is exactly the variance of the mixture. The epistemic part uses the population convention (1/N).
 *
 * <pre>{@code
 * INDArray mu = Nd4j.zeros(DataType.DOUBLE, 3, 5, 1);     // [N, B, D]
 * INDArray sigma = Nd4j.ones(DataType.DOUBLE, 3, 5, 1);
 * PredictiveDistribution p = PredictiveDistribution.of(mu, sigma);
 * INDArray total = p.totalVariance();                     // [B, D]
 * CentralInterval ci = p.interval(0.9);
 * }</pre>
 *
 * <p>References: Kendall &amp; Gal (2017), <i>What uncertainties do we need in Bayesian deep learning for
 * computer vision?</i>, NeurIPS (aleatoric/epistemic decomposition); Lakshminarayanan et al. (2017),
 * <i>Simple and scalable predictive uncertainty estimation using deep ensembles</i>, NeurIPS (mixture predictive).
 */
public final class PredictiveDistribution {

    private final double[] mu;
    private final double[] sigma;
    private final int n;
    private final int b;
    private final int d;

    private PredictiveDistribution(double[] mu, double[] sigma, int n, int b, int d) {
        this.mu = mu;
        this.sigma = sigma;
        this.n = n;
        this.b = b;
        this.d = d;
    }

    /**
     * @param mean  per-sample predictive means {@code [N, B, D]}, any floating-point dtype, finite; copied
     * @param scale per-sample predictive standard deviations {@code [N, B, D]}, finite and {@code > 0}; copied
     * @return the distribution
     * @throws IllegalArgumentException if either is not rank 3, the shapes differ, a dimension is 0, the dtype is
     *                                  not floating point, a value is NaN/Inf, or a scale is {@code <= 0}
     */
    public static PredictiveDistribution of(INDArray mean, INDArray scale) {
        Objects.requireNonNull(mean, "mean must not be null");
        Objects.requireNonNull(scale, "scale must not be null");
        if (mean.rank() != 3) {
            throw new IllegalArgumentException("mean must have rank 3 [numSamples, numPoints, outDim] but had shape "
                    + Arrays.toString(mean.shape()) + "; for a point estimate use shape [1, B, D]");
        }
        if (!Arrays.equals(mean.shape(), scale.shape())) {
            throw new IllegalArgumentException("mean and scale must have the same shape but had "
                    + Arrays.toString(mean.shape()) + " and " + Arrays.toString(scale.shape())
                    + "; pass one scale per mean");
        }
        long[] s = mean.shape();
        requireDims((int) s[0], (int) s[1], (int) s[2]);
        return build(Checks.toDoubles("mean", mean), Checks.toDoubles("scale", scale), (int) s[0], (int) s[1],
                (int) s[2]);
    }

    /**
     * @param mean       per-sample means, row-major {@code [numSamples * numPoints * outDim]}; copied
     * @param scale      per-sample standard deviations, same layout, {@code > 0}; copied
     * @param numSamples N, {@code >= 1}
     * @param numPoints  B, {@code >= 1}
     * @param outDim     D, {@code >= 1}
     * @return the distribution
     * @throws IllegalArgumentException if a dimension is {@code < 1}, a length is not {@code N*B*D}, a value is
     *                                  NaN/Inf, or a scale is {@code <= 0}
     */
    public static PredictiveDistribution of(double[] mean, double[] scale, int numSamples, int numPoints, int outDim) {
        Objects.requireNonNull(mean, "mean must not be null");
        Objects.requireNonNull(scale, "scale must not be null");
        requireDims(numSamples, numPoints, outDim);
        long len = (long) numSamples * numPoints * outDim;
        if (mean.length != len || scale.length != len) {
            throw new IllegalArgumentException("mean and scale must have numSamples*numPoints*outDim = " + len
                    + " values but had " + mean.length + " and " + scale.length + "; check the dimensions");
        }
        return build(mean.clone(), scale.clone(), numSamples, numPoints, outDim);
    }

    private static void requireDims(int numSamples, int numPoints, int outDim) {
        if (numSamples < 1 || numPoints < 1 || outDim < 1) {
            throw new IllegalArgumentException("numSamples, numPoints and outDim must all be >= 1 but were "
                    + numSamples + ", " + numPoints + ", " + outDim + "; pass at least one sample, point and output");
        }
    }

    /** Takes ownership of the arrays (callers pass copies) and validates the values. */
    private static PredictiveDistribution build(double[] mu, double[] sigma, int n, int b, int d) {
        Checks.requireFinite("mean", mu);
        Checks.requireFinite("scale", sigma);
        for (int i = 0; i < sigma.length; i++) {
            if (!(sigma[i] > 0.0)) {
                throw new IllegalArgumentException("scale must be > 0 but flat index " + i + " was " + sigma[i]
                        + "; pass standard deviations, floored at a small positive value");
            }
        }
        return new PredictiveDistribution(mu, sigma, n, b, d);
    }

    /** @return N, the number of weight samples (mixture components per point) */
    public int numSamples() {
        return n;
    }

    /** @return B, the number of points */
    public int numPoints() {
        return b;
    }

    /** @return D, the number of outputs */
    public int outDim() {
        return d;
    }

    /** @return a new float64 copy of the per-sample means {@code [N, B, D]} */
    public INDArray sampleMeans() {
        return Nd4j.create(mu.clone(), new long[] {n, b, d}, DataType.DOUBLE);
    }

    /** @return a new float64 copy of the per-sample standard deviations {@code [N, B, D]} */
    public INDArray sampleScales() {
        return Nd4j.create(sigma.clone(), new long[] {n, b, d}, DataType.DOUBLE);
    }

    /** @return the predictive mean {@code E[mu]} over samples, new float64 {@code [B, D]} */
    public INDArray mean() {
        return matrix(meanArray());
    }

    /** @return aleatoric variance {@code E[sigma^2]}, new float64 {@code [B, D]} */
    public INDArray aleatoricVariance() {
        return matrix(aleatoricArray());
    }

    /** @return epistemic variance {@code Var[mu]} (population, 1/N; zero when N = 1), new float64 {@code [B, D]} */
    public INDArray epistemicVariance() {
        return matrix(epistemicArray());
    }

    /** @return total variance = aleatoric + epistemic = the mixture variance, new float64 {@code [B, D]} */
    public INDArray totalVariance() {
        return matrix(totalArray());
    }

    /** @return {@code sqrt(aleatoricVariance())}, new float64 {@code [B, D]} */
    public INDArray aleatoricStd() {
        return matrix(sqrt(aleatoricArray()));
    }

    /** @return {@code sqrt(epistemicVariance())}, new float64 {@code [B, D]} */
    public INDArray epistemicStd() {
        return matrix(sqrt(epistemicArray()));
    }

    /** @return {@code sqrt(totalVariance())}, new float64 {@code [B, D]} */
    public INDArray totalStd() {
        return matrix(sqrt(totalArray()));
    }

    /**
     * Log density of each point's target under its mixture of diagonal Gaussians, by log-sum-exp:
     * {@code log p(y_b) = logsumexp_s(sum_d log N(y_bd; mu_sbd, sigma_sbd)) - log N}. Finite even when every
     * component density underflows.
     *
     * @param y targets {@code [B, D]}, floating point, finite; not modified
     * @return new float64 {@code [B]}
     * @throws IllegalArgumentException if y has the wrong shape or dtype or holds NaN/Inf
     */
    public INDArray logDensity(INDArray y) {
        return Nd4j.create(logDensityArray(targets(y)), new long[] {b}, DataType.DOUBLE);
    }

    /**
     * Marginal mixture CDF {@code F_bd(y_bd) = (1/N) sum_s Phi((y_bd - mu_sbd) / sigma_sbd)}, e.g. for PIT values.
     *
     * @param y targets {@code [B, D]}, floating point, finite; not modified
     * @return new float64 {@code [B, D]} with values in {@code [0, 1]}
     * @throws IllegalArgumentException if y has the wrong shape or dtype or holds NaN/Inf
     */
    public INDArray cdf(INDArray y) {
        double[] yy = targets(y);
        double[] out = new double[b * d];
        for (int i = 0; i < out.length; i++) {
            out[i] = MixtureMath.cdf(mu, sigma, i, b * d, n, yy[i]);
        }
        return matrix(out);
    }

    /**
     * Central interval of each marginal mixture: the {@code (1 - level)/2} and {@code (1 + level)/2} quantiles,
     * found by Brent's method to about 1e-12 of the bracket width.
     *
     * @param level probability mass inside the interval, in {@code (0, 1)}, e.g. 0.9
     * @return the interval bounds, each {@code [B, D]}
     * @throws IllegalArgumentException unless {@code 0 < level < 1}
     */
    public CentralInterval interval(double level) {
        Checks.requireLevel(level);
        double alpha = 0.5 * (1.0 - level);
        double[] lower = new double[b * d];
        double[] upper = new double[b * d];
        for (int i = 0; i < lower.length; i++) {
            lower[i] = MixtureMath.tailQuantile(mu, sigma, i, b * d, n, alpha, false);
            upper[i] = MixtureMath.tailQuantile(mu, sigma, i, b * d, n, alpha, true);
        }
        return new CentralInterval(level, lower, upper, b, d);
    }

    /**
     * Draws k joint predictions. Each draw picks one component (weight sample) uniformly and shares it across all
     * points, so a draw is a sampled function plus independent Gaussian noise; every point's marginal is its mixture.
     *
     * @param rng random generator, advanced by the call
     * @param k   number of draws, {@code >= 1}
     * @return new float64 {@code [k, B, D]}
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public INDArray sample(RandomGenerator rng, int k) {
        Objects.requireNonNull(rng, "rng must not be null");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1 but was " + k + "; ask for at least one draw");
        }
        int per = b * d;
        double[] out = new double[k * per];
        for (int j = 0; j < k; j++) {
            int base = rng.nextInt(n) * per;
            for (int i = 0; i < per; i++) {
                out[j * per + i] = mu[base + i] + sigma[base + i] * rng.nextGaussian();
            }
        }
        return Nd4j.create(out, new long[] {k, b, d}, DataType.DOUBLE);
    }

    /**
     * Maps every component through {@code y' = y * scale[d] + shift[d]}: {@code mu' = mu * scale + shift},
     * {@code sigma' = sigma * |scale|}, e.g. to undo target standardisation.
     *
     * @param shift per-output shift, length D, finite; not modified
     * @param scale per-output factor, length D, finite and non-zero; not modified
     * @return a new distribution in the transformed units
     * @throws IllegalArgumentException if a length is not D, a value is NaN/Inf, or a factor is 0
     */
    public PredictiveDistribution affine(double[] shift, double[] scale) {
        Objects.requireNonNull(shift, "shift must not be null");
        Objects.requireNonNull(scale, "scale must not be null");
        if (shift.length != d || scale.length != d) {
            throw new IllegalArgumentException("shift and scale must have outDim = " + d + " values but had "
                    + shift.length + " and " + scale.length + "; pass one value per output");
        }
        Checks.requireFinite("shift", shift);
        Checks.requireFinite("scale", scale);
        for (int j = 0; j < d; j++) {
            if (scale[j] == 0.0) {
                throw new IllegalArgumentException("scale must be non-zero but output " + j
                        + " was 0.0; a zero factor collapses the distribution");
            }
        }
        double[] m = new double[mu.length];
        double[] s = new double[sigma.length];
        for (int j = 0; j < d; j++) { // strided per output: no index modulo in the loop, and for D = 1 it vectorises
            double a = scale[j];
            double c = shift[j];
            double abs = Math.abs(a);
            for (int i = j; i < m.length; i += d) {
                m[i] = mu[i] * a + c;
                s[i] = sigma[i] * abs;
            }
        }
        return build(m, s, n, b, d);
    }

    /**
     * @param points point indices (may repeat), each in {@code [0, B)}; not modified
     * @return a new distribution over those points, in that order
     * @throws IllegalArgumentException if points is empty or an index is out of range
     */
    public PredictiveDistribution select(int[] points) {
        Objects.requireNonNull(points, "points must not be null");
        if (points.length == 0) {
            throw new IllegalArgumentException("select needs at least one point index; pass a non-empty array");
        }
        int nb = points.length;
        double[] m = new double[n * nb * d];
        double[] s = new double[n * nb * d];
        for (int k = 0; k < nb; k++) {
            int p = points[k];
            if (p < 0 || p >= b) {
                throw new IllegalArgumentException("point index " + p + " at position " + k + " is outside [0, " + b
                        + "); pass indices of existing points");
            }
            for (int smp = 0; smp < n; smp++) {
                System.arraycopy(mu, (smp * b + p) * d, m, (smp * nb + k) * d, d);
                System.arraycopy(sigma, (smp * b + p) * d, s, (smp * nb + k) * d, d);
            }
        }
        return new PredictiveDistribution(m, s, n, nb, d);
    }

    @Override
    public String toString() {
        return "PredictiveDistribution[numSamples=" + n + ", numPoints=" + b + ", outDim=" + d + "]";
    }

    // ---- package-private array views for Metrics (never exposed, never mutated) ----

    double[] muArray() {
        return mu;
    }

    double[] sigmaArray() {
        return sigma;
    }

    double[] targets(INDArray y) {
        return Checks.finiteCopy("y", y, new long[] {b, d});
    }

    double[] meanArray() {
        return Moments.mean(mu, n);
    }

    double[] logDensityArray(double[] y) {
        return MixtureMath.logDensities(mu, sigma, n, b, d, y);
    }

    private double[] totalArray() {
        double[] a = aleatoricArray();
        double[] e = epistemicArray();
        for (int i = 0; i < a.length; i++) {
            a[i] += e[i];
        }
        return a;
    }

    private double[] aleatoricArray() {
        return Moments.meanSquare(sigma, n);
    }

    private double[] epistemicArray() {
        return Moments.variance(mu, n);
    }

    private static double[] sqrt(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sqrt(v[i]);
        }
        return v;
    }

    private INDArray matrix(double[] v) {
        return Nd4j.create(v, new long[] {b, d}, DataType.DOUBLE);
    }
}
