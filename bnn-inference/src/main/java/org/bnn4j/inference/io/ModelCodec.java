package org.bnn4j.inference.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.bnn4j.data.Standardizer;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.LayerwiseNormalPrior;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.model.Prior;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.ScaleTransform;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The model configuration and standardiser as JSON trees. Doubles are written in Java's shortest round-trip form,
 * so every value reads back bit for bit. Decoding errors are {@link IllegalArgumentException}s naming the field.
 */
final class ModelCodec {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ModelCodec() {
    }

    static ObjectNode encode(BayesianModel model) {
        FeedForwardNetwork net = model.network();
        NetworkSpec s = net.spec();
        ObjectNode n = F.objectNode();
        n.put("inDim", s.inDim());
        ArrayNode hidden = n.putArray("hidden");
        for (int w : s.hiddenWidths()) {
            hidden.add(w);
        }
        n.put("activation", s.activation().id());
        n.put("outDim", s.outDim());
        n.put("heteroskedastic", s.heteroskedastic());
        ObjectNode st = n.putObject("scaleTransform");
        if (s.scaleTransform() instanceof ScaleTransform.Softplus sp) {
            st.put("type", "softplus").put("minScale", sp.minScale());
        } else if (s.scaleTransform() instanceof ScaleTransform.Clamp c) {
            st.put("type", "clamp").put("min", c.min()).put("max", c.max());
        }
        n.put("kernel", net.kernelType().name());
        n.put("dtype", net.dtype().name());

        ObjectNode m = F.objectNode();
        m.set("network", n);
        ObjectNode p = m.putObject("prior");
        if (model.prior() instanceof NormalPrior np) {
            p.put("type", "normal").put("priorStd", np.priorStd());
        } else if (model.prior() instanceof LayerwiseNormalPrior lp) {
            p.put("type", "layerwise").put("scale", lp.scale());
        }
        ObjectNode l = m.putObject("likelihood");
        LikelihoodCodec<Likelihood> codec = LikelihoodCodecs.forLikelihood(model.likelihood());
        l.put("type", codec.typeName());
        putAll(l, codec.settings(model.likelihood()), "model.likelihood");
        return m;
    }

    static BayesianModel decodeModel(JsonNode m) {
        JsonNode n = field(m, "network", "model");
        JsonNode hiddenNode = field(n, "hidden", "model.network");
        int[] hidden = new int[hiddenNode.size()];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = hiddenNode.get(i).asInt();
        }
        JsonNode st = field(n, "scaleTransform", "model.network");
        String stType = text(st, "type", "model.network.scaleTransform");
        ScaleTransform transform = switch (stType) {
            case "softplus" -> new ScaleTransform.Softplus(number(st, "minScale", "scaleTransform"));
            case "clamp" -> new ScaleTransform.Clamp(number(st, "min", "scaleTransform"), number(st, "max", "scaleTransform"));
            default -> throw unknown("model.network.scaleTransform.type", stType);
        };
        NetworkSpec spec = new NetworkSpec(integer(n, "inDim", "model.network"), hidden,
                Activation.parse(text(n, "activation", "model.network")), integer(n, "outDim", "model.network"),
                field(n, "heteroskedastic", "model.network").asBoolean(), transform);
        KernelType kernel = KernelType.valueOf(text(n, "kernel", "model.network").toUpperCase(Locale.ROOT));
        DataType dtype = DataType.valueOf(text(n, "dtype", "model.network").toUpperCase(Locale.ROOT));
        FeedForwardNetwork net = new FeedForwardNetwork(spec, kernel, dtype);

        JsonNode p = field(m, "prior", "model");
        String pType = text(p, "type", "model.prior");
        Prior prior = switch (pType) {
            case "normal" -> new NormalPrior(number(p, "priorStd", "model.prior"));
            case "layerwise" -> new LayerwiseNormalPrior(number(p, "scale", "model.prior"));
            default -> throw unknown("model.prior.type", pType);
        };
        JsonNode l = field(m, "likelihood", "model");
        String lType = text(l, "type", "model.likelihood");
        Likelihood likelihood = LikelihoodCodecs.forName(lType)
                .decode(new LikelihoodCodec.Settings("model.likelihood", toMap(l)));
        return new BayesianModel(net, prior, likelihood);
    }

    /** Writes a codec's settings (numbers, strings, booleans, nested maps) into o. */
    @SuppressWarnings("unchecked")
    private static void putAll(ObjectNode o, java.util.Map<String, Object> settings, String where) {
        for (java.util.Map.Entry<String, Object> e : settings.entrySet()) {
            Object v = e.getValue();
            String name = e.getKey();
            if (name.equals("type")) {
                throw new IllegalArgumentException(where + ": a likelihood codec must not write a setting named "
                        + "'type' (it holds the type name); rename it");
            } else if (v instanceof Double || v instanceof Float) {
                o.put(name, ((Number) v).doubleValue());
            } else if (v instanceof Integer || v instanceof Long) {
                o.put(name, ((Number) v).longValue());
            } else if (v instanceof Boolean b) {
                o.put(name, b);
            } else if (v instanceof String str) {
                o.put(name, str);
            } else if (v instanceof java.util.Map<?, ?> child) {
                ObjectNode c = o.putObject(name);
                java.util.Map<String, Object> copy = new java.util.LinkedHashMap<>((java.util.Map<String, Object>) child);
                Object type = copy.remove("type");
                if (type != null) {
                    c.put("type", type.toString());
                }
                putAll(c, copy, where + "." + name);
            } else {
                throw new IllegalArgumentException(where + "." + name + " is a " + (v == null ? "null"
                        : v.getClass().getName()) + "; a likelihood setting must be a number, string, boolean or map");
            }
        }
    }

    /** The fields of a JSON object as a map of numbers, strings, booleans and nested maps. */
    private static java.util.Map<String, Object> toMap(JsonNode o) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            java.util.Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                out.put(e.getKey(), toMap(v));
            } else if (v.isNumber()) {
                out.put(e.getKey(), v.numberValue());
            } else if (v.isBoolean()) {
                out.put(e.getKey(), v.booleanValue());
            } else if (v.isTextual()) {
                out.put(e.getKey(), v.textValue());
            }
        }
        return out;
    }

    static ObjectNode encode(Standardizer s) {
        ObjectNode o = F.objectNode();
        putArray(o, "xMean", s.xMean());
        putArray(o, "xStd", s.xStd());
        putArray(o, "yMean", s.yMean());
        putArray(o, "yStd", s.yStd());
        ArrayNode c = o.putArray("constantInputColumns");
        for (int j : s.constantInputColumns()) {
            c.add(j);
        }
        return o;
    }

    static Standardizer decodeStandardizer(JsonNode o) {
        JsonNode c = field(o, "constantInputColumns", "standardizer");
        int[] constant = new int[c.size()];
        for (int i = 0; i < constant.length; i++) {
            constant[i] = c.get(i).asInt();
        }
        return Standardizer.of(doubles(o, "xMean"), doubles(o, "xStd"), doubles(o, "yMean"), doubles(o, "yStd"),
                constant);
    }

    private static void putArray(ObjectNode o, String name, double[] v) {
        ArrayNode a = o.putArray(name);
        for (double d : v) {
            a.add(d);
        }
    }

    private static double[] doubles(JsonNode o, String name) {
        JsonNode a = field(o, name, "standardizer");
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new IllegalArgumentException("standardizer." + name + "[" + i + "] is not a number");
            }
            v[i] = a.get(i).doubleValue();
        }
        return v;
    }

    static JsonNode field(JsonNode o, String name, String where) {
        JsonNode v = o == null ? null : o.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("metadata field " + where + "." + name + " is missing");
        }
        return v;
    }

    static String text(JsonNode o, String name, String where) {
        return field(o, name, where).asText();
    }

    static int integer(JsonNode o, String name, String where) {
        JsonNode v = field(o, name, where);
        if (!v.canConvertToInt()) {
            throw new IllegalArgumentException("metadata field " + where + "." + name + " must be an integer but was " + v);
        }
        return v.intValue();
    }

    static double number(JsonNode o, String name, String where) {
        JsonNode v = field(o, name, where);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("metadata field " + where + "." + name + " must be a number but was " + v);
        }
        return v.doubleValue();
    }

    private static IllegalArgumentException unknown(String field, String value) {
        return new IllegalArgumentException("metadata field " + field + " has unknown value '" + value + "'");
    }
}
