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
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.Diagnostics;
import org.bnn4j.inference.Posterior;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.internal.Arrays2;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A posterior's kind, arrays (ND4J binary zip entries, float64 so values round-trip bit for bit) and settings, as
 * its {@link PosteriorCodec} gives them, and the reverse.
 *
 * @param kind     the codec's kind name
 * @param arrays   name to array (sorted by name)
 * @param settings name to scalar setting
 */
record PosteriorArrays(String kind, Map<String, INDArray> arrays, Map<String, Object> settings) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    static PosteriorArrays of(Posterior p) {
        PosteriorCodec<Posterior> codec = PosteriorCodecs.forPosterior(p);
        Map<String, INDArray> a = new TreeMap<>();
        codec.arrays(p).forEach((name, arr) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("array name '" + name + "' of codec " + codec.kind()
                        + " must be letters, digits, '-' and '_'");
            }
            a.put(name, arr.dataType() == DataType.DOUBLE ? arr : arr.castTo(DataType.DOUBLE));
        });
        return new PosteriorArrays(codec.kind(), a, new LinkedHashMap<>(codec.settings(p)));
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
        JsonNode settingsNode = meta.get("settings");
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = settingsNode == null || settingsNode.isNull() ? Map.of()
                : PosteriorIO.JSON.convertValue(settingsNode, Map.class);
        PosteriorCodec<?> codec = PosteriorCodecs.forKind(kind);
        return codec.decode(new PosteriorCodec.Input() {
            @Override
            public BayesianModel model() {
                return model;
            }

            @Override
            public String method() {
                return method;
            }

            @Override
            public Standardizer standardizer() {
                return standardizer;
            }

            @Override
            public Diagnostics diagnostics() {
                return d;
            }

            @Override
            public INDArray array(String name) {
                return PosteriorArrays.array(arrays, entries, name);
            }

            @Override
            public double[] vector(String name, long length) {
                INDArray a = array(name);
                if (a.length() != length) {
                    throw new IllegalArgumentException("array " + name + " must have " + length
                            + " values for this model but had " + a.length());
                }
                return Arrays2.toDoubles(a);
            }

            @Override
            public Object setting(String name) {
                Object v = settings.get(name);
                if (v == null) {
                    throw new IllegalArgumentException("setting " + name + " is missing");
                }
                return v;
            }
        });
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
