package org.bnn4j.inference;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.mcmc.ConvergenceDiagnostics;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A posterior represented by MCMC draws from one or more chains. Predictions use all kept draws, or a requested
 * smaller number spread evenly over them (deterministic: the random generator is not used).
 */
public final class SamplePosterior extends AbstractPosterior {

    private final double[] draws;
    private final int numChains;
    private final int drawsPerChain;
    private final int dim;

    /**
     * @param model        the model
     * @param method       method name ({@code nuts}, {@code hmc})
     * @param chains       draws {@code [chain][draw][numParams]}; copied
     * @param standardizer standardiser of the training data, or null
     * @param diagnostics  diagnostics of the run
     * @throws IllegalArgumentException if there are no draws, chains differ in length, or a draw is not finite
     */
    public SamplePosterior(BayesianModel model, String method, double[][][] chains, Standardizer standardizer,
                           Diagnostics diagnostics) {
        super(model, method, standardizer, diagnostics);
        Objects.requireNonNull(chains, "chains");
        if (chains.length == 0 || chains[0].length == 0) {
            throw new IllegalArgumentException("a sample posterior needs at least one draw");
        }
        numChains = chains.length;
        drawsPerChain = chains[0].length;
        dim = model.numParams();
        draws = new double[numChains * drawsPerChain * dim];
        for (int c = 0; c < numChains; c++) {
            if (chains[c].length != drawsPerChain) {
                throw new IllegalArgumentException("all chains must have " + drawsPerChain + " draws but chain " + c
                        + " had " + chains[c].length);
            }
            for (int t = 0; t < drawsPerChain; t++) {
                double[] th = chains[c][t];
                if (th.length != dim) {
                    throw new IllegalArgumentException("draws must have length " + dim + " but had " + th.length);
                }
                for (double v : th) {
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("draw " + t + " of chain " + c + " is not finite");
                    }
                }
                System.arraycopy(th, 0, draws, (c * drawsPerChain + t) * dim, dim);
            }
        }
    }

    /** The same draws with other diagnostics; shares the (never modified) draws. */
    private SamplePosterior(SamplePosterior p, Diagnostics diagnostics) {
        super(p.model(), p.method(), p.standardizer().orElse(null), diagnostics);
        draws = p.draws;
        numChains = p.numChains;
        drawsPerChain = p.drawsPerChain;
        dim = p.dim;
    }

    /**
     * @param diagnostics the diagnostics
     * @return this posterior's draws with {@code diagnostics}
     */
    SamplePosterior withDiagnostics(Diagnostics diagnostics) {
        return new SamplePosterior(this, diagnostics);
    }

    /** @return number of chains */
    public int numChains() {
        return numChains;
    }

    /** @return kept draws per chain */
    public int drawsPerChain() {
        return drawsPerChain;
    }

    /**
     * @return a copy of the kept draws {@code [chain][draw][numParams]}, the layout the constructor takes (used to
     *         save the posterior)
     */
    public double[][][] chains() {
        double[][][] out = new double[numChains][drawsPerChain][];
        for (int c = 0; c < numChains; c++) {
            for (int t = 0; t < drawsPerChain; t++) {
                int from = (c * drawsPerChain + t) * dim;
                out[c][t] = java.util.Arrays.copyOfRange(draws, from, from + dim);
            }
        }
        return out;
    }

    /** @return total kept draws */
    public int numDraws() {
        return numChains * drawsPerChain;
    }

    @Override
    protected int effectiveSamples(int requested) {
        return Math.min(requested, numDraws());
    }

    @Override
    protected double[] draw(int n, RandomGenerator rng) {
        int total = numDraws();
        double[] out = new double[n * dim];
        for (int k = 0; k < n; k++) {
            int idx = (int) ((long) k * total / n) % total;
            System.arraycopy(draws, idx * dim, out, k * dim, dim);
        }
        return out;
    }

    /**
     * Split R-hat and bulk ESS (Vehtari et al. 2021) of the predictive mean at each input, computed over all kept
     * draws: the weights of a BNN are not identifiable, its predictions are.
     *
     * @param x inputs {@code [B, inDim]} in original units
     * @return the worst R-hat and the smallest ESS over inputs and outputs
     */
    public PredictiveConvergence convergence(INDArray x) {
        int inDim = model().network().spec().inDim();
        double[] xs = Arrays2.matrix("x", x, -1, inDim, "pass inputs of shape [batch, " + inDim + "]");
        int b = (int) x.rows();
        if (standardizer().isPresent()) {
            xs = standardizer().get().transformX(xs, b);
        }
        return convergenceStandardized(xs, b);
    }

    /**
     * {@link #convergence(INDArray)} at inputs already in the model's (standardised) units.
     *
     * @param xs inputs {@code [b, inDim]} row-major
     * @param b  number of inputs
     * @return the worst R-hat and the smallest ESS over inputs and outputs
     */
    PredictiveConvergence convergenceStandardized(double[] xs, int b) {
        PredictiveDistribution pd = model().predictive(draws, numDraws(), xs, b);
        double[] means = Arrays2.toDoubles(pd.sampleMeans());
        int d = model().network().spec().outDim();
        double rhatMax = 0;
        double essMin = Double.POSITIVE_INFINITY;
        double[][] series = new double[numChains][drawsPerChain];
        for (int i = 0; i < b * d; i++) {
            for (int c = 0; c < numChains; c++) {
                for (int t = 0; t < drawsPerChain; t++) {
                    series[c][t] = means[(c * drawsPerChain + t) * b * d + i];
                }
            }
            rhatMax = Math.max(rhatMax, ConvergenceDiagnostics.splitRHat(series));
            essMin = Math.min(essMin, ConvergenceDiagnostics.bulkEss(series));
        }
        return new PredictiveConvergence(rhatMax, essMin, b * d);
    }

    /**
     * Convergence of the predictive means.
     *
     * @param rhatMax largest split R-hat over inputs
     * @param essMin  smallest bulk ESS over inputs
     * @param numQuantities number of predictive means checked
     */
    public record PredictiveConvergence(double rhatMax, double essMin, int numQuantities) {
        /** No quantity checked (too few draws per chain): R-hat and ESS are NaN. */
        public static final PredictiveConvergence NOT_CHECKED = new PredictiveConvergence(Double.NaN, Double.NaN, 0);
    }
}
