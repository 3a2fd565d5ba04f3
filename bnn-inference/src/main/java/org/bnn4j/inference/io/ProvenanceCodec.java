package org.bnn4j.inference.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bnn4j.inference.Provenance;

/** A {@link Provenance} as the {@code provenance} object of {@code metadata.json}, and back. */
final class ProvenanceCodec {

    private ProvenanceCodec() {
    }

    /** @return the object, or JSON null for {@link Provenance#UNRECORDED} */
    static JsonNode encode(Provenance p) {
        if (!p.recorded()) {
            return PosteriorIO.JSON.nullNode();
        }
        ObjectNode o = PosteriorIO.JSON.createObjectNode();
        o.put("method", p.method());
        o.set("configuration", PosteriorIO.JSON.valueToTree(p.configuration()));
        if (p.data() == null) {
            o.putNull("data");
        } else {
            ObjectNode d = o.putObject("data");
            d.put("rows", p.data().rows());
            d.put("inDim", p.data().inDim());
            d.put("outDim", p.data().outDim());
            d.put("sha256", p.data().sha256());
        }
        o.put("standardized", p.standardized());
        o.put("libraryVersion", p.libraryVersion());
        if (p.created() == null) {
            o.putNull("created");
        } else {
            o.put("created", p.created().toString());
        }
        o.set("environment", PosteriorIO.JSON.valueToTree(p.environment()));
        return o;
    }

    /**
     * @param node the {@code provenance} object, or null in files written before provenance was recorded
     * @return the provenance ({@link Provenance#UNRECORDED} for null)
     * @throws IllegalArgumentException if the object is malformed
     */
    @SuppressWarnings("unchecked")
    static Provenance decode(JsonNode node) {
        if (node == null || node.isNull()) {
            return Provenance.UNRECORDED;
        }
        JsonNode d = node.get("data");
        Provenance.DataFingerprint data = d == null || d.isNull() ? null : new Provenance.DataFingerprint(
                ModelCodec.field(d, "rows", "provenance.data").intValue(),
                ModelCodec.field(d, "inDim", "provenance.data").intValue(),
                ModelCodec.field(d, "outDim", "provenance.data").intValue(),
                ModelCodec.text(d, "sha256", "provenance.data"));
        JsonNode c = node.get("created");
        Instant created;
        try {
            created = c == null || c.isNull() ? null : Instant.parse(c.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("provenance.created is not an ISO-8601 instant: " + c.asText(), e);
        }
        Map<String, Object> config = PosteriorIO.JSON.convertValue(ModelCodec.field(node, "configuration",
                "provenance"), LinkedHashMap.class);
        Map<String, String> env = PosteriorIO.JSON.convertValue(ModelCodec.field(node, "environment", "provenance"),
                LinkedHashMap.class);
        return new Provenance(ModelCodec.text(node, "method", "provenance"), config, data,
                ModelCodec.field(node, "standardized", "provenance").asBoolean(),
                ModelCodec.text(node, "libraryVersion", "provenance"), created, env);
    }
}
