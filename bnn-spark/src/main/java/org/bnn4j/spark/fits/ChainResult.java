package org.bnn4j.spark.fits;

import java.io.Serializable;
import org.bnn4j.inference.mcmc.ChainStatistics;

/**
 * What one chain task ships back.
 *
 * @param chain         the chain index
 * @param draws         kept draws {@code [draws][numParams]}
 * @param statistics    the chain's sampler statistics
 * @param leapfrogSteps leapfrog steps of the chain, warm-up included
 */
public record ChainResult(int chain, double[][] draws, Portable<ChainStatistics> statistics, long leapfrogSteps)
        implements Serializable {
}
