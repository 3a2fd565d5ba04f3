package org.bnn4j.inference.laplace;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.AbstractPosterior;
import org.bnn4j.inference.Diagnostics;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The equal-weight mixture of M Laplace approximations ({@link LaplacePosterior}s around different modes, e.g. the
 * members of a deep ensemble, see {@link LaplaceMixture}). Immutable and thread-safe.
 *
 * <p>Draws are stratified over the members: of n draws, draw k comes from member {@code floor(k M / n)} (so each
 * member gives {@code n / M} draws when M divides n), and each member's draws are its own Gaussian's
 * ({@link LaplacePosterior#predictionDraws}), members in order. {@link #predict(INDArray, INDArray)} takes draws in
 * that order and evaluates each block with its member's predictive (the linearised one around that member's mode by
 * default), so the mixture's aleatoric variance is the mean of the members' {@code E[s^2]} and its epistemic variance
 * the variance of all components' means: the mean of the members' linearised epistemic variances plus the variance
 * of the members' means (the law of total variance). The random generator is consumed before and independently of
 * the inputs (member 0's draws, then member 1's, ...), so predicting rows in different batches with generators of
 * the same seed gives identical numbers.
 *
 * <pre>{@code
 * LaplaceMixturePosterior mix = new LaplaceMixture(EnsembleConfig.defaults(), LaplaceConfig.defaults())
 *         .fit(model, train);
 * PredictiveDistribution pred = mix.predict(xTest, 20 * mix.numMembers(), new SplittableRandom(1));
 * }</pre>
 *
 * <p>Reference: R. Eschenhagen, E. Daxberger, P. Hennig, A. Kristiadi, "Mixtures of Laplace Approximations for
 * Improved Post-Hoc Uncertainty in Deep Learning", NeurIPS 2021 Workshop on Bayesian Deep Learning.
 */
public final class LaplaceMixturePosterior extends AbstractPosterior {

    private final List<LaplacePosterior> members;

    /**
     * @param model        the model
     * @param method       method name
     * @param members      the components, at least one, each for a model with the same parameter layout and the same
     *                     standardiser as this posterior's
     * @param standardizer standardiser of the training data, or null
     * @param diagnostics  diagnostics of the fit
     * @throws IllegalArgumentException if there is no member or a member does not match the model
     */
    public LaplaceMixturePosterior(BayesianModel model, String method, List<LaplacePosterior> members,
                                   Standardizer standardizer, Diagnostics diagnostics) {
        super(model, method, standardizer, diagnostics);
        Objects.requireNonNull(members, "members");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a Laplace mixture needs at least one member");
        }
        for (int m = 0; m < members.size(); m++) {
            if (members.get(m).model().numParams() != model.numParams()) {
                throw new IllegalArgumentException("member " + m + " has " + members.get(m).model().numParams()
                        + " parameters but the model " + model.numParams() + "; combine members of this model");
            }
        }
        this.members = List.copyOf(members);
    }

    /** @return number of members M */
    public int numMembers() {
        return members.size();
    }

    /** @return the members, in order */
    public List<LaplacePosterior> members() {
        return members;
    }

    /** @return how many of n stratified draws come from each member */
    private int[] counts(int n) {
        int mm = members.size();
        int[] c = new int[mm];
        for (int k = 0; k < n; k++) {
            c[(int) ((long) k * mm / n)]++;
        }
        return c;
    }

    @Override
    protected double[] draw(int n, RandomGenerator rng) {
        int p = model().numParams();
        double[] out = new double[n * p];
        int[] c = counts(n);
        int at = 0;
        for (int m = 0; m < c.length; m++) {
            if (c[m] > 0) {
                double[] d = members.get(m).draw(c[m], rng);
                System.arraycopy(d, 0, out, at, d.length);
                at += d.length;
            }
        }
        return out;
    }

    /**
     * Predictive distribution at new inputs, in original units, for draws in the stratified member order of
     * {@link #predictionDraws} (draw k belongs to member {@code floor(k M / n)}).
     *
     * @param x     inputs {@code [B, inDim]} in original units, finite
     * @param draws parameter vectors {@code [n, numParams]} in the standardised space; not modified
     * @return the predictive distribution over {@code [n, B, D]}
     * @throws IllegalArgumentException on a shape mismatch or non-finite x
     */
    @Override
    public PredictiveDistribution predict(INDArray x, INDArray draws) {
        int p = model().numParams();
        Arrays2.matrix("draws", draws, -1, p, "pass parameter vectors of shape [n, " + p + "]");
        int[] c = counts(draws.rows());
        INDArray[] means = new INDArray[c.length];
        INDArray[] scales = new INDArray[c.length];
        int used = 0;
        int at = 0;
        for (int m = 0; m < c.length; m++) {
            if (c[m] > 0) {
                INDArray block = draws.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(at, at + c[m]),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
                PredictiveDistribution pd = members.get(m).predict(x, block);
                means[used] = pd.sampleMeans();
                scales[used] = pd.sampleScales();
                used++;
                at += c[m];
            }
        }
        if (used == 1) {
            return PredictiveDistribution.of(means[0], scales[0]);
        }
        return PredictiveDistribution.of(Nd4j.concat(0, java.util.Arrays.copyOf(means, used)).castTo(DataType.DOUBLE),
                Nd4j.concat(0, java.util.Arrays.copyOf(scales, used)).castTo(DataType.DOUBLE));
    }
}
