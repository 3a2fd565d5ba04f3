package org.bnn4j.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bnn4j.datasets.UciFixtures;
import org.junit.jupiter.api.Test;

/** Mean and standard error over splits, and the shipped MC-dropout figures they must reproduce. */
class SplitStatsTest {

    @Test
    void standardErrorUsesThePopulationStdOverSqrtK() {
        SplitStats s = SplitStats.of(List.of(1.0, 2.0, 3.0, 4.0));
        assertEquals(2.5, s.mean(), 1e-15);
        // ddof 0: sum of squares 5, / K = 1.25, sqrt / sqrt(4); exact up to a few ulps
        assertEquals(Math.sqrt(1.25) / 2, s.se(), 1e-15);
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), s.perSplit());
        assertEquals(0.0, SplitStats.of(List.of(7.0)).se(), 0.0);
        assertEquals("2.500 ± 0.559", s.format(3));
        // metrics.json writes the keys in this order on every run (Map.of's order changes from JVM to JVM)
        assertEquals(List.of("mean", "se", "perSplit"), List.copyOf(s.toJson().keySet()));
    }

    @Test
    void emptyIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SplitStats.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SplitStats(0, 0, List.of()));
    }

    @Test
    void shippedBostonResultsReproduceSourcesMd() {
        Path dir = UciFixtures.sharedDir();
        assumeTrue(dir != null && Files.isDirectory(dir.resolve("boston")), "shared/data/uci not found");
        PublishedResults.Row r = PublishedResults.shipped(dir.resolve("boston"), 20).orElseThrow();
        // SOURCES.md / the repo's log file print 2.903623 +- 0.176840 (std error) and -2.401936 +- 0.041702;
        // the means are printed to 6 decimals, so they must agree to 5e-7
        assertEquals(2.903623, r.rmse(), 5e-7);
        assertEquals(-2.401936, r.ll(), 5e-7);
        // the printed standard errors 0.176840 and 0.041702; ddof 1 would give 0.181 and 0.043
        assertEquals(0.176840, r.rmseSe(), 5e-7);
        assertEquals(0.041702, r.llSe(), 5e-7);
    }
}
