package org.bnn4j.inference.io;

import java.util.Map;
import org.bnn4j.inference.Posterior;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How one posterior family is written to a posterior file and read back: its kind name, its arrays (float64, so
 * they round-trip bit for bit) and a few scalar settings. {@link PosteriorIO} writes the model, the standardiser,
 * the diagnostics and the digests itself; a codec only says what is particular to its family. The built-in
 * families are registered in {@link PosteriorIO}; a user family is added with {@link PosteriorIO#register} or as a
 * {@link java.util.ServiceLoader} provider of this interface.
 *
 * <pre>{@code
 * public final class MyCodec implements PosteriorCodec<MyPosterior> {
 *     public String kind() { return "my-family"; }
 *     public Class<MyPosterior> type() { return MyPosterior.class; }
 *     public Map<String, INDArray> arrays(MyPosterior p) { return Map.of("theta", Nd4j.createFromArray(p.theta())); }
 *     public MyPosterior decode(PosteriorCodec.Input in) {
 *         return new MyPosterior(in.model(), in.method(), in.vector("theta", in.model().numParams()),
 *                 in.standardizer(), in.diagnostics());
 *     }
 * }
 * }</pre>
 *
 * @param <P> the posterior type
 */
public interface PosteriorCodec<P extends Posterior> {

    /** @return the kind name stored in files, unique among registered codecs (e.g. {@code mean-field}) */
    String kind();

    /** @return the posterior class this codec writes (instances of subclasses are written too) */
    Class<P> type();

    /**
     * @param posterior the posterior
     * @return its arrays by name (names are letters, digits, '-' and '_'); each array is converted to float64
     */
    Map<String, INDArray> arrays(P posterior);

    /**
     * @param posterior the posterior
     * @return scalar settings by name (strings, numbers, booleans) stored beside the arrays; empty by default
     */
    default Map<String, Object> settings(P posterior) {
        return Map.of();
    }

    /**
     * Rebuilds a posterior.
     *
     * @param in what the file holds
     * @return the posterior
     * @throws IllegalArgumentException if an array or setting is missing or inconsistent
     */
    P decode(Input in);

    /** What a posterior file holds, as a codec reads it. */
    interface Input {

        /** @return the model */
        org.bnn4j.model.BayesianModel model();

        /** @return the method name */
        String method();

        /** @return the training standardiser, or null */
        org.bnn4j.data.Standardizer standardizer();

        /** @return the diagnostics as saved (summary and warnings) */
        org.bnn4j.inference.Diagnostics diagnostics();

        /**
         * @param name the array's name
         * @return the array, digest checked, float64
         * @throws IllegalArgumentException if it is missing, fails its digest or is not float64
         */
        INDArray array(String name);

        /**
         * @param name   the array's name
         * @param length the expected number of values
         * @return the values, flattened in row-major order
         * @throws IllegalArgumentException if missing or of another length
         */
        double[] vector(String name, long length);

        /**
         * @param name the setting's name
         * @return its value (String, Number or Boolean)
         * @throws IllegalArgumentException if missing
         */
        Object setting(String name);

        /**
         * @param name the setting's name
         * @return its value as a double
         * @throws IllegalArgumentException if missing or not a number
         */
        default double doubleSetting(String name) {
            Object v = setting(name);
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException("setting " + name + " must be a number but was " + v);
            }
            return n.doubleValue();
        }

        /**
         * @param name the setting's name
         * @return its value as an int
         * @throws IllegalArgumentException if missing or not an integer
         */
        default int intSetting(String name) {
            Object v = setting(name);
            if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() != ((Number) v).intValue()) {
                throw new IllegalArgumentException("setting " + name + " must be an int but was " + v);
            }
            return ((Number) v).intValue();
        }

        /**
         * @param name the setting's name
         * @return its value as a string
         * @throws IllegalArgumentException if missing or not a string
         */
        default String stringSetting(String name) {
            Object v = setting(name);
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException("setting " + name + " must be a string but was " + v);
            }
            return s;
        }
    }
}
