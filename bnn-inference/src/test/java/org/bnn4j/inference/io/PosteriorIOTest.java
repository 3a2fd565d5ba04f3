package org.bnn4j.inference.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.SamplePosterior;
import org.bnn4j.inference.internal.AtomicWrite;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.robust.TinyFits;
import org.bnn4j.inference.svi.Guide;
import org.bnn4j.inference.svi.MeanFieldPosterior;
import org.bnn4j.inference.svi.MultivariateNormalPosterior;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.LayerwiseNormalPrior;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ScaleTransform;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** Save/load round trips of every posterior kind, atomic writes, and clear errors on bad files. */
class PosteriorIOTest {

    @TempDir
    Path dir;

    private static final Dataset DATA = TinyFits.data(3);

    @Test
    void mapPointMassRoundTripsBitForBit() throws IOException {
        Posterior p = TinyFits.method("map", 1).fit(TinyFits.model(), DATA);
        Posterior q = roundTrip(p);
        assertInstanceOf(PointMassPosterior.class, q);
        assertArrayEquals(((PointMassPosterior) p).parameters(), ((PointMassPosterior) q).parameters());
        assertEquals(p.diagnostics().summary(), q.diagnostics().summary());
        assertEquals(p.diagnostics().warnings(), q.diagnostics().warnings());
    }

    @Test
    void sviMeanFieldWithLearnedNoiseLayerwisePriorAndClampRoundTrips() throws IOException {
        NetworkSpec spec = NetworkSpec.builder(2, 1).hidden(6, 4).activation(Activation.RELU).heteroskedastic(false)
                .build();
        BayesianModel model = new BayesianModel(new FeedForwardNetwork(spec, KernelType.FUSED_CPU, DataType.DOUBLE),
                new LayerwiseNormalPrior(1.5), new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(-2, 1, 0.1)));
        Posterior p = new Svi(SviConfig.defaults().toBuilder().epochs(30).seed(4).build()).fit(model, DATA);
        Posterior q = roundTrip(p);
        assertInstanceOf(MeanFieldPosterior.class, q);
        assertEquals(spec, q.model().network().spec());
        assertEquals(KernelType.FUSED_CPU, q.model().network().kernelType());
        assertEquals(model.prior(), q.model().prior());
        assertEquals(model.likelihood(), q.model().likelihood());
        assertEquals(p.standardizer().orElseThrow(), q.standardizer().orElseThrow());
    }

    @Test
    void lowRankAndFullRankPosteriorsRoundTripBitForBit() throws IOException {
        NetworkSpec hetero = NetworkSpec.builder(2, 1).hidden(5).build();
        NetworkSpec homo = NetworkSpec.builder(2, 1).hidden(4).heteroskedastic(false).build();
        BayesianModel[] models = {BayesianModel.heteroskedastic(hetero),
            new BayesianModel(new FeedForwardNetwork(homo), new LayerwiseNormalPrior(1.5),
                    new HomoskedasticGaussian(new NoiseModel.PointEstimate(0.2))),
            new BayesianModel(new FeedForwardNetwork(homo), new LayerwiseNormalPrior(1.5),
                    new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(-2, 1, 0.1)))};
        for (BayesianModel model : models) {
            for (Guide guide : List.of(Guide.lowRank(3), Guide.fullRank())) {
                SviConfig c = SviConfig.defaults().toBuilder().epochs(30).particles(2).guide(guide).seed(4).build();
                MultivariateNormalPosterior p = (MultivariateNormalPosterior) new Svi(c).fit(model, DATA);
                MultivariateNormalPosterior q = (MultivariateNormalPosterior) roundTrip(p);
                assertArrayEquals(p.loc(), q.loc(), 0.0);
                assertArrayEquals(p.scale(), q.scale(), 0.0);
                assertArrayEquals(p.factor(), q.factor(), 0.0);
                assertEquals(p.rank(), q.rank());
                assertEquals(guide.name(), q.diagnostics().summary().get("guide"));
                assertEquals(model.likelihood(), q.model().likelihood());
            }
        }
    }

    @Test
    void clampTransformFloatDtypeAndNoStandardizerRoundTrip() throws IOException {
        NetworkSpec spec = NetworkSpec.builder(2, 1).hidden(5).scaleTransform(new ScaleTransform.Clamp(1e-3, 5))
                .build();
        BayesianModel model = new BayesianModel(new FeedForwardNetwork(spec, KernelType.AUTO, DataType.FLOAT),
                new org.bnn4j.model.NormalPrior(0.7), new org.bnn4j.model.HeteroskedasticGaussian());
        Posterior p = new MaximumAPosteriori(OptimizerConfig.builder().epochs(20).seed(2).build())
                .fit(model, DATA, FitOptions.defaults().withStandardize(false));
        Posterior q = roundTrip(p);
        assertTrue(q.standardizer().isEmpty());
        assertEquals(DataType.FLOAT, q.model().network().dtype());
        assertEquals(spec, q.model().network().spec());
    }

    @Test
    void nutsSamplesRoundTripBitForBit() throws IOException {
        SamplePosterior p = (SamplePosterior) TinyFits.method("nuts", 5).fit(TinyFits.model(), DATA);
        SamplePosterior q = (SamplePosterior) roundTrip(p);
        assertEquals(p.numChains(), q.numChains());
        assertEquals(p.drawsPerChain(), q.drawsPerChain());
        assertEquals("nuts", q.method());
        assertEquals(p.diagnostics().summary().get("divergences"), q.diagnostics().summary().get("divergences"));
    }

    @Test
    void attributesAndVersionsAreSaved() throws IOException {
        Posterior p = TinyFits.method("mle", 1).fit(TinyFits.model(), DATA);
        Path f = dir.resolve("sub/dir/m.bnn");
        PosteriorIO.save(p, f, Map.of("features", List.of("a", "b"), "header", true));
        SavedPosterior s = PosteriorIO.read(f);
        assertEquals(List.of("a", "b"), s.attributes().get("features"));
        assertEquals(true, s.attributes().get("header"));
        assertEquals(PosteriorIO.FORMAT_VERSION, s.formatVersion());
        assertEquals(PosteriorIO.libraryVersion(), s.libraryVersion());
        assertEquals("mle", s.posterior().method());
    }

    @Test
    void interruptedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Posterior p = TinyFits.method("mle", 1).fit(TinyFits.model(), DATA);
        Path f = dir.resolve("m.bnn");
        PosteriorIO.save(p, f);
        byte[] good = Files.readAllBytes(f);
        IOException e = assertThrows(IOException.class, () -> AtomicWrite.write(f, out -> {
            out.write(good, 0, good.length / 2);
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertArrayEquals(good, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "the temporary file must be removed");
        }
        PosteriorIO.load(f); // still loads
    }

    @Test
    void truncatedFileFailsNamingTheFile() throws IOException {
        Path f = saved();
        byte[] b = Files.readAllBytes(f);
        for (int len : new int[] {0, 10, b.length / 2, b.length - 1}) {
            Files.write(f, java.util.Arrays.copyOf(b, len));
            PosteriorFileException e = assertThrows(PosteriorFileException.class, () -> PosteriorIO.load(f));
            assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
            assertEquals(f, e.file());
        }
    }

    @Test
    void aCorruptedByteIsDetectedOrHarmlessNeverSilentlyWrong() throws IOException {
        Path f = saved();
        String expected = TinyFits.predictionDigest(PosteriorIO.load(f), 9);
        byte[] b = Files.readAllBytes(f);
        // flip one bit at 200 positions spread over the whole file. Each must fail with a message naming the file,
        // or hit a byte no reader uses (zip header timestamps, version-made-by, ...) and load the very same
        // posterior: a corrupted file must never load as a different model.
        int detected = 0;
        int positions = 200;
        for (int k = 0; k < positions; k++) {
            byte[] c = b.clone();
            int pos = (int) ((long) k * (b.length - 1) / (positions - 1));
            c[pos] ^= 0x10;
            Files.write(f, c);
            try {
                Posterior q = PosteriorIO.load(f);
                assertEquals(expected, TinyFits.predictionDigest(q, 9), "flip at byte " + pos + " of " + b.length
                        + " loaded a different posterior");
            } catch (PosteriorFileException e) {
                assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
                detected++;
            }
        }
        // the entries' data (deflated metadata and arrays) are most of the file: most flips must be detected
        assertTrue(detected > positions / 2, "detected only " + detected + " of " + positions);
    }

    @Test
    void foreignFilesAreRejectedWithAClearMessage() throws IOException {
        Path text = dir.resolve("notes.csv");
        Files.writeString(text, "x,y\n1,2\n");
        assertMessage(text, "not a bnn4j posterior file (not a zip archive)");

        Path zip = dir.resolve("other.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            out.write("hello".getBytes());
        }
        assertMessage(zip, "without metadata.json");

        Path json = dir.resolve("json.zip");
        writeMetadata(json, "{\"format\":\"something-else\",\"formatVersion\":1}");
        assertMessage(json, "format is 'something-else'");
    }

    @Test
    void newerFormatVersionIsRejectedNamingBothVersions() throws IOException {
        Path f = dir.resolve("v2.bnn");
        writeMetadata(f, "{\"format\":\"bnn4j-posterior\",\"formatVersion\":2,\"libraryVersion\":\"9.0\"}");
        assertMessage(f, "format version 2 (written by bnn4j 9.0) is not supported");
        writeMetadata(f, "{\"format\":\"bnn4j-posterior\",\"formatVersion\":\"x\"}");
        assertMessage(f, "formatVersion must be a positive integer but was \"x\"");
        writeMetadata(f, "{\"format\":\"bnn4j-posterior\"}");
        assertMessage(f, "formatVersion is missing;");
        writeMetadata(f, "{\"format\":\"bnn4j-posterior\",\"formatVersion\":1,\"libraryVersion\":\"0\"}");
        assertMessage(f, "metadata field metadata.model is missing");
        writeMetadata(f, "{not json");
        assertMessage(f, "metadata.json is not valid JSON");
    }

    @Test
    void preconditions() throws IOException {
        Posterior p = TinyFits.method("mle", 1).fit(TinyFits.model(), DATA);
        Path f = dir.resolve("m.bnn");
        assertThrows(NullPointerException.class, () -> PosteriorIO.save(null, f));
        assertThrows(NullPointerException.class, () -> PosteriorIO.save(p, null));
        assertThrows(NullPointerException.class, () -> PosteriorIO.save(p, f, null));
        assertThrows(NullPointerException.class, () -> PosteriorIO.load(null));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> PosteriorIO.load(dir.resolve("missing.bnn")));
        Posterior foreign = new Posterior() {
            public BayesianModel model() {
                return p.model();
            }

            public String method() {
                return "custom";
            }

            public org.nd4j.linalg.api.ndarray.INDArray sampleParameters(int n, java.util.random.RandomGenerator r) {
                return p.sampleParameters(n, r);
            }

            public PredictiveDistribution predict(org.nd4j.linalg.api.ndarray.INDArray x, int n,
                                                  java.util.random.RandomGenerator r) {
                return p.predict(x, n, r);
            }

            public org.bnn4j.inference.Diagnostics diagnostics() {
                return p.diagnostics();
            }

            public java.util.Optional<org.bnn4j.data.Standardizer> standardizer() {
                return p.standardizer();
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PosteriorIO.save(foreign, f));
        assertTrue(e.getMessage().contains("register a PosteriorCodec"), e.getMessage());
        assertFalse(Files.exists(f), "a rejected save must not create the file");
        assertThrows(IllegalArgumentException.class, () -> PosteriorIO.save(p, f, Map.of("bad", new Object())));
        assertFalse(Files.exists(f));
    }

    private Path saved() throws IOException {
        Path f = dir.resolve("m.bnn");
        PosteriorIO.save(TinyFits.method("map", 1).fit(TinyFits.model(), DATA), f);
        return f;
    }

    private static void assertMessage(Path f, String fragment) {
        PosteriorFileException e = assertThrows(PosteriorFileException.class, () -> PosteriorIO.load(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static void writeMetadata(Path f, String json) throws IOException {
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(f))) {
            out.putNextEntry(new java.util.zip.ZipEntry(PosteriorIO.METADATA_ENTRY));
            out.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Saves, loads, and checks that predictions with the same seed are identical bit for bit. */
    private Posterior roundTrip(Posterior p) throws IOException {
        Path f = dir.resolve(p.method() + ".bnn");
        PosteriorIO.save(p, f);
        Posterior q = PosteriorIO.load(f);
        assertEquals(p.method(), q.method());
        assertEquals(p.model().numParams(), q.model().numParams());
        for (long seed : new long[] {1, 2}) {
            PredictiveDistribution a = p.predict(TinyFits.testX(), 25, new SplittableRandom(seed));
            PredictiveDistribution b = q.predict(TinyFits.testX(), 25, new SplittableRandom(seed));
            assertArrayEquals(Arrays2.toDoubles(a.sampleMeans()), Arrays2.toDoubles(b.sampleMeans()));
            assertArrayEquals(Arrays2.toDoubles(a.sampleScales()), Arrays2.toDoubles(b.sampleScales()));
        }
        assertEquals(TinyFits.predictionDigest(p, 9), TinyFits.predictionDigest(q, 9));
        return q;
    }
}
