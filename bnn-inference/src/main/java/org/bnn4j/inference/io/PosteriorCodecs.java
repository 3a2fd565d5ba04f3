package org.bnn4j.inference.io;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bnn4j.inference.Posterior;

/**
 * The registry of {@link PosteriorCodec}s: the built-in families, then any {@link ServiceLoader} providers, then
 * those registered at run time. Thread-safe.
 */
final class PosteriorCodecs {

    private static final List<PosteriorCodec<?>> CODECS = new CopyOnWriteArrayList<>(initial());

    private PosteriorCodecs() {
    }

    private static List<PosteriorCodec<?>> initial() {
        List<PosteriorCodec<?>> list = new ArrayList<>(List.of(
                new BuiltInCodecs.PointMass(),
                new BuiltInCodecs.MeanField(),
                new BuiltInCodecs.Samples(),
                new org.bnn4j.inference.laplace.LaplaceCodec(),
                new org.bnn4j.inference.laplace.LaplaceMixtureCodec(),
                new org.bnn4j.inference.ensemble.EnsembleCodec(),
                new MultivariateNormalCodec()));
        for (PosteriorCodec<?> c : ServiceLoader.load(PosteriorCodec.class, PosteriorCodecs.class.getClassLoader())) {
            add(list, c);
        }
        return list;
    }

    static void register(PosteriorCodec<?> codec) {
        synchronized (CODECS) {
            add(CODECS, codec);
        }
    }

    private static void add(List<PosteriorCodec<?>> list, PosteriorCodec<?> codec) {
        for (PosteriorCodec<?> c : list) {
            if (c.kind().equals(codec.kind())) {
                if (c.getClass() == codec.getClass()) {
                    return;
                }
                throw new IllegalArgumentException("a codec for kind '" + codec.kind() + "' is already registered ("
                        + c.getClass().getName() + "); give " + codec.getClass().getName() + " another kind name");
            }
        }
        list.add(codec);
    }

    /** @return the codec for this posterior's class (an exact class match first, else the first supertype match) */
    @SuppressWarnings("unchecked")
    static PosteriorCodec<Posterior> forPosterior(Posterior p) {
        PosteriorCodec<?> found = null;
        for (PosteriorCodec<?> c : CODECS) {
            if (c.type() == p.getClass()) {
                return (PosteriorCodec<Posterior>) c;
            }
            if (found == null && c.type().isInstance(p)) {
                found = c;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("cannot save a posterior of type " + p.getClass().getName()
                    + "; PosteriorIO saves " + kinds() + " posteriors; register a PosteriorCodec for this type");
        }
        return (PosteriorCodec<Posterior>) found;
    }

    /** @return the codec for a kind name */
    static PosteriorCodec<?> forKind(String kind) {
        for (PosteriorCodec<?> c : CODECS) {
            if (c.kind().equals(kind)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown posterior kind '" + kind + "' (this bnn4j reads " + kinds()
                + "); load it with the bnn4j version or plug-in that wrote it");
    }

    private static String kinds() {
        List<String> k = new ArrayList<>();
        CODECS.forEach(c -> k.add(c.kind()));
        return String.join(", ", k);
    }
}
