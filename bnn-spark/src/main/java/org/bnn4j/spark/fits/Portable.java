package org.bnn4j.spark.fits;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A record (such as {@code McmcConfig}, {@code SviConfig}, {@code OptimizerConfig} or {@code ChainStatistics}) in a
 * form Java serialisation can ship to an executor: its component values, rebuilt there through the canonical
 * constructor, so the record validates itself again. The library's config records stay free of
 * {@link Serializable}; a field added to one travels without changes here.
 *
 * <p>Components may be primitives, their boxes, strings, enums, primitive arrays, null, lists of those, or records
 * made of them.
 *
 * <pre>{@code
 * Portable<McmcConfig> p = Portable.of(config);   // on the driver
 * McmcConfig again = p.get();                      // on an executor: equals(config)
 * }</pre>
 *
 * @param <T> the record type
 */
public final class Portable<T extends Record> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final Object[] values;

    private Portable(Class<T> type, Object[] values) {
        this.type = type;
        this.values = values;
    }

    /**
     * @param record a record of the supported component types
     * @param <T>    its type
     * @return its portable form
     * @throws IllegalArgumentException if a component has an unsupported type
     */
    @SuppressWarnings("unchecked")
    public static <T extends Record> Portable<T> of(T record) {
        Objects.requireNonNull(record, "record");
        Class<T> type = (Class<T>) record.getClass();
        RecordComponent[] comps = type.getRecordComponents();
        Object[] values = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
            try {
                values[i] = encode(comps[i].getAccessor().invoke(record), type.getSimpleName() + "."
                        + comps[i].getName());
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException("cannot read " + type.getName() + "." + comps[i].getName(), e);
            }
        }
        return new Portable<>(type, values);
    }

    /** @return the record type */
    public Class<T> type() {
        return type;
    }

    /** @return a new record equal to the one given to {@link #of} */
    public T get() {
        RecordComponent[] comps = type.getRecordComponents();
        Class<?>[] types = new Class<?>[comps.length];
        Object[] args = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            args[i] = decode(values[i]);
        }
        try {
            Constructor<T> c = type.getDeclaredConstructor(types);
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("rebuilding " + type.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + type.getName() + " (" + e
                    + "); every node must run the same bnn4j version", e);
        }
    }

    private static Object encode(Object v, String where) {
        if (v == null || v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof Character
                || v instanceof Enum<?> || v.getClass().isArray() && v.getClass().getComponentType().isPrimitive()) {
            return v;
        }
        if (v instanceof Record r) {
            return of(r);
        }
        if (v instanceof List<?> l) {
            ArrayList<Object> out = new ArrayList<>();
            for (Object e : l) {
                out.add(encode(e, where + "[]"));
            }
            return new PortableList(out);
        }
        throw new IllegalArgumentException(where + " has type " + v.getClass().getName() + ", which cannot be shipped "
                + "to executors; use primitives, strings, enums, primitive arrays, lists or records");
    }

    private static Object decode(Object v) {
        if (v instanceof Portable<?> p) {
            return p.get();
        }
        if (v instanceof PortableList l) {
            List<Object> out = new ArrayList<>();
            for (Object e : l.values()) {
                out.add(decode(e));
            }
            return List.copyOf(out);
        }
        return v;
    }

    /** A list component, marked so that it decodes back to a list. */
    private record PortableList(ArrayList<Object> values) implements Serializable {
    }
}
