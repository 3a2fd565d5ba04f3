package org.bnn4j.nn;

import java.util.Locale;

/** Hidden-layer activation of a {@link NetworkSpec}. */
public enum Activation {
    /** Hyperbolic tangent (the default, as in the Pyro/TyXe BNN tutorial). */
    TANH,
    /** Rectified linear unit, {@code max(0, z)}; its derivative at 0 is taken as 0. */
    RELU;

    /**
     * Parses a name case-insensitively ({@code "tanh"}, {@code "relu"}).
     *
     * @param name the activation name
     * @return the activation
     * @throws IllegalArgumentException if the name is unknown
     */
    public static Activation parse(String name) {
        if (name != null) {
            for (Activation a : values()) {
                if (a.name().equalsIgnoreCase(name.trim())) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("activation must be one of tanh, relu but was '" + name
                + "'; pass \"tanh\" or \"relu\"");
    }

    /** @return the lower-case name used on the command line and in saved models */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
