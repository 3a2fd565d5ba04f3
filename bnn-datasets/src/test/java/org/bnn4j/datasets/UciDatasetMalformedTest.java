package org.bnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bnn4j.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small hand-written folders in the UCI layout, valid and broken in one way each. */
class UciDatasetMalformedTest {

    @TempDir
    Path tmp;

    /** 4 rows x 3 columns, features {0, 1}, target 2, two splits. */
    private Path validFolder() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("toy"));
        write(d, "data.txt", "1 2 3\n4\t5\t6\n\n7  8 9\n10 11 12\n\n");
        write(d, "index_features.txt", "0\n1\n");
        write(d, "index_target.txt", "2\n");
        write(d, "n_splits.txt", "2\n");
        write(d, "index_train_0.txt", "0\n1\n2\n");
        write(d, "index_test_0.txt", "3\n");
        // numpy savetxt's default float format
        write(d, "index_train_1.txt", "3.000000000000000000e+00\n2.000000000000000000e+00\n");
        write(d, "index_test_1.txt", "0.0000e+00 1.0\n");
        return d;
    }

    private static void write(Path dir, String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text);
    }

    /** Asserts load fails with a message containing each fragment. */
    private static void assertFails(Path dir, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UciDataset.load(dir));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void validFolderLoadsWithWhitespaceBlankLinesAndFloatIndices() throws IOException {
        UciDataset d = UciDataset.load(validFolder());
        assertEquals("toy", d.name());
        assertEquals(4, d.numRows());
        assertEquals(2, d.numSplits());
        UciSplit s1 = d.split(1);
        assertArrayEquals(new double[] {10, 11, 7, 8}, s1.train().xArray(), 0.0);
        assertArrayEquals(new double[] {12, 9}, s1.train().yArray(), 0.0);
        assertArrayEquals(new double[] {1, 2, 4, 5}, s1.test().xArray(), 0.0);
        assertArrayEquals(new int[] {0, 1}, d.testRows(1));
    }

    @Test
    void raggedRow() throws IOException {
        Path d = validFolder();
        write(d, "data.txt", "1 2 3\n4 5\n7 8 9\n");
        assertFails(d, "data.txt", "line 2", "has 2 values but line 1 has 3");
    }

    @Test
    void nonNumericToken() throws IOException {
        Path d = validFolder();
        write(d, "data.txt", "1 2 3\n4 5 6\n7 x 9\n10,0 11 12\n");
        assertFails(d, "data.txt", "line 3", "'x' is not a number");
    }

    @Test
    void nonFiniteValue() throws IOException {
        Path d = validFolder();
        write(d, "data.txt", "1 2 3\n4 5 NaN\n7 8 9\n10 11 12\n");
        assertFails(d, "data.txt", "line 2", "not finite");
    }

    @Test
    void emptyData() throws IOException {
        Path d = validFolder();
        write(d, "data.txt", "\n \n");
        assertFails(d, "data.txt", "no data rows");
    }

    @Test
    void rowIndexOutOfRange() throws IOException {
        Path d = validFolder();
        write(d, "index_test_0.txt", "3\n4\n");
        assertFails(d, "index_test_0.txt", "line 2", "outside [0, 4)");
        write(d, "index_test_0.txt", "-1\n");
        assertFails(d, "index_test_0.txt", "line 1", "outside [0, 4)");
    }

    @Test
    void columnIndexOutOfRange() throws IOException {
        Path d = validFolder();
        write(d, "index_features.txt", "0\n3\n");
        assertFails(d, "index_features.txt", "line 2", "column index '3' is outside [0, 3)");
        write(d, "index_features.txt", "0\n1\n");
        write(d, "index_target.txt", "5\n");
        assertFails(d, "index_target.txt", "line 1", "outside [0, 3)");
    }

    @Test
    void nonIntegerIndex() throws IOException {
        Path d = validFolder();
        write(d, "index_train_1.txt", "2\n1.5\n");
        assertFails(d, "index_train_1.txt", "line 2", "'1.5' is not an integer");
    }

    @Test
    void missingFiles() throws IOException {
        Path d = validFolder();
        Files.delete(d.resolve("index_test_1.txt"));
        assertFails(d, "index_test_1.txt", "missing file");
        Files.delete(d.resolve("data.txt"));
        assertFails(d, "data.txt", "missing file");
        assertFails(tmp.resolve("nope"), "nope", "not a directory");
    }

    @Test
    void targetAmongFeaturesOrRepeatedFeature() throws IOException {
        Path d = validFolder();
        write(d, "index_features.txt", "0\n2\n");
        assertFails(d, "index_features.txt", "column 2 is the target column");
        write(d, "index_features.txt", "1\n1\n");
        assertFails(d, "index_features.txt", "column 1 is listed twice");
    }

    @Test
    void badTargetAndSplitCountFiles() throws IOException {
        Path d = validFolder();
        write(d, "index_target.txt", "1\n2\n");
        assertFails(d, "index_target.txt", "exactly one column index but found 2");
        write(d, "index_target.txt", "2\n");
        write(d, "n_splits.txt", "0\n");
        assertFails(d, "n_splits.txt", "line 1", "must be >= 1");
        write(d, "n_splits.txt", "2 3\n");
        assertFails(d, "n_splits.txt", "exactly one value");
        write(d, "n_splits.txt", "\n");
        assertFails(d, "n_splits.txt", "found 0");
        write(d, "n_splits.txt", "3\n");
        assertFails(d, "index_train_2.txt", "missing file");
    }

    @Test
    void emptyIndexFileAndOverlappingSplit() throws IOException {
        Path d = validFolder();
        write(d, "index_train_0.txt", "\n");
        assertFails(d, "index_train_0.txt", "no indices");
        write(d, "index_train_0.txt", "0\n1\n2\n");
        write(d, "index_test_0.txt", "2\n3\n");
        assertFails(d, "index_test_0.txt", "row 2 is also a training row");
    }

    @Test
    void nullDirectory() {
        assertThrows(NullPointerException.class, () -> UciDataset.load(null));
    }

    @Test
    void splitRecordPreconditions() {
        Dataset a = Dataset.of(new double[] {1}, new double[] {1}, 1, 1, 1);
        Dataset b = Dataset.of(new double[] {1, 2}, new double[] {1}, 1, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> new UciSplit(-1, a, a));
        assertThrows(IllegalArgumentException.class, () -> new UciSplit(0, a, b));
        assertThrows(NullPointerException.class, () -> new UciSplit(0, null, a));
    }
}
