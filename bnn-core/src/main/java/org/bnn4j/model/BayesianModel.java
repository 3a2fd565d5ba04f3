package org.bnn4j.model;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Dataset;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.nn.internal.KernelWorkspace;
import org.bnn4j.nn.internal.Kernels;
import org.bnn4j.nn.internal.NetworkKernel;
import org.bnn4j.predictive.NoiseDistribution;
import org.bnn4j.predictive.PredictiveDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Bayesian neural network regression model: network + prior over its weights + likelihood (Gaussian,
 * Student-t, or any {@link Likelihood}).
 *
 * <p>A parameter vector has {@link #numParams()} = P (network) + the likelihood's extra parameters (the log noise
 * scale of a learned homoskedastic noise, the log degrees of freedom of a learned Student-t). The model owns no
 * parameter values and no randomness: inference methods take it as an argument.
 *
 * <pre>{@code
 * BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(50).build());
 * INDArray logp = model.logJoint(model.network().initParameters(4, new SplittableRandom(0)), data); // [4]
 * }</pre>
 */
public final class BayesianModel {

    /** Weight samples evaluated together by {@link #predictive}: enough to use both cores, small enough to stay in cache. */
    static final int PREDICT_CHUNK = 8;

    private final FeedForwardNetwork network;
    private final Prior prior;
    private final Likelihood likelihood;
    private final DiagonalNormal networkPrior;

    /**
     * @param network    the network
     * @param prior      prior over the network's parameters
     * @param likelihood the likelihood; heteroskedastic exactly when the network has a scale head
     * @throws IllegalArgumentException if the network's heads do not match the likelihood
     */
    public BayesianModel(FeedForwardNetwork network, Prior prior, Likelihood likelihood) {
        this.network = Objects.requireNonNull(network, "network");
        this.prior = Objects.requireNonNull(prior, "prior");
        this.likelihood = Objects.requireNonNull(likelihood, "likelihood");
        if (network.spec().heteroskedastic() != likelihood.heteroskedastic()) {
            String kind = network.spec().heteroskedastic() ? "heteroskedastic" : "homoskedastic";
            throw new IllegalArgumentException("a " + kind + " network needs a " + kind + " likelihood (e.g. "
                    + (network.spec().heteroskedastic() ? "HeteroskedasticGaussian" : "HomoskedasticGaussian")
                    + ") but got " + likelihood + "; match NetworkSpec.heteroskedastic with the likelihood");
        }
        this.networkPrior = prior.over(network.layout());
    }

    /**
     * @param spec a heteroskedastic network
     * @return the model with an IID Normal(0, 1) prior and a heteroskedastic Gaussian likelihood
     */
    public static BayesianModel heteroskedastic(NetworkSpec spec) {
        return new BayesianModel(new FeedForwardNetwork(spec), new NormalPrior(NormalPrior.DEFAULT_PRIOR_STD),
                new HeteroskedasticGaussian());
    }

    /** @return the network */
    public FeedForwardNetwork network() {
        return network;
    }

    /** @return the prior over network parameters */
    public Prior prior() {
        return prior;
    }

    /** @return the likelihood */
    public Likelihood likelihood() {
        return likelihood;
    }

    /** @return the prior over network parameters as a diagonal Normal */
    public DiagonalNormal networkPrior() {
        return networkPrior;
    }

    /**
     * @return the prior over the latent parameters, the network's P followed by the likelihood's
     *         {@link Likelihood#numLatentParams() latent} extras, as one diagonal Normal (what SVI's guide and its KL
     *         are over); new on each call
     */
    public DiagonalNormal latentPrior() {
        DiagonalNormal extras = likelihood.latentPrior();
        int p = numNetworkParams();
        int latent = p + extras.dimension();
        double[] locs = java.util.Arrays.copyOf(networkPrior.loc(), latent);
        double[] stds = java.util.Arrays.copyOf(networkPrior.std(), latent);
        System.arraycopy(extras.loc(), 0, locs, p, extras.dimension());
        System.arraycopy(extras.std(), 0, stds, p, extras.dimension());
        return DiagonalNormal.of(locs, stds);
    }

    /** @return number of network parameters P */
    public int numNetworkParams() {
        return network.numParams();
    }

    /** @return length of a full parameter vector (network + likelihood) */
    public int numParams() {
        return network.numParams() + likelihood.numParams();
    }

    /**
     * @param rng random source for the network's default initialisation, advanced
     * @return a new parameter vector: network init followed by the likelihood's initial values
     */
    public double[] initialParameters(RandomGenerator rng) {
        double[] p = new double[numParams()];
        System.arraycopy(network.initialParameters(rng), 0, p, 0, network.numParams());
        System.arraycopy(likelihood.initialParameters(), 0, p, network.numParams(), likelihood.numParams());
        return p;
    }

    /**
     * @param maxN largest number of parameter vectors per call
     * @param maxB largest batch per call
     * @return a new evaluator (not thread-safe; one per thread)
     */
    public ModelEvaluator newEvaluator(int maxN, int maxB) {
        return new ModelEvaluator(this, maxN, maxB);
    }

    /**
     * Log joint density {@code log p(y | x, theta) + log p(theta)} on the whole dataset.
     *
     * @param params parameter vectors {@code [N, numParams()]}
     * @param data   the data
     * @return a new float64 array {@code [N]}
     */
    public INDArray logJoint(INDArray params, Dataset data) {
        return evaluate(params, data, false)[0];
    }

    /**
     * Gradient of {@link #logJoint} with respect to every parameter vector.
     *
     * @param params parameter vectors {@code [N, numParams()]}
     * @param data   the data
     * @return a new float64 array {@code [N, numParams()]}
     */
    public INDArray logJointGradient(INDArray params, Dataset data) {
        return evaluate(params, data, true)[1];
    }

    private INDArray[] evaluate(INDArray params, Dataset data, boolean withGradient) {
        Objects.requireNonNull(data, "data");
        checkData(data);
        int p = numParams();
        double[] theta = Arrays2.matrix("params", params, -1, p, "pass [numSamples, " + p + "]");
        int n = (int) params.rows();
        ModelEvaluator ev = newEvaluator(n, data.size());
        ev.setBatch(data.xArray(), data.yArray(), data.size(), 1.0);
        double[] out = new double[n];
        double[] grad = withGradient ? new double[n * p] : null;
        ev.logJoint(theta, n, out, grad);
        INDArray lp = Nd4j.createFromArray(out);
        INDArray g = withGradient ? Nd4j.create(grad, new long[] {n, p}, DataType.DOUBLE) : null;
        return new INDArray[] {lp, g};
    }

    /**
     * Predictive distribution of the weight samples {@code params} at inputs {@code x}: one component per sample and
     * point, located at the network's mean, with the network's scale (heteroskedastic) or the sample's noise scale
     * (homoskedastic), and the likelihood's noise distribution for that sample ({@link Likelihood#noise}).
     *
     * @param params parameter vectors, row-major {@code [n, numParams()]}; not modified
     * @param n      number of vectors, {@code >= 1}
     * @param x      inputs, row-major {@code [b, inDim]}; not modified
     * @param b      number of inputs, {@code >= 1}
     * @return the predictive distribution over {@code [n, b, D]}
     * @throws IllegalArgumentException if {@code params} does not hold {@code n * numParams()} values, or
     *                                  {@code n * b * D} exceeds the largest Java array
     */
    public PredictiveDistribution predictive(double[] params, int n, double[] x, int b) {
        if (params.length != (long) n * numParams()) {
            throw new IllegalArgumentException("params must hold n*numParams = " + (long) n * numParams()
                    + " values but had " + params.length);
        }
        int d = network.spec().outDim();
        if ((long) n * b * d > Arrays2.MAX_LENGTH) {
            throw new IllegalArgumentException("a predictive distribution of n = " + n + " samples at b = " + b
                    + " points with D = " + d + " outputs needs " + (long) n * b * d + " values per array, more than "
                    + "a Java array holds (" + Arrays2.MAX_LENGTH + "); predict with fewer samples or fewer points at "
                    + "a time");
        }
        int per = b * d;
        int len = n * per;
        double[] mean = new double[len];
        double[] scale = new double[len];
        // Evaluate the samples in chunks through one reused workspace: a workspace for all n samples at once holds
        // n * b * width activations (76 MB for 100 samples x 1901 points x 50 units) and costs more to allocate
        // than to fill.
        int chunk = Math.min(n, PREDICT_CHUNK);
        NetworkKernel kernel = Kernels.forNetwork(network, chunk, b);
        KernelWorkspace ws = kernel.newForwardWorkspace(chunk, b);
        int p = numParams();
        NoiseDistribution[] noise = new NoiseDistribution[n];
        for (int s = 0; s < n; s++) {
            noise[s] = likelihood.noise(params, s * p + numNetworkParams());
        }
        for (int s0 = 0; s0 < n; s0 += chunk) {
            int c = Math.min(chunk, n - s0);
            double[] part = java.util.Arrays.copyOfRange(params, s0 * p, (s0 + c) * p);
            kernel.forward(ws, part, p, c, x, b);
            System.arraycopy(ws.mean(), 0, mean, s0 * per, c * per);
            if (likelihood.heteroskedastic()) {
                System.arraycopy(ws.scale(), 0, scale, s0 * per, c * per);
            } else {
                for (int s = 0; s < c; s++) {
                    java.util.Arrays.fill(scale, (s0 + s) * per, (s0 + s + 1) * per,
                            likelihood.noiseScale(part, s * p + numNetworkParams()));
                }
            }
        }
        return PredictiveDistribution.of(mean, scale, noise, n, b, network.spec().outDim());
    }

    /**
     * @param data a dataset
     * @throws IllegalArgumentException if its dimensions do not match the network
     */
    public void checkData(Dataset data) {
        NetworkSpec s = network.spec();
        if (data.inDim() != s.inDim() || data.outDim() != s.outDim()) {
            throw new IllegalArgumentException("data has " + data.inDim() + " inputs and " + data.outDim()
                    + " targets but the network expects " + s.inDim() + " and " + s.outDim()
                    + "; build the NetworkSpec with the dataset's dimensions");
        }
    }

    @Override
    public String toString() {
        return "BayesianModel[" + network.spec().describe() + ", prior=" + prior + ", likelihood=" + likelihood + "]";
    }
}
