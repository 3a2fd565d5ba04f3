package org.bnn4j.inference.svi;

import org.bnn4j.nn.ParameterLayout;

/**
 * The geometry of a one-hidden-layer net as the unit-major local reparameterization reads it: input width, hidden
 * width {@code w}, output width D, the activation, and the parameter offsets of the hidden layer and of every head.
 * Heads are numbered {@code hd = 0 .. numHeads - 1}: the D mean heads, then (heteroskedastic) the D scale heads, so
 * scale head d is {@code hd = D + d}. Hidden weight {@code (c, j)} (input c to unit j) is at
 * {@code hiddenW + c w + j}, hidden bias j at {@code hiddenB + j}, head hd's weight from unit j at
 * {@code headW[hd] + j D} and its bias at {@code headB[hd]}. An immutable value shared by the passes of
 * {@link UnitMajorReparameterization}.
 */
final class UnitMajorShape {

    /** Input width. */
    final int in;
    /** Hidden width. */
    final int w;
    /** Output width D. */
    final int outDim;
    /** Whether the net has scale heads. */
    final boolean hetero;
    /** tanh hidden units (else ReLU). */
    final boolean tanh;
    /** Heads: D mean heads, then (heteroskedastic) D scale heads. */
    final int numHeads;
    /** Offset of the hidden weights {@code [in, w]}. */
    final int hiddenW;
    /** Offset of the hidden biases {@code [w]}. */
    final int hiddenB;
    /** Weight offset of head hd (its weight from unit j is at {@code headW[hd] + j D}); do not modify. */
    final int[] headW;
    /** Bias offset of head hd; do not modify. */
    final int[] headB;

    /**
     * @param layout the network's layout, exactly one hidden layer
     * @param tanh   tanh hidden units (else ReLU)
     * @throws IllegalArgumentException if the network has other than one hidden layer
     */
    UnitMajorShape(ParameterLayout layout, boolean tanh) {
        if (layout.numHidden() != 1) {
            throw new IllegalArgumentException("the unit-major path takes one hidden layer but the network has "
                    + layout.numHidden());
        }
        in = layout.inDim();
        w = layout.lastWidth();
        outDim = layout.outDim();
        hetero = layout.heteroskedastic();
        this.tanh = tanh;
        numHeads = outDim * (hetero ? 2 : 1);
        hiddenW = layout.hiddenWeightOffset(0);
        hiddenB = layout.hiddenBiasOffset(0);
        headW = new int[numHeads];
        headB = new int[numHeads];
        for (int d = 0; d < outDim; d++) {
            headW[d] = layout.meanWeightOffset() + d;
            headB[d] = layout.meanBiasOffset() + d;
            if (hetero) {
                headW[outDim + d] = layout.scaleWeightOffset() + d;
                headB[outDim + d] = layout.scaleBiasOffset() + d;
            }
        }
    }
}
