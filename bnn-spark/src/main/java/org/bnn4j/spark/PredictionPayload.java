package org.bnn4j.spark;

import java.io.Serializable;

/**
 * What every partition of a distributed prediction receives once (by broadcast).
 *
 * @param posterior    the posterior's file bytes
 * @param draws        the weight draws, row-major {@code [numDraws, numParams]}, standardised space
 * @param numDraws     number of draws m
 * @param config       the prediction settings
 * @param featureIndex positions of the feature columns in the input rows, in the model's input order
 */
record PredictionPayload(PosteriorBytes posterior, double[] draws, int numDraws, PredictConfig config,
                         int[] featureIndex) implements Serializable {
}
