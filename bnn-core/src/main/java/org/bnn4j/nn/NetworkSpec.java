package org.bnn4j.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable description of a feed-forward regression network.
 *
 * <p>A heteroskedastic network has two linear heads on the last hidden layer: a mean head of width
 * {@code outDim} and a raw-scale head of width {@code outDim} mapped to a positive standard deviation by
 * the {@link ScaleTransform}. A homoskedastic network has only the mean head (its noise scale lives in the
 * likelihood). With no hidden layers the heads act on the inputs directly (linear regression).
 *
 * <pre>{@code
 * NetworkSpec spec = NetworkSpec.builder(1, 1).hidden(50).activation(Activation.TANH).build();
 * }</pre>
 *
 * @param inDim           number of input features, {@code >= 1}
 * @param hiddenWidths    widths of the hidden layers (may be empty), each {@code >= 1}; copied
 * @param activation      hidden-layer activation
 * @param outDim          number of regression targets D, {@code >= 1}
 * @param heteroskedastic whether the network has a scale head
 * @param scaleTransform  raw scale to standard deviation (ignored for homoskedastic networks)
 */
public record NetworkSpec(int inDim, int[] hiddenWidths, Activation activation, int outDim,
                          boolean heteroskedastic, ScaleTransform scaleTransform) {

    /** @throws IllegalArgumentException on non-positive dimensions or null components */
    public NetworkSpec {
        if (inDim < 1) {
            throw new IllegalArgumentException("inDim must be >= 1 but was " + inDim + "; pass the number of input features");
        }
        if (outDim < 1) {
            throw new IllegalArgumentException("outDim must be >= 1 but was " + outDim + "; pass the number of targets");
        }
        Objects.requireNonNull(hiddenWidths, "hiddenWidths must not be null; pass new int[0] for no hidden layer");
        hiddenWidths = hiddenWidths.clone();
        for (int i = 0; i < hiddenWidths.length; i++) {
            if (hiddenWidths[i] < 1) {
                throw new IllegalArgumentException("hidden width " + i + " must be >= 1 but was " + hiddenWidths[i]
                        + "; pass positive layer widths");
            }
        }
        Objects.requireNonNull(activation, "activation must not be null; pass Activation.TANH or Activation.RELU");
        Objects.requireNonNull(scaleTransform, "scaleTransform must not be null; pass ScaleTransform.defaultTransform()");
    }

    /** @return a copy of the hidden widths */
    @Override
    public int[] hiddenWidths() {
        return hiddenWidths.clone();
    }

    /** @return number of hidden layers */
    public int numHidden() {
        return hiddenWidths.length;
    }

    /**
     * @param i hidden layer index
     * @return width of hidden layer i
     */
    public int hiddenWidth(int i) {
        return hiddenWidths[i];
    }

    /** @return width of the layer the heads read from (the last hidden layer, or the input) */
    public int lastWidth() {
        return hiddenWidths.length == 0 ? inDim : hiddenWidths[hiddenWidths.length - 1];
    }

    /** @return a short string like {@code 1-50-1 tanh heteroskedastic} */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(inDim);
        for (int w : hiddenWidths) {
            sb.append('-').append(w);
        }
        sb.append('-').append(outDim).append(' ').append(activation.id())
                .append(heteroskedastic ? " heteroskedastic" : " homoskedastic");
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec s && inDim == s.inDim && outDim == s.outDim
                && heteroskedastic == s.heteroskedastic && activation == s.activation
                && Arrays.equals(hiddenWidths, s.hiddenWidths) && scaleTransform.equals(s.scaleTransform);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inDim, Arrays.hashCode(hiddenWidths), activation, outDim, heteroskedastic, scaleTransform);
    }

    @Override
    public String toString() {
        return "NetworkSpec[" + describe() + ", " + scaleTransform + "]";
    }

    /**
     * @param inDim  number of input features
     * @param outDim number of targets
     * @return a builder with tanh, no hidden layers, heteroskedastic, default scale transform
     */
    public static Builder builder(int inDim, int outDim) {
        return new Builder(inDim, outDim);
    }

    /**
     * @return a builder holding this spec's settings, so one setting can change without restating the others
     */
    public Builder toBuilder() {
        return new Builder(inDim, outDim).hidden(hiddenWidths).activation(activation).heteroskedastic(heteroskedastic)
                .scaleTransform(scaleTransform);
    }

    /** Builder for {@link NetworkSpec}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final int inDim;
        private final int outDim;
        private int[] hidden = new int[0];
        private Activation activation = Activation.TANH;
        private boolean heteroskedastic = true;
        private ScaleTransform scaleTransform = ScaleTransform.defaultTransform();

        private Builder(int inDim, int outDim) {
            this.inDim = inDim;
            this.outDim = outDim;
        }

        /** @param widths hidden layer widths, in order @return this */
        public Builder hidden(int... widths) {
            this.hidden = widths.clone();
            return this;
        }

        /** @param a hidden activation (default tanh) @return this */
        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        /** @param h whether to add a scale head (default true) @return this */
        public Builder heteroskedastic(boolean h) {
            this.heteroskedastic = h;
            return this;
        }

        /** @param t raw-scale transform (default softplus + 1e-3) @return this */
        public Builder scaleTransform(ScaleTransform t) {
            this.scaleTransform = t;
            return this;
        }

        /** @return the validated spec */
        public NetworkSpec build() {
            return new NetworkSpec(inDim, hidden, activation, outDim, heteroskedastic, scaleTransform);
        }
    }
}
