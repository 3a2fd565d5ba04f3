package org.bnn4j.inference.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.SamplePosterior;
import org.bnn4j.inference.robust.TinyFits;
import org.junit.jupiter.api.Test;

/** Preconditions and copy semantics of the records a load returns, and of {@link SamplePosterior#chains()}. */
class SavedRecordsTest {

    @Test
    void savedDiagnosticsCopiesAndRejectsNull() {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("a", 1));
        List<String> w = new ArrayList<>(List.of("careful"));
        SavedDiagnostics d = new SavedDiagnostics(m, w);
        m.put("b", 2);
        w.clear();
        assertEquals(Map.of("a", 1), d.summary());
        assertEquals(List.of("careful"), d.warnings());
        assertThrows(UnsupportedOperationException.class, () -> d.summary().put("c", 3));
        assertThrows(NullPointerException.class, () -> new SavedDiagnostics(null, List.of()));
        assertThrows(NullPointerException.class, () -> new SavedDiagnostics(Map.of(), null));
    }

    @Test
    void savedPosteriorRejectsNull() {
        Posterior p = TinyFits.method("mle", 1).fit(TinyFits.model(), TinyFits.data(3));
        assertThrows(NullPointerException.class, () -> new SavedPosterior(null, 1, "v", Map.of()));
        assertThrows(NullPointerException.class, () -> new SavedPosterior(p, 1, null, Map.of()));
        assertThrows(NullPointerException.class, () -> new SavedPosterior(p, 1, "v", null));
    }

    @Test
    void chainsIsACopyInTheConstructorsLayout() {
        SamplePosterior p = (SamplePosterior) TinyFits.method("nuts", 2).fit(TinyFits.model(), TinyFits.data(3));
        double[][][] c = p.chains();
        assertEquals(p.numChains(), c.length);
        assertEquals(p.drawsPerChain(), c[0].length);
        assertEquals(p.model().numParams(), c[0][0].length);
        double before = c[0][0][0];
        c[0][0][0] = 1e9;
        assertEquals(before, p.chains()[0][0][0], 0.0);
    }
}
