package org.bnn4j.inference.internal;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration values as JSON-friendly trees for provenance: records become insertion-ordered maps of their
 * components (a record without components its decapitalised simple name), enums their lower-case names, numbers, booleans and strings stay, arrays and lists become lists,
 * anything else its {@code toString()}. Non-finite doubles become strings ("NaN", "Infinity"), which JSON cannot hold.
 */
public final class Configurations {

    private Configurations() {
    }

    /**
     * @param value a configuration value (usually a config record)
     * @return its tree
     */
    public static Object describe(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long) {
            return value;
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? d : d.toString();
        }
        if (value instanceof Float f) {
            return describe(f.doubleValue());
        }
        if (value instanceof Number n) {
            return n;
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof Record r) {
            if (r.getClass().getRecordComponents().length == 0) {
                String n = r.getClass().getSimpleName();
                return Character.toLowerCase(n.charAt(0)) + n.substring(1); // a choice without settings, by name
            }
            Map<String, Object> m = new LinkedHashMap<>();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    c.getAccessor().setAccessible(true);
                    m.put(c.getName(), describe(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException | RuntimeException ex) {
                    m.put(c.getName(), "unreadable: " + ex);
                }
            }
            return m;
        }
        if (value instanceof Iterable<?> it) {
            List<Object> l = new ArrayList<>();
            it.forEach(v -> l.add(describe(v)));
            return l;
        }
        if (value.getClass().isArray()) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                l.add(describe(Array.get(value, i)));
            }
            return l;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, v) -> m.put(String.valueOf(k), describe(v)));
            return m;
        }
        return value.toString();
    }

    /**
     * @param config a config record
     * @return its components as an insertion-ordered map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(Record config) {
        return (Map<String, Object>) describe(config);
    }
}
