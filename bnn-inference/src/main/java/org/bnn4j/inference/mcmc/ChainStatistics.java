package org.bnn4j.inference.mcmc;

import java.util.Arrays;
import java.util.Locale;

/**
 * Summary statistics of one chain's sampling (post-warm-up) iterations.
 *
 * @param chain              chain index
 * @param numSamples         sampling iterations summarised (before thinning)
 * @param acceptanceRate     mean acceptance statistic over sampling iterations
 * @param divergences        divergent sampling iterations
 * @param warmupDivergences  divergent warm-up iterations
 * @param stepSize           the step size used after warm-up
 * @param meanTreeDepth      mean NUTS tree depth over sampling iterations ({@code 0} for HMC)
 * @param maxTreeDepth       the kernel's maximum tree depth ({@link McmcKernel#maxTreeDepth()}; {@code 0} for a
 *                           kernel that builds no trees)
 * @param maxTreeDepthHits   sampling iterations whose tree reached {@code maxTreeDepth} (trajectory cut short;
 *                           always {@code 0} when {@code maxTreeDepth} is 0)
 * @param meanLeapfrogSteps  mean leapfrog steps per sampling iteration
 * @param inverseMassMatrix  the diagonal of the inverse mass matrix used after warm-up (of the dense matrix with
 *                           {@link Metric#DENSE}), shape {@code [d]} (a copy)
 */
public record ChainStatistics(int chain, int numSamples, double acceptanceRate, int divergences, int warmupDivergences,
        double stepSize, double meanTreeDepth, int maxTreeDepth, int maxTreeDepthHits, double meanLeapfrogSteps,
        double[] inverseMassMatrix) {

    /** Copies the inverse mass matrix. */
    public ChainStatistics {
        inverseMassMatrix = inverseMassMatrix.clone();
    }

    /** @return a copy of the inverse mass diagonal */
    @Override
    public double[] inverseMassMatrix() {
        return inverseMassMatrix.clone();
    }

    /**
     * Summarises a trace.
     *
     * @param chain   the chain index
     * @param trace   the chain's per-iteration trace
     * @param invMass  the final inverse mass diagonal
     * @param stepSize the step size used after warm-up
     * @param maxTreeDepth the kernel's maximum tree depth, or 0
     * @return the statistics of the sampling iterations
     */
    static ChainStatistics of(int chain, IterationTrace trace, double[] invMass, double stepSize, int maxTreeDepth) {
        int n = trace.numIterations();
        int w = trace.numWarmup();
        double acc = 0;
        double depth = 0;
        double steps = 0;
        int div = 0;
        int wdiv = 0;
        int hits = 0;
        boolean[] divergent = trace.divergent();
        double[] accept = trace.acceptStat();
        int[] treeDepth = trace.treeDepth();
        int[] leapfrog = trace.numLeapfrogSteps();
        for (int i = 0; i < n; i++) {
            if (i < w) {
                wdiv += divergent[i] ? 1 : 0;
                continue;
            }
            acc += accept[i];
            depth += treeDepth[i];
            steps += leapfrog[i];
            div += divergent[i] ? 1 : 0;
            hits += maxTreeDepth > 0 && treeDepth[i] >= maxTreeDepth ? 1 : 0;
        }
        int m = Math.max(1, n - w);
        return new ChainStatistics(chain, n - w, acc / m, div, wdiv, stepSize, depth / m, maxTreeDepth, hits, steps / m,
                invMass);
    }

    @Override
    public String toString() {
        StringBuilder mass = new StringBuilder();
        int shown = Math.min(5, inverseMassMatrix.length);
        for (int i = 0; i < shown; i++) {
            mass.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", inverseMassMatrix[i]));
        }
        if (inverseMassMatrix.length > shown) {
            mass.append(", ... (").append(inverseMassMatrix.length).append(" total)");
        }
        return String.format(Locale.ROOT,
                "chain %d: accept=%.3f divergences=%d (warm-up %d) stepSize=%.4g treeDepth=%.2f%s "
                        + "leapfrog/iter=%.1f invMass=[%s]",
                chain, acceptanceRate, divergences, warmupDivergences, stepSize, meanTreeDepth,
                maxTreeDepth > 0 ? String.format(Locale.ROOT, " (%d at max %d)", maxTreeDepthHits, maxTreeDepth)
                        : "", meanLeapfrogSteps, mass);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainStatistics c && chain == c.chain && numSamples == c.numSamples
                && acceptanceRate == c.acceptanceRate
                && divergences == c.divergences && warmupDivergences == c.warmupDivergences
                && stepSize == c.stepSize && meanTreeDepth == c.meanTreeDepth && maxTreeDepth == c.maxTreeDepth
                && maxTreeDepthHits == c.maxTreeDepthHits
                && meanLeapfrogSteps == c.meanLeapfrogSteps
                && Arrays.equals(inverseMassMatrix, c.inverseMassMatrix);
    }

    @Override
    public int hashCode() {
        return 31 * Integer.hashCode(chain) + Arrays.hashCode(inverseMassMatrix);
    }
}
