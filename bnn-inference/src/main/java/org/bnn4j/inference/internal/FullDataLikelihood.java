package org.bnn4j.inference.internal;

import java.util.Objects;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.ModelEvaluator;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.internal.KernelWorkspace;
import org.bnn4j.nn.internal.NetworkKernel;
import org.bnn4j.nn.internal.Kernels;

/**
 * The log-likelihood of every training row at one parameter vector, as a minibatch fit evaluates its full-data
 * objective once an epoch, without a copy of the inputs or a workspace over all rows. The network runs forward over
 * blocks of {@value #BLOCK_ROWS} rows read from the {@link TrainingData} (gathered and standardised per block); its
 * outputs for all rows ({@code [n, D]} means, and scales for a noise head: 8 bytes a row each) and the standardised
 * targets are kept, and the likelihood sums over all rows in one call. The fused kernel computes each row's outputs
 * with the same operations whatever the block, and the likelihood then sees the same arrays as over the whole batch,
 * so the value is bit for bit what {@link ModelEvaluator#logLikelihood} gives on all rows at once (the kernel is the
 * one chosen for the whole batch). When that choice is ND4J's kernel (a matmul-bound net), whose products may round
 * differently with the number of rows, the rows are evaluated at once as before. A small mutable helper of one loop.
 *
 * <pre>{@code
 * FullDataLikelihood full = new FullDataLikelihood(model, td);
 * double nll = -full.logLikelihood(theta);
 * }</pre>
 */
public final class FullDataLikelihood {

    /** Rows per forward block: a unit-major block of 50 units is 1.6 MB of activations. */
    static final int BLOCK_ROWS = 4096;

    private final BayesianModel model;
    private final TrainingData td;
    private final int n;
    private final int outDim;
    private final NetworkKernel kernel;
    private final KernelWorkspace ws;
    private final ModelEvaluator whole;
    private final double[] mean;
    private final double[] scale;
    private final double[] one = new double[1];
    private double[] chunk;

    /**
     * @param model the model
     * @param td    the training data (read in blocks; its targets are built whole on the first evaluation)
     */
    public FullDataLikelihood(BayesianModel model, TrainingData td) {
        this.model = Objects.requireNonNull(model, "model");
        this.td = Objects.requireNonNull(td, "td");
        this.n = td.size();
        FeedForwardNetwork net = model.network();
        this.outDim = net.spec().outDim();
        KernelType type = Kernels.select(net.kernelType(), net.spec(), 1, n);
        if (type == KernelType.ND4J) {
            this.kernel = null;
            this.ws = null;
            this.whole = model.newEvaluator(1, n);
            this.mean = null;
            this.scale = null;
        } else {
            this.kernel = Kernels.create(net.spec(), type, net.dtype());
            this.ws = kernel.newWorkspace(1, Math.min(n, BLOCK_ROWS));
            this.whole = null;
            this.mean = new double[n * outDim];
            this.scale = new double[net.spec().heteroskedastic() ? n * outDim : 0];
        }
    }

    /**
     * @param theta a parameter vector, length {@code model.numParams()}; not modified
     * @return {@code log p(y | x, theta)} summed over all rows and outputs (unscaled)
     */
    public double logLikelihood(double[] theta) {
        if (whole != null) {
            whole.setBatch(td.x(), td.y(), n, 1.0);
            return whole.logLikelihood(theta, 1, one, null);
        }
        int[] done = {0};
        td.forEachInputBlock((x, rows) -> {
            for (int r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
                int c = Math.min(BLOCK_ROWS, rows - r0);
                forward(theta, x, r0, c, done[0]);
                done[0] += c;
            }
        });
        return model.likelihood().logLikelihood(mean, scale, 0, n, outDim, td.y(), theta, model.numNetworkParams(),
                1.0, null, null, null, 0);
    }

    /** Runs rows {@code [r0, r0 + c)} of the block x forward and stores their outputs as rows {@code at..}. */
    private void forward(double[] theta, double[] x, int r0, int c, int at) {
        int in = td.inDim();
        double[] rows = x;
        if (r0 > 0) { // a block larger than the workspace (the whole data when held): its rows from r0 on, copied
            if (chunk == null) {
                chunk = new double[BLOCK_ROWS * in];
            }
            System.arraycopy(x, r0 * in, chunk, 0, c * in);
            rows = chunk;
        }
        kernel.forward(ws, theta, theta.length, 1, rows, c);
        System.arraycopy(ws.mean(), 0, mean, at * outDim, c * outDim);
        if (scale.length > 0) {
            System.arraycopy(ws.scale(), 0, scale, at * outDim, c * outDim);
        }
    }
}
