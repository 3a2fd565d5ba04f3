package org.bnn4j.inference.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.Provenance;
import org.bnn4j.inference.internal.AtomicWrite;
import org.bnn4j.inference.internal.ProvenanceAccess;

/**
 * Saves a posterior with everything needed to predict again (model configuration, standardiser, dtype, diagnostics
 * summary) to one file, and loads it back to a posterior whose {@code predict} gives bit-identical results for the
 * same random generator.
 *
 * <p>The file is a zip archive: {@code metadata.json} (Jackson) holds the format name and version, the library
 * version, the posterior kind and method, the model and standardiser, the diagnostics summary and warnings,
 * application attributes, the family's settings, and the name, shape and SHA-256 digest of each array (what a
 * family stores comes from its {@link PosteriorCodec}); the arrays are ND4J binary entries
 * ({@link org.nd4j.linalg.factory.Nd4j#toByteArray}). Writes go through {@link AtomicWrite} (temporary file, fsync,
 * rename; symbolic links followed, FIFOs and devices written through), and {@code save} first decodes what it is about
 * to write with the checks of {@code load}, so it never writes a file that {@code load} refuses. Reading
 * checks the zip structure, every entry's CRC and every array's digest, so a truncated, corrupted, foreign or
 * newer-format file fails with a {@link PosteriorFileException} naming the file and the problem.
 *
 * <pre>{@code
 * Posterior posterior = new Svi(SviConfig.defaults()).fit(model, train);
 * PosteriorIO.save(posterior, Path.of("model.bnn"));
 * Posterior again = PosteriorIO.load(Path.of("model.bnn"));
 * }</pre>
 */
public final class PosteriorIO {

    /** The format name stored in every file. */
    public static final String FORMAT = "bnn4j-posterior";
    /** The format version this build writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Fallback when not running from a packaged jar: the build's version (keep in step with the parent pom). */
    static final String METADATA_ENTRY = "metadata.json";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PosteriorIO() {
    }

    /** @return the bnn4j version recorded in saved files */
    public static String libraryVersion() {
        return Provenance.currentLibraryVersion();
    }

    /**
     * Saves with no application attributes.
     *
     * @param posterior a posterior of a registered family (every posterior bnn4j's methods return)
     * @param file      the file to create or replace atomically
     * @throws IOException              if writing fails (the previous file, if any, is left intact)
     * @throws IllegalArgumentException if no codec is registered for the posterior's type
     */
    public static void save(Posterior posterior, Path file) throws IOException {
        save(posterior, file, Map.of());
    }

    /**
     * Saves a posterior with application attributes (e.g. the feature names of a CSV file).
     *
     * @param posterior  a posterior of a registered family (every posterior bnn4j's methods return)
     * @param file       the file to create or replace atomically; parent directories are created
     * @param attributes values Jackson can write (strings, numbers, booleans, lists, maps); not modified
     * @throws IOException              if writing fails (the previous file, if any, is left intact)
     * @throws IllegalArgumentException if no codec is registered for the posterior's type, an attribute cannot be
     *                                  written, or the file would not load back (checked before anything is written)
     * @throws NullPointerException     if an argument is null
     */
    public static void save(Posterior posterior, Path file, Map<String, ?> attributes) throws IOException {
        Objects.requireNonNull(posterior, "posterior must not be null");
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(attributes, "attributes must not be null; pass Map.of()");
        PosteriorArrays arrays = PosteriorArrays.of(posterior);
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("formatVersion", FORMAT_VERSION);
        meta.put("libraryVersion", libraryVersion());
        meta.put("kind", arrays.kind());
        meta.put("method", posterior.method());
        meta.set("model", ModelCodec.encode(posterior.model()));
        if (posterior.standardizer().isPresent()) {
            meta.set("standardizer", ModelCodec.encode(posterior.standardizer().get()));
        } else {
            meta.putNull("standardizer");
        }
        ObjectNode diag = meta.putObject("diagnostics");
        diag.set("summary", JSON.valueToTree(posterior.diagnostics().summary()));
        diag.set("warnings", JSON.valueToTree(posterior.diagnostics().warnings()));
        try {
            meta.set("attributes", JSON.valueToTree(new LinkedHashMap<>(attributes)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attributes cannot be written as JSON: " + e.getMessage()
                    + "; pass strings, numbers, booleans, lists and maps", e);
        }
        meta.set("provenance", ProvenanceCodec.encode(posterior.provenance()));
        meta.set("arrays", arrays.describe());
        if (!arrays.settings().isEmpty()) {
            try {
                meta.set("settings", JSON.valueToTree(arrays.settings()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the settings of kind " + arrays.kind() + " cannot be written as "
                        + "JSON: " + e.getMessage(), e);
            }
        }
        byte[] metaBytes = JSON.writeValueAsBytes(meta);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(METADATA_ENTRY, metaBytes);
        entries.putAll(arrays.entries());
        try {
            parse(file, entries); // the same checks as load: never write a file that load would refuse
        } catch (PosteriorFileException e) {
            Throwable why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
            throw new IllegalArgumentException("the posterior cannot be saved so that it loads back ("
                    + why.getMessage() + "); nothing was written to " + file, e);
        }
        AtomicWrite.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(METADATA_ENTRY));
            zip.write(metaBytes);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : arrays.entries().entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish(); // not close(): the caller forces the channel to disk before closing it
        });
    }

    /**
     * Registers the codec of a posterior family defined outside bnn4j (the built-in families and
     * {@link java.util.ServiceLoader} providers of {@link PosteriorCodec} are registered already).
     *
     * @param codec the codec
     * @throws IllegalArgumentException if another codec already uses its kind name
     */
    public static void register(PosteriorCodec<?> codec) {
        PosteriorCodecs.register(Objects.requireNonNull(codec, "codec must not be null"));
    }

    /**
     * Registers a likelihood's codec, so that models with that likelihood can be saved and loaded (the built-in
     * Gaussian and Student-t likelihoods, and {@link java.util.ServiceLoader} providers of {@link LikelihoodCodec},
     * are registered already).
     *
     * @param codec the codec
     * @throws IllegalArgumentException if another codec already uses its type name
     */
    public static void register(LikelihoodCodec<?> codec) {
        LikelihoodCodecs.register(Objects.requireNonNull(codec, "codec must not be null"));
    }

    /**
     * Loads a posterior saved by {@link #save}.
     *
     * @param file the file
     * @return the posterior
     * @throws PosteriorFileException if the file is truncated, corrupted, not a bnn4j posterior file, or of a newer
     *                                format version
     * @throws NoSuchFileException    if the file does not exist
     * @throws IOException            on other read errors
     */
    public static Posterior load(Path file) throws IOException {
        return read(file).posterior();
    }

    /**
     * Loads a posterior with its format version, library version and application attributes.
     *
     * @param file the file
     * @return the posterior and what the file says about itself
     * @throws PosteriorFileException if the file is truncated, corrupted, not a bnn4j posterior file, or of a newer
     *                                format version
     * @throws NoSuchFileException    if the file does not exist
     * @throws IOException            on other read errors
     */
    public static SavedPosterior read(Path file) throws IOException {
        Objects.requireNonNull(file, "file must not be null");
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such posterior file; check the path");
        }
        if (Files.isDirectory(file)) {
            throw new PosteriorFileException(file, "is a directory, not a posterior file; pass a file written by "
                    + "'bnn fit --save' or PosteriorIO.save", null);
        }
        return parse(file, ZipEntries.readAll(file));
    }

    /** Decodes the entries of a posterior file, with every check {@link #read} makes. */
    private static SavedPosterior parse(Path file, Map<String, byte[]> entries) throws PosteriorFileException {
        byte[] metaBytes = entries.get(METADATA_ENTRY);
        if (metaBytes == null) {
            throw new PosteriorFileException(file, "not a bnn4j posterior file (a zip archive without "
                    + METADATA_ENTRY + "); pass a file written by 'bnn fit --save' or PosteriorIO.save", null);
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(metaBytes);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new PosteriorFileException(file, METADATA_ENTRY + " is not valid JSON (" + why
                    + "); the file is corrupted: save the posterior again", e);
        }
        checkFormat(file, meta);
        try {
            Posterior p = ProvenanceAccess.attach(PosteriorArrays.decode(meta, entries),
                    ProvenanceCodec.decode(meta.get("provenance")));
            JsonNode attrs = meta.get("attributes");
            @SuppressWarnings("unchecked")
            Map<String, Object> a = attrs == null || attrs.isNull() ? Map.of() : JSON.convertValue(attrs, Map.class);
            return new SavedPosterior(p, meta.get("formatVersion").intValue(), meta.get("libraryVersion").asText(), a);
        } catch (RuntimeException e) {
            throw new PosteriorFileException(file, "inconsistent content: " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()) + "; the file is corrupted or was edited: save the posterior again",
                    e);
        }
    }

    private static void checkFormat(Path file, JsonNode meta) throws PosteriorFileException {
        if (!meta.isObject() || !FORMAT.equals(meta.path("format").asText())) {
            throw new PosteriorFileException(file, "not a bnn4j posterior file (format is '"
                    + meta.path("format").asText("missing") + "', expected '" + FORMAT
                    + "'); pass a file written by 'bnn fit --save' or PosteriorIO.save", null);
        }
        JsonNode v = meta.get("formatVersion");
        if (v == null || !v.canConvertToInt() || v.intValue() < 1) {
            throw new PosteriorFileException(file, (v == null ? "formatVersion is missing"
                    : "formatVersion must be a positive integer but was " + v)
                    + "; the file is corrupted: save the posterior again", null);
        }
        if (v.intValue() != FORMAT_VERSION) {
            throw new PosteriorFileException(file, "format version " + v.intValue() + " (written by bnn4j "
                    + meta.path("libraryVersion").asText("?") + ") is not supported; this bnn4j " + libraryVersion()
                    + " reads format version " + FORMAT_VERSION + ": load it with a matching bnn4j version", null);
        }
        if (!meta.hasNonNull("libraryVersion")) {
            throw new PosteriorFileException(file, "libraryVersion is missing; the file is corrupted: save the "
                    + "posterior again", null);
        }
    }
}
