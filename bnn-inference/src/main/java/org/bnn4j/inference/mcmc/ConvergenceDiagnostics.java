package org.bnn4j.inference.mcmc;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import org.apache.commons.math3.complex.Complex;

/**
 * Convergence diagnostics over a scalar quantity drawn by several chains, {@code draws[chain][draw]}:
 * rank-normalised split R-hat and bulk effective sample size.
 *
 * <p>Chains are split in halves (the middle draw of an odd-length chain is dropped), draws are replaced by
 * the normal scores of their pooled ranks {@code Phi^-1((r - 3/8) / (S + 1/4))}, ties averaged. R-hat is
 * the maximum of the split R-hat of these scores and of the scores of the folded draws
 * {@code |x - median|}. ESS uses autocovariances computed by FFT, combined across chains, and truncated by
 * Geyer's initial monotone sequence with the improved (antithetic-aware) end-point of the {@code posterior}
 * R package.
 *
 * <p>References: Vehtari, Gelman, Simpson, Carpenter &amp; Bürkner (2021), Rank-normalization, folding, and
 * localization: an improved R-hat for assessing convergence of MCMC, Bayesian Analysis 16(2), 667-718;
 * Geyer (1992), Practical Markov chain Monte Carlo, Statistical Science 7(4); Gelman et al. (2013),
 * Bayesian Data Analysis, 3rd ed., Sec. 11.4-11.5.
 */
public final class ConvergenceDiagnostics {

    /** Fewest draws per chain the diagnostics accept (two halves of two draws each). */
    public static final int MIN_DRAWS = 4;
    /** Largest split R-hat taken as converged; Vehtari et al. (2021) recommend using a sample only below 1.01. */
    public static final double MAX_RHAT = 1.01;
    /**
     * Smallest bulk ESS per chain taken as enough for reliable R-hat and summaries; Vehtari et al. (2021) recommend
     * at least 100 per chain (400 for four chains).
     */
    public static final int MIN_BULK_ESS_PER_CHAIN = 100;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private ConvergenceDiagnostics() {
    }

    /**
     * Rank-normalised split R-hat: {@code max(bulk, folded)} as recommended by Vehtari et al. (2021).
     *
     * @param draws shape {@code [chains, draws]}, at least 4 draws per chain; not modified
     * @return R-hat, close to 1 for converged chains ({@code < 1.01} recommended); {@code NaN} if constant
     * @throws IllegalArgumentException on ragged input or fewer than 4 draws per chain
     */
    public static double splitRHat(double[][] draws) {
        double[][] split = split(draws);
        double bulk = basicRHat(rankNormalize(split));
        double median = median(split);
        double[][] folded = new double[split.length][];
        for (int c = 0; c < split.length; c++) {
            folded[c] = new double[split[c].length];
            for (int i = 0; i < split[c].length; i++) {
                folded[c][i] = Math.abs(split[c][i] - median);
            }
        }
        return Math.max(bulk, basicRHat(rankNormalize(folded)));
    }

    /**
     * Bulk effective sample size: the ESS of the rank-normalised split chains (Vehtari et al. 2021).
     *
     * @param draws shape {@code [chains, draws]}, at least 4 draws per chain; not modified
     * @return the bulk ESS, at most {@code S log10(S)} for {@code S} total draws
     * @throws IllegalArgumentException on ragged input or fewer than 4 draws per chain
     */
    public static double bulkEss(double[][] draws) {
        return ess(rankNormalize(split(draws)));
    }

    /**
     * Split-chain ESS of the raw draws (for the Monte Carlo standard error of a mean: {@code sd / sqrt(ess)}).
     *
     * @param draws shape {@code [chains, draws]}, at least 4 draws per chain; not modified
     * @return the ESS
     * @throws IllegalArgumentException on ragged input or fewer than 4 draws per chain
     */
    public static double meanEss(double[][] draws) {
        return ess(split(draws));
    }

    /** Splits each chain in two halves, dropping the middle draw of odd-length chains. */
    static double[][] split(double[][] draws) {
        if (draws == null || draws.length == 0) {
            throw new IllegalArgumentException("draws must hold at least one chain; pass double[chains][draws]");
        }
        int n = draws[0].length;
        for (double[] chain : draws) {
            if (chain.length != n) {
                throw new IllegalArgumentException("all chains must have the same number of draws but had "
                        + n + " and " + chain.length + "; truncate chains to a common length");
            }
        }
        if (n < MIN_DRAWS) {
            throw new IllegalArgumentException("need at least 4 draws per chain but had " + n + "; run longer chains");
        }
        int half = n / 2;
        double[][] out = new double[2 * draws.length][];
        for (int c = 0; c < draws.length; c++) {
            out[2 * c] = Arrays.copyOfRange(draws[c], 0, half);
            out[2 * c + 1] = Arrays.copyOfRange(draws[c], n - half, n);
        }
        return out;
    }

    /** Normal scores of pooled average ranks (Blom's offset 3/8). */
    static double[][] rankNormalize(double[][] x) {
        int m = x.length;
        int n = x[0].length;
        int s = m * n;
        double[] values = new double[s];
        Integer[] order = new Integer[s];
        for (int c = 0; c < m; c++) {
            System.arraycopy(x[c], 0, values, c * n, n);
        }
        for (int i = 0; i < s; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[s];
        int i = 0;
        while (i < s) {
            int j = i;
            while (j + 1 < s && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = avg;
            }
            i = j + 1;
        }
        double[][] z = new double[m][n];
        for (int c = 0; c < m; c++) {
            for (int t = 0; t < n; t++) {
                z[c][t] = STANDARD_NORMAL.inverseCumulativeProbability((ranks[c * n + t] - 0.375) / (s + 0.25));
            }
        }
        return z;
    }

    /** Split R-hat of already split chains: {@code sqrt(((n-1)/n W + B/n) / W)}. */
    static double basicRHat(double[][] x) {
        int m = x.length;
        int n = x[0].length;
        double[] means = new double[m];
        double w = 0;
        for (int c = 0; c < m; c++) {
            means[c] = mean(x[c]);
            w += variance(x[c], means[c]);
        }
        w /= m;
        double bOverN = m > 1 ? variance(means, mean(means)) : 0.0;
        double varPlus = (n - 1.0) / n * w + bOverN;
        return Math.sqrt(varPlus / w);
    }

    /** ESS of already split chains (Vehtari et al. 2021, Sec. 3.2; posterior's {@code ess_rfun}). */
    static double ess(double[][] x) {
        int m = x.length;
        int n = x[0].length;
        double[][] acov = new double[m][];
        double[] means = new double[m];
        double meanVar = 0;
        for (int c = 0; c < m; c++) {
            means[c] = mean(x[c]);
            acov[c] = autocovariance(x[c], means[c]);
            meanVar += acov[c][0] * n / (n - 1.0);
        }
        meanVar /= m;
        double varPlus = meanVar * (n - 1.0) / n;
        if (m > 1) {
            varPlus += variance(means, mean(means));
        }
        double[] rho = new double[n];
        int t = 0;
        double rhoEven = 1.0;
        rho[0] = rhoEven;
        double rhoOdd = 1.0 - (meanVar - meanAcov(acov, 1)) / varPlus;
        rho[1] = rhoOdd;
        while (t < n - 5 && !Double.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
            t += 2;
            rhoEven = 1.0 - (meanVar - meanAcov(acov, t)) / varPlus;
            rhoOdd = 1.0 - (meanVar - meanAcov(acov, t + 1)) / varPlus;
            if (rhoEven + rhoOdd >= 0) {
                rho[t] = rhoEven;
                rho[t + 1] = rhoOdd;
            }
        }
        int maxT = t;
        if (rhoEven > 0) {
            rho[maxT] = rhoEven;
        }
        t = 0;
        while (t <= maxT - 4) {
            t += 2;
            if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
                rho[t] = (rho[t - 2] + rho[t - 1]) / 2.0;
                rho[t + 1] = rho[t];
            }
        }
        double total = (double) m * n;
        double tau = -1.0;
        for (int k = 0; k < maxT; k++) {
            tau += 2.0 * rho[k];
        }
        tau += rho[maxT];
        tau = Math.max(tau, 1.0 / Math.log10(total));
        return total / tau;
    }

    private static double meanAcov(double[][] acov, int lag) {
        double s = 0;
        for (double[] a : acov) {
            s += a[lag];
        }
        return s / acov.length;
    }

    /** Biased autocovariance {@code (1/n) sum (x_i - mean)(x_{i+lag} - mean)} for all lags, via FFT. */
    static double[] autocovariance(double[] x, double mean) {
        int n = x.length;
        int size = Integer.highestOneBit(Math.max(1, 2 * n - 1));
        if (size < 2 * n) {
            size <<= 1;
        }
        double[] padded = new double[size];
        for (int i = 0; i < n; i++) {
            padded[i] = x[i] - mean;
        }
        FastFourierTransformer fft = new FastFourierTransformer(DftNormalization.STANDARD);
        Complex[] f = fft.transform(padded, TransformType.FORWARD);
        for (int i = 0; i < f.length; i++) {
            f[i] = new Complex(f[i].getReal() * f[i].getReal() + f[i].getImaginary() * f[i].getImaginary(), 0);
        }
        Complex[] r = fft.transform(f, TransformType.INVERSE);
        double[] acov = new double[n];
        for (int k = 0; k < n; k++) {
            acov[k] = r[k].getReal() / n;
        }
        return acov;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(double[] x, double mean) {
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s / (x.length - 1);
    }

    private static double median(double[][] x) {
        double[] all = Arrays.stream(x).flatMapToDouble(Arrays::stream).sorted().toArray();
        int s = all.length;
        return s % 2 == 1 ? all[s / 2] : 0.5 * (all[s / 2 - 1] + all[s / 2]);
    }
}
