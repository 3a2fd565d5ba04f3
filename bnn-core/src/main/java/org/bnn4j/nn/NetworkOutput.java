package org.bnn4j.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Outputs of a network over a batch of weight samples.
 *
 * @param mean  predictive means {@code [N, B, D]}, a new array
 * @param scale predictive standard deviations {@code [N, B, D]}, a new array; {@code null} for homoskedastic
 *              networks (the noise scale then lives in the likelihood)
 */
public record NetworkOutput(INDArray mean, INDArray scale) {
}
