package org.bnn4j.inference.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.bnn4j.data.Standardizer;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.LayerwiseNormalPrior;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.NoiseModel;
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
        if (model.likelihood() instanceof HomoskedasticGaussian h) {
            l.put("type", "homoskedastic");
            ObjectNode noise = l.putObject("noise");
            if (h.noise() instanceof NoiseModel.Fixed f) {
                noise.put("type", "fixed").put("scale", f.scale());
            } else if (h.noise() instanceof NoiseModel.PointEstimate pe) {
                noise.put("type", "pointEstimate").put("initScale", pe.initScale());
            } else if (h.noise() instanceof NoiseModel.LogNormalPrior ln) {
                noise.put("type", "logNormalPrior").put("logLoc", ln.logLoc()).put("logScale", ln.logScale())
                        .put("initScale", ln.initScale());
            }
        } else {
            l.put("type", "heteroskedastic");
        }
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
        Likelihood likelihood = switch (lType) {
            case "heteroskedastic" -> new HeteroskedasticGaussian();
            case "homoskedastic" -> new HomoskedasticGaussian(noise(field(l, "noise", "model.likelihood")));
            default -> throw unknown("model.likelihood.type", lType);
        };
        return new BayesianModel(net, prior, likelihood);
    }

    private static NoiseModel noise(JsonNode n) {
        String where = "model.likelihood.noise";
        String type = text(n, "type", where);
        return switch (type) {
            case "fixed" -> new NoiseModel.Fixed(number(n, "scale", where));
            case "pointEstimate" -> new NoiseModel.PointEstimate(number(n, "initScale", where));
            case "logNormalPrior" -> new NoiseModel.LogNormalPrior(number(n, "logLoc", where),
                    number(n, "logScale", where), number(n, "initScale", where));
            default -> throw unknown(where + ".type", type);
        };
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
