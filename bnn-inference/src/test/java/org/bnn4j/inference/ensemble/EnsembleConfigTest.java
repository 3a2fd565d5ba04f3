package org.bnn4j.inference.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.internal.AnchoredPrior;
import org.bnn4j.inference.optim.OptimDiagnostics;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.robust.TinyFits;
import org.bnn4j.model.BayesianModel;
import org.junit.jupiter.api.Test;

/** Defaults, preconditions with messages that say how to fix them, and the values a distributed runner ships. */
class EnsembleConfigTest {

    @Test
    void defaults() {
        EnsembleConfig c = EnsembleConfig.defaults();
        assertEquals(EnsembleConfig.DEFAULT_MEMBERS, c.members());
        assertEquals(5, c.members());
        assertEquals(EnsembleConfig.defaultOptimizer(), c.optimizer());
        assertEquals(EnsembleConfig.AUTO_THREADS, c.threads());
        assertEquals(c, c.toBuilder().build());
        assertEquals(2, c.threadsFor(2));
        assertEquals(5, c.threadsFor(64), "capped at M");
        assertEquals(3, c.toBuilder().threads(3).build().threadsFor(64));
        assertEquals(1, c.toBuilder().members(1).build().threadsFor(8));
        assertEquals("ensemble", new DeepEnsemble(c).name());
    }

    @Test
    void preconditions() {
        EnsembleConfig.Builder b = EnsembleConfig.builder();
        assertMessage(() -> b.members(0).build(), "members must be >= 1");
        assertMessage(() -> EnsembleConfig.builder().threads(-1).build(), "threads must be >= 0");
        assertMessage(() -> EnsembleConfig.builder().maxRetries(-1).build(), "maxRetries must be >= 0");
        assertMessage(() -> EnsembleConfig.builder().unitSlope(-1).build(), "unitSlope must be finite and >= 0");
        assertMessage(() -> EnsembleConfig.builder().unitSlope(Double.NaN).build(), "unitSlope");
        assertMessage(() -> EnsembleConfig.builder().unitRange(0.9).build(), "unitRange must be finite and >= 1");
        assertMessage(() -> EnsembleConfig.builder().unitRange(Double.POSITIVE_INFINITY).build(), "unitRange");
        assertMessage(() -> EnsembleConfig.builder().optimizer(OptimizerConfig.builder().seed(3).build()).build(),
                "take their seeds from EnsembleConfig.seed");
        assertThrows(NullPointerException.class, () -> EnsembleConfig.builder().optimizer(null).build());
        assertThrows(NullPointerException.class, () -> new DeepEnsemble(null));
        DeepEnsemble de = new DeepEnsemble(EnsembleConfig.builder().members(2).build());
        BayesianModel model = TinyFits.model();
        assertMessage(() -> de.fitMember(model, TinyFits.data(1), FitOptions.defaults(), 2), "member must be in [0, 2)");
        assertMessage(() -> de.fitMember(model, TinyFits.data(1), FitOptions.defaults(), -1), "member must be in");
        BayesianModel oneIn = org.bnn4j.model.BayesianModel.heteroskedastic(
                org.bnn4j.nn.NetworkSpec.builder(1, 1).build());
        assertMessage(() -> de.fit(oneIn, TinyFits.data(1)), "build the NetworkSpec with the dataset's dimensions");
    }

    @Test
    void combiningChecksTheMembers() {
        BayesianModel model = TinyFits.model();
        Standardizer s = Standardizer.fit(TinyFits.data(1));
        OptimDiagnostics d = new OptimDiagnostics("ensemble", new double[] {1}, 0, 1, List.of());
        double[] theta = model.initialParameters(new SplittableRandom(0));
        EnsembleMember a = new EnsembleMember(0, theta, new double[0], d, 1, List.of());
        EnsembleMember anchoredB = new EnsembleMember(1, theta, theta, d, 1, List.of());
        assertMessage(() -> EnsemblePosterior.of(model, s, List.of()), "at least one member");
        assertMessage(() -> EnsemblePosterior.of(model, s, List.of(a, a)), "member index 0 appears twice");
        assertMessage(() -> EnsemblePosterior.of(model, s, List.of(a, anchoredB)), "differ in anchoring");
        EnsembleMember wrongLength = new EnsembleMember(2, new double[3], new double[0], d, 1, List.of());
        assertMessage(() -> EnsemblePosterior.of(model, s, List.of(a, wrongLength)), "must have length");
        double[] nan = theta.clone();
        nan[0] = Double.NaN;
        assertMessage(() -> new EnsembleMember(0, nan, new double[0], d, 1, List.of()), "non-finite parameter");
        assertMessage(() -> new EnsembleMember(-1, theta, new double[0], d, 1, List.of()), "index must be >= 0");
        assertMessage(() -> new EnsembleMember(0, theta, new double[0], d, 0, List.of()), "attempts must be >= 1");
        assertFalse(a.anchored());
        assertTrue(anchoredB.anchored());
        assertMessage(() -> AnchoredPrior.at(model, new double[2]), "anchor must have length");
    }

    @Test
    void configAndMembersAreSerializable() throws Exception {
        EnsembleConfig c = EnsembleConfig.builder().members(3).anchored(true).seed(9).build();
        assertEquals(c, roundTrip(c));
        EnsembleMember m = new DeepEnsemble(c.toBuilder().optimizer(OptimizerConfig.builder().epochs(5).build())
                .build()).fitMember(TinyFits.model(), TinyFits.data(1), FitOptions.defaults(), 2);
        EnsembleMember back = (EnsembleMember) roundTrip(m);
        assertEquals(2, back.index());
        org.junit.jupiter.api.Assertions.assertArrayEquals(m.parameters(), back.parameters(), 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(m.anchor(), back.anchor(), 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(m.diagnostics().lossTrace(),
                back.diagnostics().lossTrace(), 0.0);
    }

    private static Object roundTrip(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }
}
