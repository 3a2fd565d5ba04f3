package org.bnn4j.inference;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.bnn4j.data.Dataset;
import org.bnn4j.nn.internal.Kernels;

/**
 * Where a posterior came from: the inference method and its full configuration (seeds included), a fingerprint of
 * the training data, the bnn4j version, the time of the fit and the machine facts that decide bit-for-bit
 * reproducibility. Every posterior a bnn4j method returns carries one ({@link Posterior#provenance()}), and
 * {@code PosteriorIO} saves and restores it, so a model file says how to fit it again. After Tribuo's
 * {@code ModelProvenance}.
 *
 * <pre>{@code
 * Posterior p = new Svi(SviConfig.defaults()).fit(model, train);
 * System.out.println(p.provenance().configuration().get("seed"));
 * System.out.println(p.provenance().data().sha256());
 * }</pre>
 *
 * @param method         the method's name ({@code svi}, {@code laplace}, ...)
 * @param configuration  the method's settings as JSON-friendly values (insertion-ordered; nested maps for nested
 *                       records); copied
 * @param data           the training data's fingerprint, or null when unknown
 * @param standardized   whether the fit standardised the data
 * @param libraryVersion the bnn4j version that fitted it
 * @param created        when the fit finished, or null when unknown
 * @param environment    JVM and machine facts (Java version, architecture, hardware FMA); copied
 */
public record Provenance(String method, Map<String, Object> configuration, DataFingerprint data, boolean standardized,
                         String libraryVersion, Instant created, Map<String, String> environment) {

    /** Fallback version when not running from a packaged jar: the build's version (keep in step with the pom). */
    static final String BUILD_VERSION = "0.1.0-SNAPSHOT";

    /** The provenance of a posterior built by hand rather than by an inference method. */
    public static final Provenance UNRECORDED = new Provenance("unrecorded", Map.of(), null, false, "unknown", null,
            Map.of());

    /** Copies the maps. */
    public Provenance {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(libraryVersion, "libraryVersion");
        configuration = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(configuration,
                "configuration")));
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(environment,
                "environment")));
    }

    /**
     * The provenance of a fit that is finishing now.
     *
     * @param method  the method
     * @param data    the training data in original units
     * @param options the fit's options
     * @return the provenance, created now
     */
    public static Provenance of(InferenceMethod method, Dataset data, FitOptions options) {
        return new Provenance(method.name(), method.configuration(), DataFingerprint.of(data), options.standardize(),
                currentLibraryVersion(), Instant.now(), currentEnvironment());
    }

    /** @return the version of this bnn4j (from the jar's manifest, else the build's version) */
    public static String currentLibraryVersion() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? BUILD_VERSION : v;
    }

    /** @return the facts of this JVM that decide bit-for-bit reproducibility */
    public static Map<String, String> currentEnvironment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("javaVersion", System.getProperty("java.version"));
        m.put("javaVendor", System.getProperty("java.vendor"));
        m.put("osArch", System.getProperty("os.arch"));
        m.put("hardwareFma", Boolean.toString(Kernels.hardwareFma()));
        return m;
    }

    /** @return whether this is {@link #UNRECORDED} */
    public boolean recorded() {
        return !this.equals(UNRECORDED);
    }

    /**
     * What identifies a training set: its shape and a SHA-256 digest of its values.
     *
     * @param rows    rows
     * @param inDim   input columns
     * @param outDim  target columns
     * @param sha256  hex digest of the rows, inputs then targets, as IEEE-754 doubles (big-endian), after the three
     *                dimensions as 32-bit integers
     */
    public record DataFingerprint(int rows, int inDim, int outDim, String sha256) {

        /** Values per block read from the dataset while digesting (64 KB). */
        private static final int DIGEST_BLOCK_VALUES = 8192;

        /** @throws NullPointerException if the digest is null */
        public DataFingerprint {
            Objects.requireNonNull(sha256, "sha256");
        }

        /**
         * @param data a dataset
         * @return its fingerprint
         */
        public static DataFingerprint of(Dataset data) {
            Objects.requireNonNull(data, "data");
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform provides SHA-256", e);
            }
            md.update(ByteBuffer.allocate(12).putInt(data.size()).putInt(data.inDim()).putInt(data.outDim()).array());
            digest(md, data, true);
            digest(md, data, false);
            return new DataFingerprint(data.size(), data.inDim(), data.outDim(),
                    HexFormat.of().formatHex(md.digest()));
        }

        /** Feeds the inputs or the targets, row by row, through one block buffer (no copy of the whole data). */
        private static void digest(MessageDigest md, Dataset data, boolean inputs) {
            int cols = inputs ? data.inDim() : data.outDim();
            int blockRows = Math.max(1, Math.min(data.size(), DIGEST_BLOCK_VALUES / cols));
            double[] block = new double[blockRows * cols];
            ByteBuffer bytes = ByteBuffer.allocate(block.length * Double.BYTES); // big-endian
            for (int r0 = 0; r0 < data.size(); r0 += blockRows) {
                int rows = Math.min(blockRows, data.size() - r0);
                data.copyRows(r0, rows, inputs ? block : null, inputs ? null : block);
                bytes.clear();
                bytes.asDoubleBuffer().put(block, 0, rows * cols);
                md.update(bytes.array(), 0, rows * cols * Double.BYTES);
            }
        }
    }
}
