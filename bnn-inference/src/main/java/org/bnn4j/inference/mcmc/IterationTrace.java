package org.bnn4j.inference.mcmc;

import java.util.Arrays;

/**
 * Per-iteration statistics of one chain over all {@code numWarmup + numSamples} iterations (warm-up
 * first). Immutable: the arrays are copied on construction and accessors return copies (fetch an array
 * once before looping over it).
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

    /** Copies the arrays and checks that they have one entry per iteration. */
    public IterationTrace {
        int n = treeDepth.length;
        if (numLeapfrogSteps.length != n || divergent.length != n || acceptStat.length != n
                || stepSize.length != n || logDensity.length != n || numWarmup < 0 || numWarmup > n) {
            throw new IllegalArgumentException("all trace arrays must have the same length and 0 <= numWarmup <= "
                    + "length; got length " + n + " and numWarmup " + numWarmup);
        }
        treeDepth = treeDepth.clone();
        numLeapfrogSteps = numLeapfrogSteps.clone();
        divergent = divergent.clone();
        acceptStat = acceptStat.clone();
        stepSize = stepSize.clone();
        logDensity = logDensity.clone();
    }

    /** @return a copy of the tree depths, shape {@code [iterations]} */
    @Override
    public int[] treeDepth() {
        return treeDepth.clone();
    }

    /** @return a copy of the leapfrog step counts, shape {@code [iterations]} */
    @Override
    public int[] numLeapfrogSteps() {
        return numLeapfrogSteps.clone();
    }

    /** @return a copy of the divergence flags, shape {@code [iterations]} */
    @Override
    public boolean[] divergent() {
        return divergent.clone();
    }

    /** @return a copy of the acceptance statistics, shape {@code [iterations]} */
    @Override
    public double[] acceptStat() {
        return acceptStat.clone();
    }

    /** @return a copy of the step sizes, shape {@code [iterations]} */
    @Override
    public double[] stepSize() {
        return stepSize.clone();
    }

    /** @return a copy of the log densities, shape {@code [iterations]} */
    @Override
    public double[] logDensity() {
        return logDensity.clone();
    }

    /** @return the number of iterations recorded */
    public int numIterations() {
        return treeDepth.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IterationTrace t && numWarmup == t.numWarmup
                && Arrays.equals(treeDepth, t.treeDepth)
                && Arrays.equals(numLeapfrogSteps, t.numLeapfrogSteps)
                && Arrays.equals(divergent, t.divergent) && Arrays.equals(acceptStat, t.acceptStat)
                && Arrays.equals(stepSize, t.stepSize) && Arrays.equals(logDensity, t.logDensity);
    }

    @Override
    public int hashCode() {
        return 31 * numWarmup + Arrays.hashCode(acceptStat);
    }

    @Override
    public String toString() {
        return "IterationTrace[" + numIterations() + " iterations, " + numWarmup + " warm-up]";
    }
}
