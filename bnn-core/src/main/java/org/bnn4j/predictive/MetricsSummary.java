package org.bnn4j.predictive;

/**
 * The headline scores of a predictive distribution on a test set, all in the targets' units.
 *
 * @param rmse       root mean squared error of the predictive mean, {@code >= 0}
 * @param nll        negative mean log predictive density per point (lower is better)
 * @param crps       mean continuous ranked probability score per point and output, {@code >= 0}
 * @param coverage90 fraction of targets inside the 90% central interval (ideal 0.9)
 * @param width90    mean width of the 90% central interval
 */
public record MetricsSummary(double rmse, double nll, double crps, double coverage90, double width90) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "RMSE=%.4f NLL=%.4f CRPS=%.4f coverage90=%.3f width90=%.4f",
                rmse, nll, crps, coverage90, width90);
    }
}
