package org.bnn4j.inference.io;

import java.util.Map;
import org.bnn4j.model.Likelihood;

/**
 * How one likelihood type is written into a posterior file's model configuration and read back: a type name stored
 * in the file and the likelihood's settings (numbers, strings, booleans, or nested maps of those). The built-in
 * likelihoods (Gaussian and Student-t, homo- and heteroskedastic) are registered already; a user likelihood is added
 * with {@link PosteriorIO#register(LikelihoodCodec)} or as a {@link java.util.ServiceLoader} provider of this
 * interface. Numbers are stored in Java's shortest round-trip form, so doubles read back bit for bit.
 *
 * <pre>{@code
 * public final class LaplaceNoiseCodec implements LikelihoodCodec<LaplaceNoise> {
 *     public String typeName() { return "laplace"; }
 *     public Class<LaplaceNoise> type() { return LaplaceNoise.class; }
 *     public Map<String, Object> settings(LaplaceNoise l) { return Map.of("scale", l.scale()); }
 *     public LaplaceNoise decode(LikelihoodCodec.Settings s) { return new LaplaceNoise(s.number("scale")); }
 * }
 * }</pre>
 *
 * @param <L> the likelihood type
 */
public interface LikelihoodCodec<L extends Likelihood> {

    /** @return the type name stored in files, unique among registered likelihood codecs (e.g. {@code student-t}) */
    String typeName();

    /** @return the likelihood class this codec writes (instances of subclasses are written too) */
    Class<L> type();

    /**
     * @param likelihood the likelihood
     * @return its settings by name (names other than {@code type}); values are numbers, strings, booleans or
     *         nested {@code Map<String, Object>}s of those; empty by default
     */
    default Map<String, Object> settings(L likelihood) {
        return Map.of();
    }

    /**
     * Rebuilds a likelihood.
     *
     * @param settings what the file holds for it
     * @return the likelihood
     * @throws IllegalArgumentException if a setting is missing or invalid
     */
    L decode(Settings settings);

    /** A likelihood's saved settings, read with checks that name the field. */
    final class Settings {

        private final String where;
        private final Map<String, Object> values;

        /**
         * @param where  the field's path in the file, for messages (e.g. {@code model.likelihood})
         * @param values the settings
         */
        public Settings(String where, Map<String, Object> values) {
            this.where = where;
            this.values = Map.copyOf(values);
        }

        private Object get(String name) {
            Object v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("metadata field " + where + "." + name + " is missing");
            }
            return v;
        }

        /**
         * @param name the setting
         * @return its value as a double
         * @throws IllegalArgumentException if it is missing or not a number
         */
        public double number(String name) {
            Object v = get(name);
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException("metadata field " + where + "." + name
                        + " must be a number but was " + v);
            }
            return n.doubleValue();
        }

        /**
         * @param name the setting
         * @return its value as a string
         * @throws IllegalArgumentException if it is missing
         */
        public String text(String name) {
            return String.valueOf(get(name));
        }

        /**
         * @param name the setting
         * @return whether it is present
         */
        public boolean has(String name) {
            return values.get(name) != null;
        }

        /**
         * @param name the setting
         * @return its nested settings
         * @throws IllegalArgumentException if it is missing or not an object
         */
        @SuppressWarnings("unchecked")
        public Settings child(String name) {
            Object v = get(name);
            if (!(v instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("metadata field " + where + "." + name
                        + " must be an object but was " + v);
            }
            return new Settings(where + "." + name, (Map<String, Object>) m);
        }
    }
}
