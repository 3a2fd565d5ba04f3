package org.bnn4j.inference.mcmc;

/**
 * Per-iteration statistics of one chain over all {@code numWarmup + numSamples} iterations (warm-up
 * first). The arrays are owned by the record; accessors return the internal arrays, do not modify them.
 *
 * @param numWarmup        number of leading warm-up iterations
 * @param treeDepth        NUTS tree depth per iteration ({@code 0} for HMC), shape {@code [iterations]}
 * @param numLeapfrogSteps leapfrog steps per iteration, shape {@code [iterations]}
 * @param divergent        divergence flag per iteration, shape {@code [iterations]}
 * @param acceptStat       acceptance statistic per iteration, shape {@code [iterations]}
 * @param stepSize         step size used per iteration, shape {@code [iterations]}
 * @param logDensity       log density of the state after each iteration, shape {@code [iterations]}
 */
public record IterationTrace(int numWarmup, int[] treeDepth, int[] numLeapfrogSteps, boolean[] divergent,
        double[] acceptStat, double[] stepSize, double[] logDensity) {

    /** @return the number of iterations recorded */
    public int numIterations() {
        return treeDepth.length;
    }
}
