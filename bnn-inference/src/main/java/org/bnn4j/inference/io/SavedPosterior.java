package org.bnn4j.inference.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.bnn4j.inference.Posterior;

/**
 * A posterior read from a file, with what the file says about itself.
 *
 * @param posterior      the posterior, predicting exactly as the saved one
 * @param formatVersion  the file's format version
 * @param libraryVersion the bnn4j version that wrote the file
 * @param attributes     application metadata saved with the posterior (e.g. feature names); copied
 */
public record SavedPosterior(Posterior posterior, int formatVersion, String libraryVersion,
                             Map<String, Object> attributes) {

    /** @throws NullPointerException if an argument is null */
    public SavedPosterior {
        Objects.requireNonNull(posterior, "posterior");
        Objects.requireNonNull(libraryVersion, "libraryVersion");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(attributes, "attributes")));
    }
}
