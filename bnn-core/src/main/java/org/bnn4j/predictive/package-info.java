/**
 * Posterior predictive distributions and the scores computed from them.
 *
 * <p>{@link org.bnn4j.predictive.PredictiveDistribution} holds per-weight-sample Gaussian predictions
 * {@code mean [N, B, D]} and {@code scale [N, B, D]}, i.e. an equal-weight Gaussian mixture per point, and derives
 * the predictive mean, the aleatoric/epistemic/total variance split, mixture log densities, central intervals,
 * CDF values and sampled predictions. {@link org.bnn4j.predictive.Metrics} scores it against test targets (RMSE,
 * log predictive density, CRPS, interval coverage and width, calibration error).
 */
package org.bnn4j.predictive;
