package org.bnn4j.inference.mcmc;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The kept draws and statistics of an {@link Mcmc} run. Immutable: accessors return copies.
 */
public final class McmcResult {

    private final McmcConfig config;
    private final String kernel;
    private final double[][][] draws;
    private final List<IterationTrace> traces;
    private final List<ChainStatistics> statistics;

    McmcResult(McmcConfig config, String kernel, double[][][] draws, List<IterationTrace> traces,
            List<ChainStatistics> statistics) {
        this.config = config;
        this.kernel = kernel;
        this.draws = draws;
        this.traces = List.copyOf(traces);
        this.statistics = List.copyOf(statistics);
    }

    /** @return the configuration of the run */
    public McmcConfig config() {
        return config;
    }

    /** @return the number of chains */
    public int numChains() {
        return draws.length;
    }

    /** @return kept draws per chain */
    public int numDraws() {
        return draws[0].length;
    }

    /** @return the dimension of the target */
    public int dimension() {
        return draws[0][0].length;
    }

    /**
     * @param chain chain index
     * @return a new array of the chain's kept draws, shape {@code [numDraws, dimension]}
     */
    public double[][] draws(int chain) {
        double[][] d = new double[draws[chain].length][];
        for (int i = 0; i < d.length; i++) {
            d[i] = draws[chain][i].clone();
        }
        return d;
    }

    /** @return a new array of all kept draws, shape {@code [numChains, numDraws, dimension]} */
    public double[][][] allDraws() {
        double[][][] d = new double[draws.length][][];
        for (int c = 0; c < d.length; c++) {
            d[c] = draws(c);
        }
        return d;
    }

    /**
     * @param index coordinate index in {@code [0, dimension)}
     * @return a new array with that coordinate, shape {@code [numChains, numDraws]}, for {@link ConvergenceDiagnostics}
     */
    public double[][] coordinate(int index) {
        return scalar(theta -> theta[index]);
    }

    /**
     * Evaluates a scalar quantity of interest (e.g. a prediction) on every draw.
     *
     * @param f the quantity; receives each draw's internal array, which it must not modify
     * @return a new array, shape {@code [numChains, numDraws]}, for {@link ConvergenceDiagnostics}
     */
    public double[][] scalar(ToDoubleFunction<double[]> f) {
        double[][] out = new double[draws.length][draws[0].length];
        for (int c = 0; c < out.length; c++) {
            for (int i = 0; i < out[c].length; i++) {
                out[c][i] = f.applyAsDouble(draws[c][i]);
            }
        }
        return out;
    }

    /** @return per-iteration traces, one per chain */
    public List<IterationTrace> traces() {
        return traces;
    }

    /** @return per-chain summary statistics */
    public List<ChainStatistics> statistics() {
        return statistics;
    }

    /** @return sampling iterations whose tree reached the kernel's maximum depth, summed over chains */
    public int totalMaxTreeDepthHits() {
        return statistics.stream().mapToInt(ChainStatistics::maxTreeDepthHits).sum();
    }

    /** @return divergent sampling iterations summed over chains */
    public int totalDivergences() {
        return statistics.stream().mapToInt(ChainStatistics::divergences).sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("McmcResult[").append(kernel).append(", ")
                .append(numChains()).append(" chains x ").append(numDraws()).append(" draws, dim ")
                .append(dimension()).append("]");
        for (ChainStatistics s : statistics) {
            sb.append(System.lineSeparator()).append("  ").append(s);
        }
        return sb.toString();
    }
}
