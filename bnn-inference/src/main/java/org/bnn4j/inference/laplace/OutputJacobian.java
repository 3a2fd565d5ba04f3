package org.bnn4j.inference.laplace;

import java.util.Arrays;
import org.bnn4j.nn.NetworkJacobian;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ParameterLayout;

/**
 * The head outputs at fixed weights and their Jacobian with respect to the parameters the Gaussian covers (a tail
 * {@code [first, P)} of the layout, see {@link CurvatureStructure}): the full {@link NetworkJacobian} for FULL, or
 * for LAST_LAYER the heads' own Jacobian, which is the last hidden layer's features (and 1 for the biases).
 * Immutable and thread-safe.
 */
final class OutputJacobian {

    /** Points per tile of {@link #evaluate}: bounds the Jacobian buffers to {@code TILE * D * Q} doubles each. */
    static final int TILE = 256;

    private final NetworkSpec spec;
    private final NetworkJacobian jacobian;
    private final CurvatureStructure structure;
    private final int first;
    private final int numParams;
    private final int outDim;
    private final int lastWidth;
    private final int meanW;
    private final int meanB;
    private final int scaleW;
    private final int scaleB;

    /**
     * @param spec      the network
     * @param structure FULL or LAST_LAYER
     */
    OutputJacobian(NetworkSpec spec, CurvatureStructure structure) {
        this.spec = spec;
        this.jacobian = new NetworkJacobian(spec);
        this.structure = structure;
        ParameterLayout layout = new ParameterLayout(spec);
        this.first = structure.firstParameter(layout);
        this.numParams = layout.size();
        this.outDim = spec.outDim();
        this.lastWidth = spec.lastWidth();
        this.meanW = layout.meanWeightOffset() - first;
        this.meanB = layout.meanBiasOffset() - first;
        this.scaleW = layout.scaleWeightOffset() - first;
        this.scaleB = layout.scaleBiasOffset() - first;
    }

    /** @return index of the first covered parameter */
    int first() {
        return first;
    }

    /** @return number of covered parameters Q */
    int size() {
        return numParams - first;
    }

    /** @return the network */
    NetworkSpec spec() {
        return spec;
    }

    /**
     * @param theta parameters (network part from index 0)
     * @param x     inputs {@code [b, inDim]}
     * @param b     points
     * @param mean  receives {@code [b, D]}
     * @param raw   receives {@code [b, D]} raw scales (heteroskedastic), else null
     * @param jMean receives {@code [b, D, Q]}
     * @param jRaw  receives {@code [b, D, Q]} (heteroskedastic), else null
     */
    void evaluate(double[] theta, double[] x, int b, double[] mean, double[] raw, double[] jMean, double[] jRaw) {
        if (structure == CurvatureStructure.FULL) {
            jacobian.evaluate(theta, 0, x, b, mean, raw, jMean, jRaw);
            return;
        }
        jacobian.evaluate(theta, 0, x, b, mean, raw, null, null);
        double[] f = new double[b * lastWidth];
        jacobian.features(theta, 0, x, b, f);
        int q = size();
        Arrays.fill(jMean, 0, b * outDim * q, 0.0);
        if (jRaw != null) {
            Arrays.fill(jRaw, 0, b * outDim * q, 0.0);
        }
        for (int i = 0; i < b; i++) {
            for (int d = 0; d < outDim; d++) {
                int r = (i * outDim + d) * q;
                for (int k = 0; k < lastWidth; k++) {
                    jMean[r + meanW + k * outDim + d] = f[i * lastWidth + k];
                }
                jMean[r + meanB + d] = 1.0;
                if (jRaw != null) {
                    for (int k = 0; k < lastWidth; k++) {
                        jRaw[r + scaleW + k * outDim + d] = f[i * lastWidth + k];
                    }
                    jRaw[r + scaleB + d] = 1.0;
                }
            }
        }
    }
}
