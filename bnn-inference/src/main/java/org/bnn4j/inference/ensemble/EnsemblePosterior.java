package org.bnn4j.inference.ensemble;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.AbstractPosterior;
import org.bnn4j.inference.Diagnostics;
import org.bnn4j.model.BayesianModel;

/**
 * A deep ensemble: the equal-weight mixture of the point masses at its M members' parameter vectors. Immutable and
 * thread-safe.
 *
 * <p>{@code predict(x, n, rng)} evaluates {@code min(n, M)} members spread evenly over the ensemble (member
 * {@code floor(k M / n')} for {@code k < n' = min(n, M)}), so with {@code n >= M} the predictive distribution has
 * exactly the M members as equally weighted components: its aleatoric variance is the mean of the members'
 * {@code sigma^2}, its epistemic variance the (population) variance of their means, and their sum the mixture's
 * variance (the law of total variance). The random generator is not used: predictions do not depend on it, on the
 * inputs' order or on how they are split into batches, as the {@link org.bnn4j.inference.Posterior} contract asks.
 * {@code sampleParameters(n, rng)} returns member vectors in the same deterministic stratified order (each member
 * {@code n / M} times when M divides n).
 *
 * <pre>{@code
 * EnsemblePosterior ens = new DeepEnsemble(EnsembleConfig.defaults()).fit(model, train);
 * PredictiveDistribution pred = ens.predict(xTest, ens.numMembers(), new SplittableRandom(1));
 * INDArray epistemic = pred.epistemicVariance(); // variance of the members' means
 * }</pre>
 *
 * <p>References: B. Lakshminarayanan, A. Pritzel and C. Blundell, "Simple and Scalable Predictive Uncertainty
 * Estimation using Deep Ensembles", NeurIPS 2017.
 */
public final class EnsemblePosterior extends AbstractPosterior {

    /** The method name of an ensemble fit. */
    public static final String METHOD = "ensemble";

    private final double[] members;
    private final int numMembers;
    private final int dim;

    /**
     * @param model        the model
     * @param method       method name
     * @param members      member parameter vectors {@code [M][numParams]} in the standardised space; copied
     * @param standardizer standardiser of the training data, or null
     * @param diagnostics  diagnostics of the fit
     * @throws IllegalArgumentException if there is no member, or a member has the wrong length or a non-finite value
     */
    public EnsemblePosterior(BayesianModel model, String method, double[][] members, Standardizer standardizer,
                             Diagnostics diagnostics) {
        super(model, method, standardizer, diagnostics);
        Objects.requireNonNull(members, "members");
        if (members.length == 0) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        this.numMembers = members.length;
        this.dim = model.numParams();
        this.members = new double[numMembers * dim];
        for (int m = 0; m < numMembers; m++) {
            if (members[m].length != dim) {
                throw new IllegalArgumentException("member " + m + " must have length " + dim + " but had "
                        + members[m].length);
            }
            for (double v : members[m]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("member " + m + " is not finite");
                }
            }
            System.arraycopy(members[m], 0, this.members, m * dim, dim);
        }
    }

    /**
     * Combines fitted members, e.g. members fitted as independent tasks by a distributed runner, into the posterior
     * {@link DeepEnsemble#fit} returns for the same members.
     *
     * @param model        the model the members were fitted for
     * @param standardizer the standardiser the members were fitted with ({@code Standardizer.fit(data)} when the
     *                     fit standardised, else null)
     * @param members      the members, in any order, with distinct indices; all anchored or none
     * @return the ensemble, members in ascending index order
     * @throws IllegalArgumentException if the list is empty, indices repeat, anchoring is mixed, or a member does not
     *                                  fit the model
     */
    public static EnsemblePosterior of(BayesianModel model, Standardizer standardizer, List<EnsembleMember> members) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(members, "members");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member; fit some with "
                    + "DeepEnsemble.fitMember");
        }
        List<EnsembleMember> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparingInt(EnsembleMember::index));
        double[][] theta = new double[sorted.size()][];
        for (int i = 0; i < theta.length; i++) {
            EnsembleMember e = sorted.get(i);
            if (i > 0 && sorted.get(i - 1).index() == e.index()) {
                throw new IllegalArgumentException("member index " + e.index() + " appears twice; combine each "
                        + "member once");
            }
            if (e.anchored() != sorted.get(0).anchored()) {
                throw new IllegalArgumentException("members " + sorted.get(0).index() + " and " + e.index()
                        + " differ in anchoring; combine members fitted with the same EnsembleConfig");
            }
            theta[i] = e.parameters();
        }
        return new EnsemblePosterior(model, METHOD, theta, standardizer, EnsembleDiagnostics.of(sorted));
    }

    /** @return number of members M */
    public int numMembers() {
        return numMembers;
    }

    /** @return a copy of the members' parameter vectors {@code [M][numParams]} (the layout the constructor takes) */
    public double[][] members() {
        double[][] out = new double[numMembers][];
        for (int m = 0; m < numMembers; m++) {
            out[m] = java.util.Arrays.copyOfRange(members, m * dim, (m + 1) * dim);
        }
        return out;
    }

    @Override
    protected int effectiveSamples(int requested) {
        return Math.min(requested, numMembers);
    }

    @Override
    protected double[] draw(int n, RandomGenerator rng) {
        double[] out = new double[n * dim];
        for (int k = 0; k < n; k++) {
            int m = (int) ((long) k * numMembers / n);
            System.arraycopy(members, m * dim, out, k * dim, dim);
        }
        return out;
    }
}
