package org.bnn4j.nn.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Views of an {@link Nd4jWorkspace}'s flat buffers shaped for one {@code (n, b)}; built once per size change.
 * All activations are feature-major {@code [n, width, b]}; see {@link PackedLayout} for the parameter blocks.
 * Layer 0 and, without hidden layers, the heads also get 2-D views {@code [n * out, in]} because the input
 * {@code x^T [in, b]} is shared by all samples (one plain gemm instead of a batched one).
 */
final class Nd4jPlan {
    final int n;
    final int b;
    /** Inputs transposed, {@code [in, b]}. */
    final INDArray xT;
    /** Forward weights: layer 0 as {@code [n * out, in]}, layers >= 1 as {@code [n, out, in]}. */
    final INDArray[] w;
    /** Unscaled weights for the backward pass, {@code [n, out, in]} (layers >= 1; index 0 unused). */
    final INDArray[] wBack;
    /** Same data as {@link #wBack} shaped {@code [n, in, 1]}, for layers of width 1 (else null). */
    final INDArray[] wBackCol;
    /** Biases {@code [n, out, 1]}. */
    final INDArray[] bias;
    /** Activations {@code [n, out, b]}; index 0 also as {@link #act0Flat}. */
    final INDArray[] act;
    final INDArray act0Flat;
    /** dLoss/d(activation), then dLoss/dz in place, {@code [n, out, b]}. */
    final INDArray[] delta;
    final INDArray delta0Flat;
    final INDArray[] tmp;
    /** Head weights {@code [n, H, last]} (or {@code [n * H, in]} without hidden layers), biases {@code [n, H, 1]}. */
    final INDArray headW;
    final INDArray headWCol;
    final INDArray headB;
    /** Head outputs and their gradients {@code [n, H, b]}, and as {@code [n * H, b]}. */
    final INDArray out;
    final INDArray outFlat;
    final INDArray gOut;
    final INDArray gOutFlat;
    /** Gradient blocks, same shapes as the forward weights; biases as {@code [n, out]}. */
    final INDArray[] gW;
    final INDArray[] gB;
    final INDArray gHeadW;
    final INDArray gHeadB;

    Nd4jPlan(Nd4jWorkspace ws, PackedLayout pl, int n, int b) {
        this.n = n;
        this.b = b;
        int layers = pl.numLayers;
        int[] d = pl.dims;
        int h = pl.heads;
        int last = pl.last();
        xT = view(ws.x, 0, d[0], b);
        w = new INDArray[layers];
        wBack = new INDArray[layers];
        wBackCol = new INDArray[layers];
        bias = new INDArray[layers];
        act = new INDArray[layers];
        delta = new INDArray[layers];
        tmp = new INDArray[layers];
        gW = new INDArray[layers];
        gB = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            int in = d[l];
            int out = d[l + 1];
            w[l] = l == 0 ? view(ws.params, pl.wOff(0, n), (long) n * out, in)
                    : view(ws.params, pl.wOff(l, n), n, out, in);
            gW[l] = l == 0 ? view(ws.grad, pl.wOff(0, n), (long) n * out, in)
                    : view(ws.grad, pl.wOff(l, n), n, out, in);
            if (l >= 1) {
                wBack[l] = view(ws.params, pl.backwardWOff(l, n), n, out, in);
                wBackCol[l] = out == 1 ? view(ws.params, pl.backwardWOff(l, n), n, in, 1) : null;
            }
            bias[l] = view(ws.params, pl.bOff(l, n), n, out, 1);
            gB[l] = view(ws.grad, pl.bOff(l, n), n, out);
            act[l] = view(ws.act[l], 0, n, out, b);
            delta[l] = view(ws.delta[l], 0, n, out, b);
            tmp[l] = view(ws.tmp, 0, n, out, b);
        }
        act0Flat = layers == 0 ? null : view(ws.act[0], 0, (long) n * d[1], b);
        delta0Flat = layers == 0 ? null : view(ws.delta[0], 0, (long) n * d[1], b);
        if (layers == 0) {
            headW = view(ws.params, pl.headWOff(n), (long) n * h, last);
            gHeadW = view(ws.grad, pl.headWOff(n), (long) n * h, last);
        } else {
            headW = view(ws.params, pl.headWOff(n), n, h, last);
            gHeadW = view(ws.grad, pl.headWOff(n), n, h, last);
        }
        headWCol = layers > 0 && h == 1 ? view(ws.params, pl.headWOff(n), n, last, 1) : null;
        headB = view(ws.params, pl.headBOff(n), n, h, 1);
        gHeadB = view(ws.grad, pl.headBOff(n), n, h);
        out = view(ws.out, 0, n, h, b);
        outFlat = view(ws.out, 0, (long) n * h, b);
        gOut = view(ws.gOut, 0, n, h, b);
        gOutFlat = view(ws.gOut, 0, (long) n * h, b);
    }

    /** A c-ordered view of {@code base}'s buffer starting at {@code offset}; no copy. */
    static INDArray view(INDArray base, long offset, long... shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape[i];
        }
        return Nd4j.create(base.data(), shape, stride, offset, 'c', base.dataType());
    }
}
