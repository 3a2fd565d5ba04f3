package org.bnn4j.inference.internal;

import java.util.function.BiConsumer;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.Provenance;

/**
 * Lets the inference methods and the file reader attach a {@link Provenance} to a posterior they have just built,
 * without a public mutator on the posterior types (the shared-secrets pattern of the JDK). Not part of the API.
 */
public final class ProvenanceAccess {

    private static volatile BiConsumer<Posterior, Provenance> attacher;

    private ProvenanceAccess() {
    }

    /** @param a the attacher; set once by {@code AbstractPosterior}'s static initialiser */
    public static void setAttacher(BiConsumer<Posterior, Provenance> a) {
        attacher = a;
    }

    /**
     * Records the provenance of a posterior that has not been handed out yet.
     *
     * @param posterior  a posterior built by bnn4j (an {@code AbstractPosterior}); others are returned unchanged
     * @param provenance its provenance
     * @param <P>        the posterior type
     * @return the posterior
     * @throws IllegalStateException if it already has a provenance
     */
    public static <P extends Posterior> P attach(P posterior, Provenance provenance) {
        try {
            Class.forName("org.bnn4j.inference.AbstractPosterior", true, ProvenanceAccess.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        attacher.accept(posterior, provenance);
        return posterior;
    }
}
