package org.bnn4j.inference.laplace;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.bnn4j.nn.ParameterLayout;

/**
 * Which network parameters the Laplace Gaussian covers; the others stay at the MAP.
 *
 * <p>The covered parameters are always a contiguous tail of the {@link ParameterLayout} vector: all of it
 * ({@link #FULL}) or the two heads' weights and biases ({@link #LAST_LAYER}, which are last in the layout).
 * Kronecker-factored curvature (KFAC, Ritter et al. 2018) is not offered: the nets bnn4j fits (up to a few thousand
 * parameters) take the full curvature in about a second, and above that the last-layer Gaussian keeps the
 * linearised predictive exact in the features with no factorisation error.
 */
public enum CurvatureStructure {
    /** A dense Gaussian over all P network parameters: O(P^2) memory, O(P^3) time (an eigendecomposition). */
    FULL,
    /**
     * A dense Gaussian over the heads (mean and scale head weights and biases), hidden features fixed at the MAP
     * (Kristiadi et al. 2020; laplace-torch's {@code subset_of_weights="last_layer"}).
     */
    LAST_LAYER,
    /** {@link #FULL} up to {@link #AUTO_FULL_MAX_PARAMS} network parameters, else {@link #LAST_LAYER}. */
    AUTO;

    /**
     * Largest network for which {@link #AUTO} takes the full curvature. The cost is the P x P eigendecomposition
     * (LAPACK {@code dsyev} through ND4J, O(P^3)): measured 0.09 s at P = 202, 1.1-1.2 s at P = 800-1000 and 10.9 s
     * at P = 2000 on one core of the shared test machine at load ~9-14 (Commons Math's {@code EigenDecomposition}:
     * 0.37, 3.9 and 65 s), and two P x P float64 matrices (64 MB at P = 2000). Beyond that the full Gaussian costs
     * more than the MAP fit it refines.
     */
    public static final int AUTO_FULL_MAX_PARAMS = 2000;

    /**
     * @param numNetworkParams P
     * @return FULL or LAST_LAYER (AUTO resolved by {@link #AUTO_FULL_MAX_PARAMS})
     */
    public CurvatureStructure resolve(int numNetworkParams) {
        if (this != AUTO) {
            return this;
        }
        return numNetworkParams <= AUTO_FULL_MAX_PARAMS ? FULL : LAST_LAYER;
    }

    /**
     * @param layout the network's layout
     * @return index of the first covered parameter: 0 for FULL, the mean head's weight offset for LAST_LAYER
     * @throws IllegalStateException for AUTO (resolve it first)
     */
    public int firstParameter(ParameterLayout layout) {
        return switch (this) {
            case FULL -> 0;
            case LAST_LAYER -> layout.meanWeightOffset();
            case AUTO -> throw new IllegalStateException("resolve AUTO with resolve(numNetworkParams) first");
        };
    }

    /** @return the lower-case name used on the command line and in saved files ({@code full}, {@code lastlayer}) */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace("_", "");
    }

    /**
     * @param text {@code full}, {@code lastlayer} (or {@code last_layer}, {@code last-layer}) or {@code auto},
     *             any case
     * @return the structure
     * @throws IllegalArgumentException if the text names none
     */
    public static CurvatureStructure parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        for (CurvatureStructure s : values()) {
            if (s.id().equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("curvature structure must be one of "
                + Arrays.stream(values()).map(CurvatureStructure::id).collect(Collectors.joining(", ")) + " but was '"
                + text + "'; e.g. --laplace-structure auto");
    }
}
