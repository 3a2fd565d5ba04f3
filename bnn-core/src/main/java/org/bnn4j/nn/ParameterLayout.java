package org.bnn4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bnn4j.nn.internal.FusedCpuKernel;
import org.bnn4j.nn.internal.Nd4jKernel;
import org.bnn4j.nn.internal.ReferenceKernel;

/**
 * Names the slices of a network's flat parameter vector.
 *
 * <p>Order: for each hidden layer {@code l}: weight {@code [in, out]} row-major, then bias {@code [out]};
 * then the mean head (weight {@code [last, D]}, bias {@code [D]}); then, for heteroskedastic networks, the
 * scale head (weight {@code [last, D]}, bias {@code [D]}).
 *
 * <p>An immutable value computed once per network: every kernel ({@link FusedCpuKernel}, {@link Nd4jKernel},
 * {@link ReferenceKernel}, the SVI local reparameterization) reads its layer widths and slice offsets from here.
 */
public final class ParameterLayout {

    /** What a slice holds. */
    public enum Kind { WEIGHT, BIAS }

    /**
     * One weight matrix or bias vector.
     *
     * @param name   e.g. {@code hidden0.weight}, {@code mean.bias}, {@code scale.weight}
     * @param layer  index of the layer (hidden layers 0.., mean head = numHidden, scale head = numHidden + 1)
     * @param kind   weight or bias
     * @param offset first index in the flat vector
     * @param rows   rows (fan-in for weights, 1 for biases)
     * @param cols   columns (fan-out)
     * @param fanIn  fan-in of the layer the slice belongs to
     */
    public record Slice(String name, int layer, Kind kind, int offset, int rows, int cols, int fanIn) {
        /** @return number of parameters in the slice */
        public int size() {
            return rows * cols;
        }
    }

    private final List<Slice> slices;
    private final int size;
    private final int numHidden;
    /** Layer widths from the input: {@code widths[0]} is inDim, {@code widths[l + 1]} hidden layer l's width. */
    private final int[] widths;
    private final int outDim;
    private final int[] weightOffsets;
    private final int[] biasOffsets;
    private final int meanWeight;
    private final int meanBias;
    private final int scaleWeight;
    private final int scaleBias;

    /** @param spec the network @throws NullPointerException if spec is null */
    public ParameterLayout(NetworkSpec spec) {
        numHidden = spec.numHidden();
        outDim = spec.outDim();
        widths = new int[numHidden + 1];
        widths[0] = spec.inDim();
        weightOffsets = new int[numHidden];
        biasOffsets = new int[numHidden];
        List<Slice> s = new ArrayList<>();
        int off = 0;
        for (int l = 0; l < numHidden; l++) {
            int in = widths[l];
            int out = spec.hiddenWidth(l);
            widths[l + 1] = out;
            weightOffsets[l] = off;
            s.add(new Slice("hidden" + l + ".weight", l, Kind.WEIGHT, off, in, out, in));
            off += in * out;
            biasOffsets[l] = off;
            s.add(new Slice("hidden" + l + ".bias", l, Kind.BIAS, off, 1, out, in));
            off += out;
        }
        int in = widths[numHidden];
        int d = outDim;
        meanWeight = off;
        s.add(new Slice("mean.weight", numHidden, Kind.WEIGHT, off, in, d, in));
        off += in * d;
        meanBias = off;
        s.add(new Slice("mean.bias", numHidden, Kind.BIAS, off, 1, d, in));
        off += d;
        if (spec.heteroskedastic()) {
            scaleWeight = off;
            s.add(new Slice("scale.weight", numHidden + 1, Kind.WEIGHT, off, in, d, in));
            off += in * d;
            scaleBias = off;
            s.add(new Slice("scale.bias", numHidden + 1, Kind.BIAS, off, 1, d, in));
            off += d;
        } else {
            scaleWeight = -1;
            scaleBias = -1;
        }
        this.slices = Collections.unmodifiableList(s);
        this.size = off;
    }

    /** @return all slices in vector order (unmodifiable) */
    public List<Slice> slices() {
        return slices;
    }

    /** @return total number of network parameters P */
    public int size() {
        return size;
    }

    /**
     * @param name slice name
     * @return the slice
     * @throws IllegalArgumentException if no slice has that name
     */
    public Slice slice(String name) {
        for (Slice s : slices) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no parameter slice named '" + name + "'; known: "
                + slices.stream().map(Slice::name).toList());
    }

    /** @return number of hidden layers */
    public int numHidden() {
        return numHidden;
    }

    /**
     * @param l layer index from the input: 0 is the input, {@code l} in {@code [1, numHidden()]} hidden layer
     *          {@code l - 1}
     * @return the layer's width (inDim for {@code l = 0})
     */
    public int layerWidth(int l) {
        return widths[l];
    }

    /** @return a new array of the layer widths from the input, {@code [numHidden() + 1]}: inDim, then each hidden width */
    public int[] layerWidths() {
        return widths.clone();
    }

    /** @return number of input features */
    public int inDim() {
        return widths[0];
    }

    /** @return width of the layer the heads read from (the last hidden layer, or the input) */
    public int lastWidth() {
        return widths[numHidden];
    }

    /** @return output dimension D of each head */
    public int outDim() {
        return outDim;
    }

    /** @return whether the network has a scale head */
    public boolean heteroskedastic() {
        return scaleWeight >= 0;
    }

    /**
     * @param l hidden layer index
     * @return offset of hidden layer l's weight matrix {@code [in, out]}
     */
    public int hiddenWeightOffset(int l) {
        return weightOffsets[l];
    }

    /**
     * @param l hidden layer index
     * @return offset of hidden layer l's bias
     */
    public int hiddenBiasOffset(int l) {
        return biasOffsets[l];
    }

    /** @return offset of the mean head's weight matrix {@code [last, D]} */
    public int meanWeightOffset() {
        return meanWeight;
    }

    /** @return offset of the mean head's bias */
    public int meanBiasOffset() {
        return meanBias;
    }

    /** @return offset of the scale head's weight matrix {@code [last, D]}, or -1 for a homoskedastic network */
    public int scaleWeightOffset() {
        return scaleWeight;
    }

    /** @return offset of the scale head's bias, or -1 for a homoskedastic network */
    public int scaleBiasOffset() {
        return scaleBias;
    }

    /**
     * Checks the arrays of one network evaluation on {@code double[]} against this layout: {@code n} parameter rows of
     * length {@code stride >= P} and {@code b} inputs of {@link #inDim()} values, both row-major. The compute kernels
     * call it before every pass.
     *
     * @param params parameter rows {@code [n, stride]}
     * @param stride row length of {@code params}, {@code >= size()}
     * @param n      number of parameter rows
     * @param x      inputs {@code [b, inDim]}
     * @param b      number of inputs
     * @throws IllegalArgumentException if stride is below P or an array is too short for {@code n} or {@code b}
     */
    public void checkCall(double[] params, int stride, int n, double[] x, int b) {
        if (stride < size) {
            throw new IllegalArgumentException("stride must be >= P = " + size + " but was " + stride);
        }
        if (params.length < (long) n * stride) {
            throw new IllegalArgumentException("params must hold n*stride = " + (long) n * stride + " values but had "
                    + params.length);
        }
        if (x.length < (long) b * widths[0]) {
            throw new IllegalArgumentException("x must hold b*inDim = " + (long) b * widths[0] + " values but had "
                    + x.length);
        }
    }

    /**
     * Fan-in of the layer each parameter belongs to.
     *
     * @return a new array of length {@link #size()}
     */
    public int[] fanInPerParameter() {
        int[] f = new int[size];
        for (Slice s : slices) {
            java.util.Arrays.fill(f, s.offset(), s.offset() + s.size(), s.fanIn());
        }
        return f;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParameterLayout[P=").append(size);
        for (Slice s : slices) {
            sb.append(", ").append(s.name()).append('[').append(s.rows()).append('x').append(s.cols()).append(']');
        }
        return sb.append(']').toString();
    }
}
