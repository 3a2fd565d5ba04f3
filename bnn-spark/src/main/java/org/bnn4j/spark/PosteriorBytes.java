package org.bnn4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.io.SavedDiagnostics;
import org.bnn4j.inference.io.SavedPosterior;
import org.bnn4j.model.BayesianModel;

/**
 * A posterior (or a model) in the bytes of a {@link PosteriorIO} file, the form in which it travels to Spark executors:
 * serialised once on the driver, broadcast or shipped with a task, and decoded once per executor JVM (the decoded
 * value is cached in the object, which Spark keeps per executor for a broadcast). The file format checks its own
 * digests, so a damaged transfer fails loudly instead of predicting with wrong weights.
 *
 * <pre>{@code
 * PosteriorBytes bytes = PosteriorBytes.of(posterior);                      // on the driver
 * Broadcast<PosteriorBytes> b = jsc.broadcast(bytes);
 * Posterior again = b.value().posterior();                                 // on an executor
 * }</pre>
 */
public final class PosteriorBytes implements Serializable {

    private static final long serialVersionUID = 1L;

    private final byte[] bytes;
    private transient volatile SavedPosterior decoded;

    private PosteriorBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param file a file written by {@link PosteriorIO#save} (e.g. {@code bnn fit --save})
     * @return its bytes, checked by decoding them once
     * @throws IOException if the file cannot be read or is not a valid posterior file
     */
    public static PosteriorBytes read(Path file) throws IOException {
        PosteriorBytes b = new PosteriorBytes(Files.readAllBytes(file));
        b.decoded = PosteriorIO.read(file);
        return b;
    }

    /**
     * @param posterior  a posterior {@link PosteriorIO} can save
     * @param attributes application attributes to store with it (e.g. feature names); not modified
     * @return its bytes
     * @throws UncheckedIOException if the temporary file cannot be written
     */
    public static PosteriorBytes of(Posterior posterior, Map<String, ?> attributes) {
        Objects.requireNonNull(posterior, "posterior");
        try {
            Path tmp = Files.createTempFile("bnn4j-posterior", ".bnn");
            try {
                PosteriorIO.save(posterior, tmp, attributes);
                return new PosteriorBytes(Files.readAllBytes(tmp));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the posterior through a temporary file ("
                    + e.getMessage() + "); check that java.io.tmpdir is writable", e);
        }
    }

    /**
     * @param posterior a posterior {@link PosteriorIO} can save
     * @return its bytes, with no attributes
     */
    public static PosteriorBytes of(Posterior posterior) {
        return of(posterior, Map.of());
    }

    /**
     * A model alone, carried as a point mass at {@code parameters} (the file format stores a model only with a
     * posterior).
     *
     * @param model      the model
     * @param parameters any finite parameter vector of length {@code model.numParams()}
     * @return its bytes
     */
    public static PosteriorBytes ofModel(BayesianModel model, double[] parameters) {
        return of(new PointMassPosterior(model, "model", parameters, null, new SavedDiagnostics(Map.of(), List.of())));
    }

    /** @return the size of the serialised file in bytes */
    public int size() {
        return bytes.length;
    }

    /** @return the decoded posterior (decoded at the first call in this JVM, then cached) */
    public Posterior posterior() {
        return saved().posterior();
    }

    /** @return the model of the posterior */
    public BayesianModel model() {
        return posterior().model();
    }

    /** @return the decoded file: posterior and attributes */
    public SavedPosterior saved() {
        SavedPosterior s = decoded;
        if (s == null) {
            synchronized (this) {
                s = decoded;
                if (s == null) {
                    s = decode();
                    decoded = s;
                }
            }
        }
        return s;
    }

    private SavedPosterior decode() {
        try {
            Path tmp = Files.createTempFile("bnn4j-posterior", ".bnn");
            try {
                Files.write(tmp, bytes);
                return PosteriorIO.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode the posterior on this executor (" + e.getMessage()
                    + "); check that java.io.tmpdir is writable and that every node runs the same bnn4j version", e);
        }
    }
}
