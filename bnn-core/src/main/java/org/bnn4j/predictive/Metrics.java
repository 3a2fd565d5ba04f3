package org.bnn4j.predictive;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scores of a {@link PredictiveDistribution} against targets {@code y [B, D]}: accuracy (RMSE), proper scoring
 * rules (log predictive density, CRPS) and calibration (interval coverage, width, calibration error).
 *
 * <pre>{@code
 * MetricsSummary m = Metrics.summarize(predictive, testY);
 * double ece = Metrics.calibrationError(predictive, testY);
 * }</pre>
 *
 * <p>References: Gneiting &amp; Raftery (2007), <i>Strictly proper scoring rules, prediction, and estimation</i>,
 * JASA 102 (log score, CRPS); Grimit et al. (2006), QJRMS 132 (CRPS of a Gaussian mixture); Kuleshov et al.
 * (2018), <i>Accurate uncertainties for deep learning using calibrated regression</i>, ICML (calibration error).
 */
public final class Metrics {

    /** Central-interval levels 0.1, 0.2, ..., 0.9: the decile grid of Kuleshov et al. (2018). */
    private static final double[] DEFAULT_CALIBRATION_LEVELS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    private static final double SUMMARY_LEVEL = 0.9;

    private Metrics() {
    }

    /** @return a new copy of the default calibration levels 0.1, 0.2, ..., 0.9 */
    public static double[] defaultCalibrationLevels() {
        return DEFAULT_CALIBRATION_LEVELS.clone();
    }

    /**
     * @param p predictive distribution over B points
     * @param y targets {@code [B, D]}, floating point, finite; not modified
     * @return {@code sqrt(mean_{b,d} (E[mu_bd] - y_bd)^2)}
     * @throws IllegalArgumentException if y has the wrong shape or dtype or holds NaN/Inf
     */
    public static double rmse(PredictiveDistribution p, INDArray y) {
        double[] yy = targets(p, y);
        double[] m = p.meanArray();
        double acc = 0.0;
        for (int i = 0; i < yy.length; i++) {
            double e = m[i] - yy[i];
            acc += e * e;
        }
        return Math.sqrt(acc / yy.length);
    }

    /**
     * @param p predictive distribution over B points
     * @param y targets {@code [B, D]}, floating point, finite; not modified
     * @return {@code mean_b log p(y_b)} (the joint density over the D outputs of each point)
     * @throws IllegalArgumentException if y has the wrong shape or dtype or holds NaN/Inf
     */
    public static double meanLogPredictiveDensity(PredictiveDistribution p, INDArray y) {
        double[] ld = p.logDensityArray(targets(p, y));
        double acc = 0.0;
        for (double v : ld) {
            acc += v;
        }
        return acc / ld.length;
    }

    /**
     * @param p predictive distribution over B points
     * @param y targets {@code [B, D]}; not modified
     * @return the negative of {@link #meanLogPredictiveDensity}
     * @throws IllegalArgumentException if y has the wrong shape or dtype or holds NaN/Inf
     */
    public static double nll(PredictiveDistribution p, INDArray y) {
        return -meanLogPredictiveDensity(p, y);
    }

    /**
     * Mean over points and outputs of the CRPS of each marginal mixture. Normal noise: in closed form
     * ({@code O(N^2)} per marginal) for up to 1000 samples; with more, the mean distance between distinct components
     * comes from a balanced design of ~500k pairs in which every sample appears equally often (everything else stays
     * exact; error ~1e-4 relative), so that a 4000-draw MCMC posterior is scored in seconds rather than minutes.
     * Other noise (Student-t): a single component's closed form ({@link NoiseDistribution#crps}); a mixture's CRPS
     * integrated from its CDF by adaptive Gauss-Kronrod quadrature (relative error about 1e-10), with the CDF of 1000
     * evenly spaced components beyond 1000 samples.
     *
     * @param p predictive distribution over B points
     * @param y targets {@code [B, D]}, floating point, finite; not modified
     * @return the mean CRPS, {@code >= 0}, in the targets' units
     * @throws IllegalArgumentException if y has the wrong shape or dtype or holds NaN/Inf
     */
    public static double crps(PredictiveDistribution p, INDArray y) {
        double[] yy = targets(p, y);
        double acc = 0.0;
        for (int i = 0; i < yy.length; i++) {
            acc += p.crpsAt(i, yy[i]);
        }
        return acc / yy.length;
    }

    /**
     * Fraction of targets inside their central interval. Computed from the tail probabilities of the targets,
     * without solving for the bounds: {@code y} lies in {@code [q_(1-l)/2, q_(1+l)/2]} exactly when
     * {@code F(y) >= (1-l)/2} and {@code 1 - F(y) >= (1-l)/2}, since each marginal CDF is continuous and
     * strictly increasing.
     *
     * @param p     predictive distribution over B points
     * @param y     targets {@code [B, D]}; not modified
     * @param level central-interval probability in {@code (0, 1)}
     * @return fraction of the {@code B * D} targets inside their central interval
     * @throws IllegalArgumentException if y is invalid or level is outside {@code (0, 1)}
     */
    public static double coverage(PredictiveDistribution p, INDArray y, double level) {
        Checks.requireLevel(level);
        return coverage(tailProbabilities(p, targets(p, y)), level);
    }

    /**
     * @param p     predictive distribution
     * @param level central-interval probability in {@code (0, 1)}
     * @return mean width of the central interval over points and outputs
     * @throws IllegalArgumentException if level is outside {@code (0, 1)}
     */
    public static double meanIntervalWidth(PredictiveDistribution p, double level) {
        return p.interval(level).meanWidth();
    }

    /**
     * Mean absolute miscalibration {@code mean_l |coverage(level_l) - level_l|} over the given levels.
     *
     * @param p      predictive distribution over B points
     * @param y      targets {@code [B, D]}; not modified
     * @param levels central-interval levels, each in {@code (0, 1)}, at least one; not modified
     * @return the calibration error, in {@code [0, 1)}
     * @throws IllegalArgumentException if y is invalid, levels is empty, or a level is outside {@code (0, 1)}
     */
    public static double calibrationError(PredictiveDistribution p, INDArray y, double[] levels) {
        Objects.requireNonNull(levels, "levels must not be null");
        if (levels.length == 0) {
            throw new IllegalArgumentException("levels must hold at least one level but was empty; pass e.g. "
                    + "Metrics.defaultCalibrationLevels()");
        }
        for (double l : levels) {
            Checks.requireLevel(l);
        }
        double[] tails = tailProbabilities(p, targets(p, y));
        double acc = 0.0;
        for (double l : levels) {
            acc += Math.abs(coverage(tails, l) - l);
        }
        return acc / levels.length;
    }

    /**
     * {@link #calibrationError(PredictiveDistribution, INDArray, double[])} at levels 0.1, 0.2, ..., 0.9.
     *
     * @param p predictive distribution over B points
     * @param y targets {@code [B, D]}; not modified
     * @return the calibration error
     * @throws IllegalArgumentException if y is invalid
     */
    public static double calibrationError(PredictiveDistribution p, INDArray y) {
        return calibrationError(p, y, DEFAULT_CALIBRATION_LEVELS);
    }

    /**
     * @param p predictive distribution over B points
     * @param y targets {@code [B, D]}; not modified
     * @return RMSE, NLL, CRPS and the coverage and mean width of the 90% central interval
     * @throws IllegalArgumentException if y is invalid
     */
    public static MetricsSummary summarize(PredictiveDistribution p, INDArray y) {
        return new MetricsSummary(rmse(p, y), nll(p, y), crps(p, y), coverage(p, y, SUMMARY_LEVEL),
                meanIntervalWidth(p, SUMMARY_LEVEL));
    }

    /** @return per target, {@code min(F(y), 1 - F(y))} of its marginal mixture, row-major {@code [B * D]} */
    private static double[] tailProbabilities(PredictiveDistribution p, double[] yy) {
        double[] tails = new double[yy.length];
        for (int i = 0; i < yy.length; i++) {
            double lower = p.cdfAt(i, yy[i]);
            double upper = p.survivalAt(i, yy[i]);
            tails[i] = Math.min(lower, upper);
        }
        return tails;
    }

    private static double coverage(double[] tails, double level) {
        double alpha = 0.5 * (1.0 - level);
        int inside = 0;
        for (double t : tails) {
            if (t >= alpha) {
                inside++;
            }
        }
        return (double) inside / tails.length;
    }

    private static double[] targets(PredictiveDistribution p, INDArray y) {
        return Objects.requireNonNull(p, "p must not be null").targets(y);
    }
}
