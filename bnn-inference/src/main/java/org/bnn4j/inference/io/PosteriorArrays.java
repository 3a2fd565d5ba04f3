package org.bnn4j.inference.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.Diagnostics;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.SamplePosterior;
import org.bnn4j.inference.svi.MeanFieldPosterior;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.Arrays2;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays of each posterior kind as ND4J binary zip entries (float64, so values round-trip bit for bit), and
 * the reverse.
 *
 * @param kind    {@code point-mass}, {@code mean-field} or {@code samples}
 * @param arrays  name to array
 */
record PosteriorArrays(String kind, Map<String, INDArray> arrays) {

    static final String POINT_MASS = "point-mass";
    static final String MEAN_FIELD = "mean-field";
    static final String SAMPLES = "samples";

    static PosteriorArrays of(Posterior p) {
        Map<String, INDArray> a = new LinkedHashMap<>();
        if (p instanceof PointMassPosterior pm) {
            a.put("theta", Nd4j.createFromArray(pm.parameters()));
            return new PosteriorArrays(POINT_MASS, a);
        }
        if (p instanceof MeanFieldPosterior mf) {
            a.put("loc", Nd4j.createFromArray(mf.loc()));
            a.put("scale", Nd4j.createFromArray(mf.scale()));
            return new PosteriorArrays(MEAN_FIELD, a);
        }
        if (p instanceof SamplePosterior sp) {
            a.put("draws", Nd4j.createFromArray(sp.chains()));
            return new PosteriorArrays(SAMPLES, a);
        }
        throw new IllegalArgumentException("cannot save a posterior of type " + p.getClass().getName()
                + "; PosteriorIO saves PointMassPosterior, MeanFieldPosterior and SamplePosterior");
    }

    static String entryName(String array) {
        return "arrays/" + array + ".nd4j";
    }

    Map<String, byte[]> entries() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            out.put(entryName(e.getKey()), Nd4j.toByteArray(e.getValue()));
        }
        return out;
    }

    ObjectNode describe() {
        ObjectNode o = PosteriorIO.JSON.createObjectNode();
        try {
            for (Map.Entry<String, byte[]> e : entries().entrySet()) {
                String name = e.getKey().substring("arrays/".length(), e.getKey().length() - ".nd4j".length());
                ObjectNode d = o.putObject(name);
                d.put("entry", e.getKey());
                ArrayNode shape = d.putArray("shape");
                for (long s : arrays.get(name).shape()) {
                    shape.add(s);
                }
                d.put("dtype", arrays.get(name).dataType().name());
                d.put("sha256", sha256(e.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o;
    }

    /** @throws IllegalArgumentException on any inconsistency (missing entries, digests, shapes, values) */
    static Posterior decode(JsonNode meta, Map<String, byte[]> entries) {
        BayesianModel model = ModelCodec.decodeModel(ModelCodec.field(meta, "model", "metadata"));
        JsonNode s = meta.get("standardizer");
        Standardizer standardizer = s == null || s.isNull() ? null : ModelCodec.decodeStandardizer(s);
        JsonNode diag = ModelCodec.field(meta, "diagnostics", "metadata");
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = PosteriorIO.JSON.convertValue(ModelCodec.field(diag, "summary", "diagnostics"),
                Map.class);
        List<String> warnings = new ArrayList<>();
        ModelCodec.field(diag, "warnings", "diagnostics").forEach(w -> warnings.add(w.asText()));
        Diagnostics d = new SavedDiagnostics(summary, warnings);
        String method = ModelCodec.text(meta, "method", "metadata");
        JsonNode arrays = ModelCodec.field(meta, "arrays", "metadata");
        String kind = ModelCodec.text(meta, "kind", "metadata");
        int p = model.numParams();
        switch (kind) {
            case POINT_MASS -> {
                return new PointMassPosterior(model, method, vector(arrays, entries, "theta", p), standardizer, d);
            }
            case MEAN_FIELD -> {
                return new MeanFieldPosterior(model, method, vector(arrays, entries, "loc", p),
                        vector(arrays, entries, "scale", p), standardizer, d);
            }
            case SAMPLES -> {
                INDArray draws = array(arrays, entries, "draws");
                if (draws.rank() != 3 || draws.size(2) != p) {
                    throw new IllegalArgumentException("array draws must have shape [chains, draws, " + p + "] but had "
                            + java.util.Arrays.toString(draws.shape()));
                }
                int c = (int) draws.size(0);
                int t = (int) draws.size(1);
                double[] flat = Arrays2.toDoubles(draws);
                double[][][] chains = new double[c][t][];
                for (int i = 0; i < c; i++) {
                    for (int j = 0; j < t; j++) {
                        int from = (i * t + j) * p;
                        chains[i][j] = java.util.Arrays.copyOfRange(flat, from, from + p);
                    }
                }
                return new SamplePosterior(model, method, chains, standardizer, d);
            }
            default -> throw new IllegalArgumentException("unknown posterior kind '" + kind + "'");
        }
    }

    private static double[] vector(JsonNode arrays, Map<String, byte[]> entries, String name, int p) {
        INDArray a = array(arrays, entries, name);
        if (a.length() != p) {
            throw new IllegalArgumentException("array " + name + " must have " + p + " values for this model but had "
                    + a.length());
        }
        return Arrays2.toDoubles(a);
    }

    private static INDArray array(JsonNode arrays, Map<String, byte[]> entries, String name) {
        JsonNode d = ModelCodec.field(arrays, name, "arrays");
        String entry = ModelCodec.text(d, "entry", "arrays." + name);
        byte[] bytes = entries.get(entry);
        if (bytes == null) {
            throw new IllegalArgumentException("entry " + entry + " is missing");
        }
        if (!sha256(bytes).equals(ModelCodec.text(d, "sha256", "arrays." + name))) {
            throw new IllegalArgumentException("entry " + entry + " does not match its SHA-256 digest");
        }
        INDArray a;
        try {
            a = Nd4j.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("entry " + entry + " is not a readable ND4J array (" + e + ")", e);
        }
        if (a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("entry " + entry + " must hold DOUBLE values but held " + a.dataType());
        }
        return a;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

}
