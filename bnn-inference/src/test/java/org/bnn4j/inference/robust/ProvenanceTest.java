package org.bnn4j.inference.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.Provenance;
import org.bnn4j.inference.internal.ProvenanceAccess;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.optim.OptimDiagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every method records where its posterior came from, and the record survives a save and load. */
class ProvenanceTest {

    @ParameterizedTest
    @ValueSource(strings = {"mle", "map", "svi", "nuts", "laplace", "ensemble"})
    void everyMethodRecordsItsConfigurationSeedAndData(String name, @TempDir Path dir) throws Exception {
        Dataset data = TinyFits.data(3);
        InferenceMethod m = TinyFits.method(name, 17);
        Instant before = Instant.now();
        Posterior p = m.fit(TinyFits.model(), data, FitOptions.defaults());
        Provenance prov = p.provenance();
        assertTrue(prov.recorded(), name);
        assertEquals(m.name(), prov.method());
        assertEquals(m.configuration(), prov.configuration());
        assertEquals(Provenance.DataFingerprint.of(data), prov.data());
        assertEquals(60, prov.data().rows());
        assertTrue(prov.standardized());
        assertFalse(prov.created().isBefore(before), prov.created() + " before " + before);
        assertEquals(Provenance.currentLibraryVersion(), prov.libraryVersion());
        assertNotNull(prov.environment().get("hardwareFma"));
        // the seed travels in the configuration (MCMC, SVI, ensembles at the top; Laplace in its MAP settings)
        Object seed = name.equals("laplace") ? ((Map<?, ?>) prov.configuration().get("map")).get("seed")
                : prov.configuration().get("seed");
        assertEquals(17L, ((Number) seed).longValue(), name + " " + prov.configuration());

        Path f = dir.resolve("m.bnn");
        PosteriorIO.save(p, f);
        Provenance back = PosteriorIO.load(f).provenance();
        assertEquals(prov.method(), back.method());
        assertEquals(prov.data(), back.data());
        assertEquals(prov.created(), back.created());
        assertEquals(prov.environment(), back.environment());
        // JSON keeps numbers as numbers but not their Java types (a long 17 reads back as an int): compare as JSON
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.valueToTree(prov.configuration()).toString(), json.valueToTree(back.configuration()).toString());
    }

    @Test
    void fingerprintDependsOnEveryValueAndTheShape() {
        Dataset a = TinyFits.data(3);
        double[] x = a.xArray();
        double[] y = a.yArray();
        assertEquals(Provenance.DataFingerprint.of(a), Provenance.DataFingerprint.of(Dataset.of(x, y, 60, 2, 1)));
        double[] y2 = y.clone();
        y2[59] = Math.nextUp(y2[59]);
        assertNotEquals(Provenance.DataFingerprint.of(a).sha256(),
                Provenance.DataFingerprint.of(Dataset.of(x, y2, 60, 2, 1)).sha256());
        // the same 120 input values read as 120 rows of one input are another data set
        double[] x1 = x.clone();
        assertNotEquals(Provenance.DataFingerprint.of(Dataset.of(x1, new double[240], 120, 1, 2)).sha256(),
                Provenance.DataFingerprint.of(Dataset.of(x1, new double[240], 60, 2, 4)).sha256());
    }

    /**
     * The digest is the documented byte sequence (the three dimensions as 32-bit integers, then every input, then every
     * target, as big-endian doubles), read here in blocks of the dataset: on 5001 rows of 3 inputs and 2 targets the
     * inputs span two blocks and an odd remainder, and the digest equals that of the bytes written out whole.
     */
    @Test
    void fingerprintIsTheDigestOfTheDocumentedBytes() throws Exception {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(6);
        int n = 5001;
        double[] x = new double[n * 3];
        double[] y = new double[n * 2];
        java.util.Arrays.setAll(x, i -> rng.nextGaussian());
        java.util.Arrays.setAll(y, i -> rng.nextGaussian());
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(12 + 8 * (x.length + y.length));
        bytes.putInt(n).putInt(3).putInt(2);
        for (double v : x) {
            bytes.putDouble(v);
        }
        for (double v : y) {
            bytes.putDouble(v);
        }
        String expected = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        assertEquals(expected, Provenance.DataFingerprint.of(Dataset.of(x, y, n, 3, 2)).sha256());
    }

    @Test
    void handBuiltPosteriorsSaveAndLoadAsUnrecorded(@TempDir Path dir) throws Exception {
        PointMassPosterior p = new PointMassPosterior(TinyFits.model(), "map",
                new double[TinyFits.model().numParams()], null, new OptimDiagnostics("map", new double[0], 0, 0,
                        java.util.List.of()));
        Path f = dir.resolve("hand.bnn");
        PosteriorIO.save(p, f);
        assertFalse(PosteriorIO.load(f).provenance().recorded());
        // a provenance without data fingerprint or time (both optional) also round-trips
        Provenance partial = new Provenance("map", Map.of("seed", 3), null, false, "x", null, Map.of());
        PointMassPosterior q = new PointMassPosterior(TinyFits.model(), "map",
                new double[TinyFits.model().numParams()], null, new OptimDiagnostics("map", new double[0], 0, 0,
                        java.util.List.of()));
        ProvenanceAccess.attach(q, partial);
        PosteriorIO.save(q, f);
        assertEquals(partial, PosteriorIO.load(f).provenance());
    }

    @Test
    void handBuiltPosteriorsAreUnrecordedAndAProvenanceIsSetOnce() {
        PointMassPosterior p = new PointMassPosterior(TinyFits.model(), "map",
                new double[TinyFits.model().numParams()], null, new OptimDiagnostics("map", new double[0], 0, 0,
                        java.util.List.of()));
        assertFalse(p.provenance().recorded());
        Provenance prov = Provenance.of(TinyFits.method("map", 1), TinyFits.data(3), FitOptions.defaults());
        ProvenanceAccess.attach(p, prov);
        assertEquals(prov, p.provenance());
        assertThrows(IllegalStateException.class, () -> ProvenanceAccess.attach(p, prov));
    }

    @Test
    void filesWithoutProvenanceLoadAsUnrecorded(@TempDir Path dir) throws Exception {
        Posterior p = TinyFits.method("map", 2).fit(TinyFits.model(), TinyFits.data(3));
        Path f = dir.resolve("m.bnn");
        PosteriorIO.save(p, f);
        // rewrite the archive with metadata.json minus its provenance, as files written before it was recorded
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(f));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] b = in.readAllBytes();
                if (e.getName().equals("metadata.json")) {
                    ObjectNode meta = (ObjectNode) new ObjectMapper().readTree(b);
                    assertNotNull(meta.remove("provenance"));
                    b = new ObjectMapper().writeValueAsBytes(meta);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(b);
                out.closeEntry();
            }
        }
        Path old = dir.resolve("old.bnn");
        Files.write(old, bytes.toByteArray());
        assertFalse(PosteriorIO.load(old).provenance().recorded());
        assertTrue(PosteriorIO.load(f).provenance().recorded());
    }
}
