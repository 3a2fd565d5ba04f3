package org.bnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the real benchmark folders in shared/data/uci (see its SOURCES.md for the expected sizes), and the synthetic
 * folder the other modules' tests use.
 */
class UciDatasetTest {

    private static UciDataset load(String name) {
        Path dir = UciFixtures.sharedDir();
        assumeTrue(dir != null, "shared/data/uci not found; set -Dbnn.uci.dir=/path/to/shared/data/uci");
        return UciDataset.load(dir.resolve(name));
    }

    @Test
    void yachtHasTheDocumentedShape() {
        UciDataset d = load("yacht");
        assertEquals("yacht", d.name());
        assertEquals(308, d.numRows());
        assertEquals(7, d.numColumns());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, d.featureColumns());
        assertEquals(6, d.targetColumn());
        assertEquals(20, d.numSplits());
        UciSplit s = d.split(0);
        assertEquals(0, s.index());
        assertEquals(277, s.train().size());
        assertEquals(31, s.test().size());
        assertEquals(6, s.train().inDim());
        assertEquals(1, s.train().outDim());
        // first line of data.txt: -2.3 0.568 4.78 3.99 3.17 0.125 0.11
        assertArrayEquals(new double[] {-2.3, 0.568, 4.78, 3.99, 3.17, 0.125}, d.all().subset(new int[] {0}).xArray(),
                0.0);
        assertEquals(0.11, d.all().y(0, 0), 0.0);
        // index_train_0.txt starts with row 73: the first training row is row 73 of data.txt
        assertEquals(73, d.trainRows(0)[0]);
        assertArrayEquals(d.all().subset(new int[] {73}).xArray(), s.train().subset(new int[] {0}).xArray(), 0.0);
        assertEquals(d.all().y(73, 0), s.train().y(0, 0), 0.0);
    }

    @Test
    void energyWithTabsAndTrailingBlankLine() {
        UciDataset d = load("energy");
        assertEquals(768, d.numRows());
        assertEquals(9, d.numColumns());
        assertEquals(8, d.targetColumn());
        assertEquals(8, d.featureColumns().length);
        assertEquals(20, d.numSplits());
        UciSplit s = d.split(0);
        assertEquals(691, s.train().size());
        assertEquals(77, s.test().size());
        // first line: 0.98 514.50 294.00 110.25 7.00 2 0.00 0 15.55 (tab-separated)
        assertEquals(0.98, d.all().x(0, 0), 0.0);
        assertEquals(2.0, d.all().x(0, 5), 0.0);
        assertEquals(15.55, d.all().y(0, 0), 0.0);
    }

    @Test
    void everySplitPartitionsTheRows() {
        for (String name : new String[] {"yacht", "energy", "boston", "concrete"}) {
            UciDataset d = load(name);
            for (int i = 0; i < d.numSplits(); i++) {
                int[] rows = new int[d.numRows()];
                for (int r : d.trainRows(i)) {
                    rows[r]++;
                }
                for (int r : d.testRows(i)) {
                    rows[r]++;
                }
                int[] ones = new int[d.numRows()];
                Arrays.fill(ones, 1);
                assertArrayEquals(ones, rows, name + " split " + i);
            }
        }
        assertEquals(506, load("boston").numRows());
        assertEquals(1030, load("concrete").numRows());
        assertEquals(927, load("concrete").split(0).train().size());
    }

    /** The fixture the command tests run on: an unused column between the features, the target last. */
    @Test
    void syntheticFixtureLoadsWithItsLayout(@TempDir Path tmp) throws Exception {
        UciDataset d = UciDataset.load(UciFixtures.writeSynthetic(tmp, "toy", 1000.0));
        assertEquals("toy", d.name());
        assertEquals(UciFixtures.ROWS, d.numRows());
        assertEquals(4, d.numColumns());
        assertArrayEquals(new int[] {0, 2}, d.featureColumns());
        assertEquals(3, d.targetColumn());
        assertEquals(UciFixtures.SPLITS, d.numSplits());
        for (int i = 0; i < d.numSplits(); i++) {
            UciSplit s = d.split(i);
            assertEquals(UciFixtures.ROWS - UciFixtures.TEST_ROWS, s.train().size());
            assertEquals(UciFixtures.TEST_ROWS, s.test().size());
            assertEquals(2, s.train().inDim());
        }
        // y = (3 x1 - 2 x2 + 0.3 eps) 1000 with |eps| < 6: the features are columns 0 and 2, not the unused 99
        for (int r = 0; r < d.numRows(); r++) {
            double x1 = d.all().x(r, 0);
            double x2 = d.all().x(r, 1);
            assertTrue(Math.abs(x1) <= 2 && Math.abs(x2) <= 2, "row " + r);
            assertEquals(1000 * (3 * x1 - 2 * x2), d.all().y(r, 0), 1800, "row " + r);
        }
    }

    @Test
    void splitIndexOutOfRange() {
        UciDataset d = load("yacht");
        assertThrows(IllegalArgumentException.class, () -> d.split(20));
        assertThrows(IllegalArgumentException.class, () -> d.split(-1));
        assertThrows(IllegalArgumentException.class, () -> d.trainRows(20));
        assertThrows(IllegalArgumentException.class, () -> d.testRows(-1));
    }

    @Test
    void returnedArraysAreCopies() {
        UciDataset d = load("yacht");
        d.trainRows(0)[0] = 0;
        d.featureColumns()[0] = 5;
        assertEquals(73, d.trainRows(0)[0]);
        assertEquals(0, d.featureColumns()[0]);
    }
}
