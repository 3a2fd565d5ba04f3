package org.bnn4j.inference.mcmc;

/**
 * Test target: a multivariate normal {@code N(mean, Sigma)} given by its precision matrix, with a counter
 * of gradient evaluations. One instance per chain (it is not shared between threads).
 */
final class GaussianDensity implements LogDensity {

    private final double[] mean;
    private final double[][] precision;
    int evaluations;

    GaussianDensity(double[] mean, double[][] precision) {
        this.mean = mean.clone();
        this.precision = precision;
    }

    /** Independent normal with the given standard deviations and zero mean. */
    static GaussianDensity diagonal(double... sds) {
        double[][] p = new double[sds.length][sds.length];
        for (int i = 0; i < sds.length; i++) {
            p[i][i] = 1.0 / (sds[i] * sds[i]);
        }
        return new GaussianDensity(new double[sds.length], p);
    }

    /** Zero-mean bivariate normal with standard deviations s1, s2 and correlation r. */
    static GaussianDensity bivariate(double s1, double s2, double r) {
        double det = s1 * s1 * s2 * s2 * (1 - r * r);
        double[][] p = {
            {s2 * s2 / det, -r * s1 * s2 / det},
            {-r * s1 * s2 / det, s1 * s1 / det}};
        return new GaussianDensity(new double[2], p);
    }

    @Override
    public int dimension() {
        return mean.length;
    }

    @Override
    public double logDensityAndGradient(double[] theta, double[] gradOut) {
        evaluations++;
        int d = mean.length;
        double lp = 0;
        for (int i = 0; i < d; i++) {
            double g = 0;
            for (int j = 0; j < d; j++) {
                g -= precision[i][j] * (theta[j] - mean[j]);
            }
            gradOut[i] = g;
            lp += 0.5 * g * (theta[i] - mean[i]);
        }
        return lp;
    }
}
