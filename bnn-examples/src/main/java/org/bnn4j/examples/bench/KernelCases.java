package org.bnn4j.examples.bench;

import java.util.SplittableRandom;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.KernelWorkspace;
import org.bnn4j.nn.internal.Kernels;
import org.bnn4j.nn.internal.NetworkKernel;
import org.nd4j.linalg.api.buffer.DataType;

/** Micro cases: one forward + backward of a kernel, and one log-joint gradient through the model evaluator. */
final class KernelCases {

    private KernelCases() {
    }

    /**
     * Times forward + backward of one kernel on random parameters, inputs and output gradients.
     *
     * @param spec   the network
     * @param type   FUSED_CPU or ND4J
     * @param n      weight samples
     * @param b      batch
     * @param budget seconds of timed repetitions
     * @return milliseconds per forward + backward
     * @throws Exception never in practice
     */
    static Timing forwardBackward(NetworkSpec spec, KernelType type, int n, int b, double budget) throws Exception {
        NetworkKernel k = Kernels.create(spec, type, DataType.DOUBLE);
        SplittableRandom rng = new SplittableRandom(17);
        FeedForwardNetwork net = new FeedForwardNetwork(spec);
        int p = net.layout().size();
        double[] params = new double[n * p];
        for (int s = 0; s < n; s++) {
            System.arraycopy(net.initialParameters(rng.split()), 0, params, s * p, p);
        }
        double[] x = gaussian(rng, b * spec.inDim());
        double[] gMean = gaussian(rng, n * b * spec.outDim());
        double[] gScale = spec.heteroskedastic() ? gaussian(rng, n * b * spec.outDim()) : null;
        double[] grad = new double[n * p];
        KernelWorkspace ws = k.newWorkspace(n, b);
        return Timing.measure(() -> {
            k.forward(ws, params, p, n, x, b);
            k.backward(ws, params, p, x, gMean, gScale, grad);
        }, 5, budget / 2, 5, 2000, budget, 1e6, "ms");
    }

    /**
     * Times one gradient of the log joint (likelihood + prior) at one parameter vector, as HMC/NUTS evaluates it.
     *
     * @param model  the model
     * @param x      inputs {@code [b, inDim]}
     * @param y      targets {@code [b, D]}
     * @param b      batch
     * @param budget seconds of timed repetitions
     * @return microseconds per gradient
     * @throws Exception never in practice
     */
    static Timing logJointGradient(BayesianModel model, double[] x, double[] y, int b, double budget)
            throws Exception {
        ModelEvaluator ev = model.newEvaluator(1, b);
        ev.setBatch(x, y, b, 1.0);
        double[] theta = model.initialParameters(new SplittableRandom(5));
        double[] out = new double[1];
        double[] grad = new double[theta.length];
        return Timing.measure(() -> ev.logJoint(theta, 1, out, grad), 2000, budget / 2, 20, 20_000, budget,
                1e3, "us");
    }

    private static double[] gaussian(SplittableRandom rng, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }
}
