package org.bnn4j.spark.fits;

import java.io.Serializable;

/**
 * The score of one split's fit.
 *
 * @param label      what the task varied besides the split (e.g. {@code hidden=50 priorStd=1.0}), or empty
 * @param split      split index
 * @param rmse       test RMSE, original units
 * @param ll         mean test log-likelihood, original units
 * @param fitSeconds wall-clock seconds of the fit on its executor
 */
public record SplitScore(String label, int split, double rmse, double ll, double fitSeconds) implements Serializable {
}
