package org.bnn4j.inference.internal;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.Likelihood;
import org.bnn4j.predictive.PredictiveDistribution;

/**
 * Rows a point fit holds out of its training data (in the space it is fitted in, standardised when the fit
 * standardises): its early-stopping score ({@link org.bnn4j.inference.internal.EarlyStopping}) and, for a learned
 * homoskedastic noise, a noise scale estimated on rows the fit did not see. Used by deep-ensemble members. Immutable.
 */
public final class HeldOutRows {

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final BayesianModel model;
    private final double[] x;
    private final double[] y;
    private final int n;
    private final int d;

    /**
     * @param model the model
     * @param rows  the held-out rows, at least one (copied)
     */
    public HeldOutRows(BayesianModel model, Dataset rows) {
        this(model, rows, null, IntStream.range(0, rows.size()).toArray());
    }

    /**
     * Gathers the held-out rows from the data set and standardises them, bit for bit the rows of
     * {@code standardizer.transform(data).subset(rows)} without a standardised copy of the data set.
     *
     * @param model        the model
     * @param data         the data set in original units (read, never modified, not kept)
     * @param standardizer the statistics the fit standardises with, or null when it does not
     * @param rows         the held-out rows' indices, at least one, each in {@code [0, data.size())}
     * @throws IllegalArgumentException if there are no rows or an index is out of range
     */
    public HeldOutRows(BayesianModel model, Dataset data, Standardizer standardizer, int[] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("hold out at least one row; pass a non-empty index array");
        }
        this.model = model;
        this.n = rows.length;
        this.d = data.outDim();
        this.x = new double[n * data.inDim()];
        this.y = new double[n * d];
        data.gatherRows(rows, n, x, y);
        if (standardizer != null) {
            standardizer.transformXInPlace(x, n);
            standardizer.transformYInPlace(y, n);
        }
    }

    /** @return whether the model's noise is one learned scale, which the held-out rows then set */
    public static boolean learnedNoise(BayesianModel model) {
        Likelihood lik = model.likelihood();
        return !lik.heteroskedastic() && lik.numParams() == 1;
    }

    /**
     * The mean held-out log-likelihood per row and output: with a learned homoskedastic noise at the held-out root
     * mean squared residual (its maximum-likelihood value on these rows, {@code -1/2 log(2 pi e MSE)}), otherwise
     * with the model's own scale.
     *
     * @param theta a parameter vector, length {@code model.numParams()}
     * @return the score (nats per target), higher is better
     */
    public double score(double[] theta) {
        PredictiveDistribution p = model.predictive(theta, 1, x, n);
        double[] mean = p.sampleMeans().data().asDouble();
        if (learnedNoise(model)) {
            return -HALF_LOG_2PI - 0.5 * Math.log(meanSquaredResidual(mean)) - 0.5;
        }
        double[] scale = p.sampleScales().data().asDouble();
        double s = 0;
        for (int k = 0; k < n * d; k++) {
            double z = (y[k] - mean[k]) / scale[k];
            s += -HALF_LOG_2PI - Math.log(scale[k]) - 0.5 * z * z;
        }
        return s / (n * d);
    }

    /**
     * @param theta a parameter vector, length {@code model.numParams()}
     * @return the held-out root mean squared residual of its mean (the space the member is fitted in)
     */
    public double rmsResidual(double[] theta) {
        double[] mean = model.predictive(theta, 1, x, n).sampleMeans().data().asDouble();
        return Math.sqrt(meanSquaredResidual(mean));
    }

    /**
     * A random split of {@code n} rows into fitted and held-out rows.
     *
     * @param n        rows, {@code >= 2}
     * @param fraction fraction held out, in (0, 1)
     * @param rng      the random source of the split
     * @return {@code {fitted rows, held-out rows}}, each ascending; {@code round(fraction n)} rows held out, at least
     *         one and at most {@code n - 1}
     * @throws IllegalArgumentException if there are fewer than 2 rows
     */
    public static int[][] split(int n, double fraction, SplittableRandom rng) {
        if (n < 2) {
            throw new IllegalArgumentException("holding rows out needs at least 2 training rows but there were " + n
                    + "; set holdout(0)");
        }
        int h = Math.min(n - 1, Math.max(1, (int) Math.round(fraction * n)));
        int[] perm = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = Arrays.copyOfRange(perm, 0, h);
        int[] in = Arrays.copyOfRange(perm, h, n);
        Arrays.sort(out);
        Arrays.sort(in);
        return new int[][] {in, out};
    }

    private double meanSquaredResidual(double[] mean) {
        double s = 0;
        for (int k = 0; k < n * d; k++) {
            double r = y[k] - mean[k];
            s += r * r;
        }
        return Math.max(s / (n * d), Double.MIN_NORMAL);
    }
}
