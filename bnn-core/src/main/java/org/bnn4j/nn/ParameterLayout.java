package org.bnn4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Names the slices of a network's flat parameter vector.
 *
 * <p>Order: for each hidden layer {@code l}: weight {@code [in, out]} row-major, then bias {@code [out]};
 * then the mean head (weight {@code [last, D]}, bias {@code [D]}); then, for heteroskedastic networks, the
 * scale head (weight {@code [last, D]}, bias {@code [D]}).
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

    /** @param spec the network @throws NullPointerException if spec is null */
    public ParameterLayout(NetworkSpec spec) {
        List<Slice> s = new ArrayList<>();
        int off = 0;
        int in = spec.inDim();
        for (int l = 0; l < spec.numHidden(); l++) {
            int out = spec.hiddenWidth(l);
            s.add(new Slice("hidden" + l + ".weight", l, Kind.WEIGHT, off, in, out, in));
            off += in * out;
            s.add(new Slice("hidden" + l + ".bias", l, Kind.BIAS, off, 1, out, in));
            off += out;
            in = out;
        }
        int d = spec.outDim();
        int head = spec.numHidden();
        s.add(new Slice("mean.weight", head, Kind.WEIGHT, off, in, d, in));
        off += in * d;
        s.add(new Slice("mean.bias", head, Kind.BIAS, off, 1, d, in));
        off += d;
        if (spec.heteroskedastic()) {
            s.add(new Slice("scale.weight", head + 1, Kind.WEIGHT, off, in, d, in));
            off += in * d;
            s.add(new Slice("scale.bias", head + 1, Kind.BIAS, off, 1, d, in));
            off += d;
        }
        this.numHidden = spec.numHidden();
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

    /**
     * @param l hidden layer index
     * @return offset of hidden layer l's weight matrix {@code [in, out]}
     */
    public int hiddenWeightOffset(int l) {
        return slices.get(2 * l).offset();
    }

    /**
     * @param l hidden layer index
     * @return offset of hidden layer l's bias
     */
    public int hiddenBiasOffset(int l) {
        return slices.get(2 * l + 1).offset();
    }

    /** @return offset of the mean head's weight matrix {@code [last, D]} */
    public int meanWeightOffset() {
        return slices.get(2 * numHidden).offset();
    }

    /** @return offset of the mean head's bias */
    public int meanBiasOffset() {
        return slices.get(2 * numHidden + 1).offset();
    }

    /** @return offset of the scale head's weight matrix, or -1 for a homoskedastic network */
    public int scaleWeightOffset() {
        return slices.size() > 2 * numHidden + 2 ? slices.get(2 * numHidden + 2).offset() : -1;
    }

    /** @return offset of the scale head's bias, or -1 for a homoskedastic network */
    public int scaleBiasOffset() {
        return slices.size() > 2 * numHidden + 3 ? slices.get(2 * numHidden + 3).offset() : -1;
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
