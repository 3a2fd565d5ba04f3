package org.bnn4j.inference.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bnn4j.model.DegreesOfFreedom;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.model.HeteroskedasticStudentT;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.HomoskedasticStudentT;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.NoiseModel;

/**
 * The registry of {@link LikelihoodCodec}s by type name: the built-in likelihoods, then any
 * {@link ServiceLoader} providers, then those registered at run time. Thread-safe. The Gaussian type names
 * ({@code heteroskedastic}, {@code homoskedastic}) are those files have always carried.
 */
final class LikelihoodCodecs {

    private static final List<LikelihoodCodec<?>> CODECS = new CopyOnWriteArrayList<>(initial());

    private LikelihoodCodecs() {
    }

    private static List<LikelihoodCodec<?>> initial() {
        List<LikelihoodCodec<?>> list = new ArrayList<>(List.of(new HeteroskedasticGaussianCodec(),
                new HomoskedasticGaussianCodec(), new HeteroskedasticStudentTCodec(),
                new HomoskedasticStudentTCodec()));
        for (LikelihoodCodec<?> c : ServiceLoader.load(LikelihoodCodec.class,
                LikelihoodCodecs.class.getClassLoader())) {
            add(list, c);
        }
        return list;
    }

    static void register(LikelihoodCodec<?> codec) {
        synchronized (CODECS) {
            add(CODECS, codec);
        }
    }

    private static void add(List<LikelihoodCodec<?>> list, LikelihoodCodec<?> codec) {
        for (LikelihoodCodec<?> c : list) {
            if (c.typeName().equals(codec.typeName())) {
                if (c.getClass() == codec.getClass()) {
                    return;
                }
                throw new IllegalArgumentException("a likelihood codec for type '" + codec.typeName()
                        + "' is already registered (" + c.getClass().getName() + "); give "
                        + codec.getClass().getName() + " another type name");
            }
        }
        list.add(codec);
    }

    /** @return the codec for this likelihood's class (an exact class match first, else the first supertype match) */
    @SuppressWarnings("unchecked")
    static LikelihoodCodec<Likelihood> forLikelihood(Likelihood l) {
        LikelihoodCodec<?> found = null;
        for (LikelihoodCodec<?> c : CODECS) {
            if (c.type() == l.getClass()) {
                return (LikelihoodCodec<Likelihood>) c;
            }
            if (found == null && c.type().isInstance(l)) {
                found = c;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("cannot save a model with likelihood " + l.getClass().getName()
                    + "; PosteriorIO saves the likelihood types " + names() + "; register a LikelihoodCodec for it "
                    + "with PosteriorIO.register");
        }
        return (LikelihoodCodec<Likelihood>) found;
    }

    /** @return the codec for a type name */
    static LikelihoodCodec<?> forName(String name) {
        for (LikelihoodCodec<?> c : CODECS) {
            if (c.typeName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("metadata field model.likelihood.type has unknown value '" + name
                + "' (this bnn4j reads " + names() + "); register its LikelihoodCodec with PosteriorIO.register");
    }

    private static List<String> names() {
        return CODECS.stream().map(LikelihoodCodec::typeName).toList();
    }

    // ---- built-in codecs ----

    static Map<String, Object> noise(NoiseModel noise) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (noise instanceof NoiseModel.Fixed f) {
            m.put("type", "fixed");
            m.put("scale", f.scale());
        } else if (noise instanceof NoiseModel.PointEstimate pe) {
            m.put("type", "pointEstimate");
            m.put("initScale", pe.initScale());
        } else if (noise instanceof NoiseModel.LogNormalPrior ln) {
            m.put("type", "logNormalPrior");
            m.put("logLoc", ln.logLoc());
            m.put("logScale", ln.logScale());
            m.put("initScale", ln.initScale());
        }
        return m;
    }

    static NoiseModel noise(LikelihoodCodec.Settings n) {
        String type = n.text("type");
        return switch (type) {
            case "fixed" -> new NoiseModel.Fixed(n.number("scale"));
            case "pointEstimate" -> new NoiseModel.PointEstimate(n.number("initScale"));
            case "logNormalPrior" -> new NoiseModel.LogNormalPrior(n.number("logLoc"), n.number("logScale"),
                    n.number("initScale"));
            default -> throw new IllegalArgumentException("metadata field model.likelihood.noise.type has unknown "
                    + "value '" + type + "'");
        };
    }

    static Map<String, Object> dof(DegreesOfFreedom nu) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (nu instanceof DegreesOfFreedom.Fixed f) {
            m.put("type", "fixed");
            m.put("nu", f.nu());
        } else if (nu instanceof DegreesOfFreedom.LogNormalPrior p) {
            m.put("type", "logNormalPrior");
            m.put("logLoc", p.logLoc());
            m.put("logScale", p.logScale());
            m.put("initNu", p.initNu());
        }
        return m;
    }

    static DegreesOfFreedom dof(LikelihoodCodec.Settings n) {
        String type = n.text("type");
        return switch (type) {
            case "fixed" -> new DegreesOfFreedom.Fixed(n.number("nu"));
            case "logNormalPrior" -> new DegreesOfFreedom.LogNormalPrior(n.number("logLoc"), n.number("logScale"),
                    n.number("initNu"));
            default -> throw new IllegalArgumentException("metadata field model.likelihood.nu.type has unknown "
                    + "value '" + type + "'");
        };
    }

    /** {@link HeteroskedasticGaussian}: no settings. */
    static final class HeteroskedasticGaussianCodec implements LikelihoodCodec<HeteroskedasticGaussian> {
        @Override
        public String typeName() {
            return "heteroskedastic";
        }

        @Override
        public Class<HeteroskedasticGaussian> type() {
            return HeteroskedasticGaussian.class;
        }

        @Override
        public HeteroskedasticGaussian decode(LikelihoodCodec.Settings s) {
            return new HeteroskedasticGaussian();
        }
    }

    /** {@link HomoskedasticGaussian}: its noise model. */
    static final class HomoskedasticGaussianCodec implements LikelihoodCodec<HomoskedasticGaussian> {
        @Override
        public String typeName() {
            return "homoskedastic";
        }

        @Override
        public Class<HomoskedasticGaussian> type() {
            return HomoskedasticGaussian.class;
        }

        @Override
        public Map<String, Object> settings(HomoskedasticGaussian l) {
            return Map.of("noise", noise(l.noise()));
        }

        @Override
        public HomoskedasticGaussian decode(LikelihoodCodec.Settings s) {
            return new HomoskedasticGaussian(noise(s.child("noise")));
        }
    }

    /** {@link HeteroskedasticStudentT}: its degrees of freedom. */
    static final class HeteroskedasticStudentTCodec implements LikelihoodCodec<HeteroskedasticStudentT> {
        @Override
        public String typeName() {
            return "student-t-heteroskedastic";
        }

        @Override
        public Class<HeteroskedasticStudentT> type() {
            return HeteroskedasticStudentT.class;
        }

        @Override
        public Map<String, Object> settings(HeteroskedasticStudentT l) {
            return Map.of("nu", dof(l.nu()));
        }

        @Override
        public HeteroskedasticStudentT decode(LikelihoodCodec.Settings s) {
            return new HeteroskedasticStudentT(dof(s.child("nu")));
        }
    }

    /** {@link HomoskedasticStudentT}: its noise model and degrees of freedom. */
    static final class HomoskedasticStudentTCodec implements LikelihoodCodec<HomoskedasticStudentT> {
        @Override
        public String typeName() {
            return "student-t-homoskedastic";
        }

        @Override
        public Class<HomoskedasticStudentT> type() {
            return HomoskedasticStudentT.class;
        }

        @Override
        public Map<String, Object> settings(HomoskedasticStudentT l) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("noise", noise(l.noise()));
            m.put("nu", dof(l.nu()));
            return m;
        }

        @Override
        public HomoskedasticStudentT decode(LikelihoodCodec.Settings s) {
            return new HomoskedasticStudentT(noise(s.child("noise")), dof(s.child("nu")));
        }
    }
}
