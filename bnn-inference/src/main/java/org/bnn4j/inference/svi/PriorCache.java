package org.bnn4j.inference.svi;

import org.bnn4j.model.DiagonalNormal;

/**
 * The arrays a guide's closed-form KL reads from its diagonal Normal prior (means, variances, log standard
 * deviations), computed once per prior instead of once per step. Not thread-safe, like the guide instance that owns
 * it.
 */
final class PriorCache {
    private final int dimension;
    private DiagonalNormal prior;
    private double[] loc;
    private double[] variance;
    private double[] logStd;

    /** @param dimension the guide's latent dimensions L */
    PriorCache(int dimension) {
        this.dimension = dimension;
    }

    private void refresh(DiagonalNormal p) {
        if (p == prior) {
            return;
        }
        if (p.dimension() != dimension) {
            throw new IllegalArgumentException("the prior has " + p.dimension() + " dimensions but the guide "
                    + dimension + "; pass the prior over the guide's latent dimensions");
        }
        double[] std = p.std();
        loc = p.loc();
        variance = new double[std.length];
        logStd = new double[std.length];
        for (int i = 0; i < std.length; i++) {
            variance[i] = std[i] * std[i];
            logStd[i] = Math.log(std[i]);
        }
        prior = p;
    }

    /** @param p the prior @return its means (shared, do not modify) */
    double[] loc(DiagonalNormal p) {
        refresh(p);
        return loc;
    }

    /** @param p the prior @return its variances (shared, do not modify) */
    double[] variance(DiagonalNormal p) {
        refresh(p);
        return variance;
    }

    /** @param p the prior @return the logs of its standard deviations (shared, do not modify) */
    double[] logStd(DiagonalNormal p) {
        refresh(p);
        return logStd;
    }
}
