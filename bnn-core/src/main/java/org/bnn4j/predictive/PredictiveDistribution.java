package org.bnn4j.predictive;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The posterior predictive distribution of a Bayesian regression model at B points: for each point an
 * equal-weight mixture of N components over the D outputs, one per weight sample, each output of component s
 * distributed as {@code mu_sbd + sigma_sbd Z} with Z from the sample's {@link NoiseDistribution} (the likelihood's
 * family: {@link NormalNoise} for the Gaussian likelihoods, {@link StudentTNoise} for the Student-t ones), the D
 * outputs independent given the sample.
 *
 * <p>Built from per-sample predictions {@code mean [N, B, D]} (locations) and {@code scale [N, B, D]} (scales; the
 * standard deviations for Normal noise) and one noise distribution per sample. N = 1 is a point estimate
 * (MLE/MAP) and has zero epistemic variance. Values are copied on construction into row-major {@code double[]}
 * (flat index {@code (s * B + b) * D + d}); the object is immutable and every accessor returns a new float64
 * array. One type serves every likelihood and inference method. Normal mixtures use closed forms throughout
 * ({@link MixtureMath}); other families use the distribution's own CDF, quantile and CRPS, and quadrature for the
 * CRPS of a mixture ({@link NoiseMixtureMath}).
 *
 * <p>Moments follow the law of total variance: {@code Var[y] = E[sigma^2 Var Z] + Var[mu]} (aleatoric +
 * epistemic), which is exactly the variance of the mixture ({@code Var Z = 1} for Normal noise, so the aleatoric
 * part is {@code E[sigma^2]}). Where a sample's {@code Var Z} is undefined (a Student-t with {@code nu <= 2}) the
 * aleatoric and total variances are NaN: the mixture has no finite variance; its density, CDF, intervals and CRPS
 * are still defined. The epistemic part uses the population convention (1/N).
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
    /** Per sample, its noise distribution; null when every component is Normal (the closed-form paths). */
    private final NoiseDistribution[] noise;
    private final int n;
    private final int b;
    private final int d;

    private PredictiveDistribution(double[] mu, double[] sigma, NoiseDistribution[] noise, int n, int b, int d) {
        this.mu = mu;
        this.sigma = sigma;
        this.noise = noise;
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
        return build(Checks.toDoubles("mean", mean), Checks.toDoubles("scale", scale), null, (int) s[0], (int) s[1],
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
        return build(mean.clone(), scale.clone(), null, numSamples, numPoints, outDim);
    }

    /**
     * A mixture whose components have the given noise distributions, one per weight sample: output d of component s
     * at point b is {@code mean[s, b, d] + scale[s, b, d] Z} with {@code Z ~ noise[s]}.
     *
     * @param mean       per-sample locations, row-major {@code [numSamples * numPoints * outDim]}; copied
     * @param scale      per-sample scales, same layout, {@code > 0}; copied
     * @param noise      per sample, its standardised noise distribution, length numSamples, no nulls; copied
     * @param numSamples N, {@code >= 1}
     * @param numPoints  B, {@code >= 1}
     * @param outDim     D, {@code >= 1}
     * @return the distribution
     * @throws IllegalArgumentException if a dimension is {@code < 1}, a length is wrong, a value is NaN/Inf, a scale
     *                                  is {@code <= 0}, or a noise distribution is null
     */
    public static PredictiveDistribution of(double[] mean, double[] scale, NoiseDistribution[] noise, int numSamples,
                                            int numPoints, int outDim) {
        Objects.requireNonNull(noise, "noise must not be null; pass one NoiseDistribution per sample");
        PredictiveDistribution normal = of(mean, scale, numSamples, numPoints, outDim);
        if (noise.length != numSamples) {
            throw new IllegalArgumentException("noise must have one distribution per sample (" + numSamples
                    + ") but had " + noise.length + "; pass e.g. a filled array of NormalNoise.INSTANCE");
        }
        boolean allNormal = true;
        for (int s = 0; s < noise.length; s++) {
            if (noise[s] == null) {
                throw new IllegalArgumentException("noise[" + s + "] is null; pass a NoiseDistribution for every "
                        + "sample");
            }
            allNormal &= noise[s] instanceof NormalNoise;
        }
        return allNormal ? normal
                : new PredictiveDistribution(normal.mu, normal.sigma, noise.clone(), numSamples, numPoints, outDim);
    }

    private static void requireDims(int numSamples, int numPoints, int outDim) {
        if (numSamples < 1 || numPoints < 1 || outDim < 1) {
            throw new IllegalArgumentException("numSamples, numPoints and outDim must all be >= 1 but were "
                    + numSamples + ", " + numPoints + ", " + outDim + "; pass at least one sample, point and output");
        }
    }

    /** Takes ownership of the arrays (callers pass copies) and validates the values. */
    private static PredictiveDistribution build(double[] mu, double[] sigma, NoiseDistribution[] noise, int n, int b,
                                                int d) {
        Checks.requireFinite("mean", mu);
        Checks.requireFinite("scale", sigma);
        for (int i = 0; i < sigma.length; i++) {
            if (!(sigma[i] > 0.0)) {
                throw new IllegalArgumentException("scale must be > 0 but flat index " + i + " was " + sigma[i]
                        + "; pass standard deviations, floored at a small positive value");
            }
        }
        return new PredictiveDistribution(mu, sigma, noise, n, b, d);
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

    /** @return a new float64 copy of the per-sample scales {@code [N, B, D]} (standard deviations for Normal noise) */
    public INDArray sampleScales() {
        return Nd4j.create(sigma.clone(), new long[] {n, b, d}, DataType.DOUBLE);
    }

    /**
     * @param sample a sample index in {@code [0, N)}
     * @return the standardised noise distribution of that sample's components
     * @throws IndexOutOfBoundsException if sample is outside {@code [0, N)}
     */
    public NoiseDistribution noise(int sample) {
        Objects.checkIndex(sample, n);
        return noise == null ? NormalNoise.INSTANCE : noise[sample];
    }

    /** @return the predictive mean {@code E[mu]} over samples, new float64 {@code [B, D]} */
    public INDArray mean() {
        return matrix(meanArray());
    }

    /**
     * @return aleatoric variance {@code E[sigma^2 Var Z]} ({@code E[sigma^2]} for Normal noise), new float64
     *         {@code [B, D]}; NaN where a sample's noise has no finite variance (Student-t with {@code nu <= 2})
     */
    public INDArray aleatoricVariance() {
        return matrix(aleatoricArray());
    }

    /** @return epistemic variance {@code Var[mu]} (population, 1/N; zero when N = 1), new float64 {@code [B, D]} */
    public INDArray epistemicVariance() {
        return matrix(epistemicArray());
    }

    /**
     * @return total variance = aleatoric + epistemic = the mixture variance, new float64 {@code [B, D]}; NaN where
     *         the aleatoric variance is undefined
     */
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
     * Log density of each point's target under its mixture, by log-sum-exp:
     * {@code log p(y_b) = logsumexp_s(sum_d log p_s(y_bd)) - log N} with {@code p_s} the density of
     * {@code mu_sbd + sigma_sbd Z_s} ({@code N(y; mu, sigma^2)} for Normal noise). Finite even when every
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
     * Marginal mixture CDF {@code F_bd(y_bd) = (1/N) sum_s F_s((y_bd - mu_sbd) / sigma_sbd)} with {@code F_s} the CDF
     * of sample s's noise ({@code Phi} for Normal noise), e.g. for PIT values.
     *
     * @param y targets {@code [B, D]}, floating point, finite; not modified
     * @return new float64 {@code [B, D]} with values in {@code [0, 1]}
     * @throws IllegalArgumentException if y has the wrong shape or dtype or holds NaN/Inf
     */
    public INDArray cdf(INDArray y) {
        double[] yy = targets(y);
        double[] out = new double[b * d];
        for (int i = 0; i < out.length; i++) {
            out[i] = cdfAt(i, yy[i]);
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
        if (noise == null) {
            for (int i = 0; i < lower.length; i++) {
                lower[i] = MixtureMath.tailQuantile(mu, sigma, i, b * d, n, alpha, false);
                upper[i] = MixtureMath.tailQuantile(mu, sigma, i, b * d, n, alpha, true);
            }
            return new CentralInterval(level, lower, upper, b, d);
        }
        double[] qLower = new double[n];
        double[] qUpper = new double[n];
        for (int s = 0; s < n; s++) { // one quantile per sample, not per point
            qLower[s] = noise[s].quantile(alpha);
            qUpper[s] = noise[s].quantile(1.0 - alpha);
        }
        for (int i = 0; i < lower.length; i++) {
            lower[i] = NoiseMixtureMath.tailQuantile(mu, sigma, noise, qLower, i, b * d, n, alpha, false);
            upper[i] = NoiseMixtureMath.tailQuantile(mu, sigma, noise, qUpper, i, b * d, n, alpha, true);
        }
        return new CentralInterval(level, lower, upper, b, d);
    }

    /**
     * Draws k joint predictions. Each draw picks one component (weight sample) uniformly and shares it across all
     * points, so a draw is a sampled function plus independent noise from that sample's distribution; every point's
     * marginal is its mixture.
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
            int component = rng.nextInt(n);
            int base = component * per;
            for (int i = 0; i < per; i++) {
                double z = noise == null ? rng.nextGaussian() : noise[component].sample(rng);
                out[j * per + i] = mu[base + i] + sigma[base + i] * z;
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
        return build(m, s, noise, n, b, d);
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
        return new PredictiveDistribution(m, s, noise, n, nb, d);
    }

    @Override
    public String toString() {
        return "PredictiveDistribution[numSamples=" + n + ", numPoints=" + b + ", outDim=" + d + "]";
    }

    // ---- package-private array views for Metrics (never exposed, never mutated) ----

    double[] targets(INDArray y) {
        return Checks.finiteCopy("y", y, new long[] {b, d});
    }

    double[] meanArray() {
        return Moments.mean(mu, n);
    }

    double[] logDensityArray(double[] y) {
        return noise == null ? MixtureMath.logDensities(mu, sigma, n, b, d, y)
                : NoiseMixtureMath.logDensities(mu, sigma, noise, n, b, d, y);
    }

    /** @return the CDF of marginal {@code i} (flat index {@code b * D + d}) at y */
    double cdfAt(int i, double y) {
        return noise == null ? MixtureMath.cdf(mu, sigma, i, b * d, n, y)
                : NoiseMixtureMath.cdf(mu, sigma, noise, i, b * d, n, y);
    }

    /** @return the survival function {@code 1 - F} of marginal {@code i} at y, without cancellation */
    double survivalAt(int i, double y) {
        return noise == null ? MixtureMath.survival(mu, sigma, i, b * d, n, y)
                : NoiseMixtureMath.survival(mu, sigma, noise, i, b * d, n, y);
    }

    /** @return the CRPS of marginal {@code i} at y */
    double crpsAt(int i, double y) {
        return noise == null ? MixtureMath.crps(mu, sigma, i, b * d, n, y)
                : NoiseMixtureMath.crps(mu, sigma, noise, i, b * d, n, y);
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
        if (noise == null) {
            return Moments.meanSquare(sigma, n);
        }
        int per = b * d;
        double[] out = new double[per];
        for (int s = 0; s < n; s++) {
            double v = noise[s].variance();
            for (int i = 0; i < per; i++) {
                double sg = sigma[s * per + i];
                out[i] += sg * sg * v;
            }
        }
        for (int i = 0; i < per; i++) {
            out[i] /= n;
        }
        return out;
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
