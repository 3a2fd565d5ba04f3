package org.bnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reading a dataset's rows into buffers of the caller's: {@link Dataset#copyRows} and {@link Dataset#gatherRows}. */
class DatasetRowsTest {

    /** 37 rows of 3 inputs and 2 targets, every value distinct. */
    private static Dataset data() {
        SplittableRandom rng = new SplittableRandom(4);
        double[] x = new double[37 * 3];
        double[] y = new double[37 * 2];
        Arrays.setAll(x, i -> i + rng.nextDouble());
        Arrays.setAll(y, i -> -i - rng.nextDouble());
        return Dataset.of(x, y, 37, 3, 2);
    }

    @Test
    void copyRowsFillsTheStartOfTheBuffersAndLeavesTheRestUntouched() {
        Dataset d = data();
        double[] x = new double[20 * 3];
        double[] y = new double[20 * 2];
        Arrays.fill(x, 99);
        Arrays.fill(y, 99);
        d.copyRows(30, 7, x, y); // the last 7 rows: an odd block at the end
        assertArrayEquals(Arrays.copyOfRange(d.xArray(), 90, 111), Arrays.copyOf(x, 21), 0.0);
        assertArrayEquals(Arrays.copyOfRange(d.yArray(), 60, 74), Arrays.copyOf(y, 14), 0.0);
        assertTrue(Arrays.stream(x, 21, x.length).allMatch(v -> v == 99));
        assertTrue(Arrays.stream(y, 14, y.length).allMatch(v -> v == 99));
        // null skips a side; the other is still filled
        double[] x2 = new double[3];
        d.copyRows(5, 1, x2, null);
        assertArrayEquals(Arrays.copyOfRange(d.xArray(), 15, 18), x2, 0.0);
        d.copyRows(37, 0, x2, y); // an empty range at the end is allowed and copies nothing
        assertArrayEquals(Arrays.copyOfRange(d.xArray(), 15, 18), x2, 0.0);
    }

    @Test
    void copyRowsRefusesRowsOutsideTheDataAndShortBuffers() {
        Dataset d = data();
        double[] big = new double[200];
        assertThrows(IllegalArgumentException.class, () -> d.copyRows(-1, 2, big, big));
        assertThrows(IllegalArgumentException.class, () -> d.copyRows(30, 8, big, big));
        assertThrows(IllegalArgumentException.class, () -> d.copyRows(0, -1, big, big));
        assertThrows(IllegalArgumentException.class, () -> d.copyRows(Integer.MAX_VALUE, 1, big, big));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.copyRows(0, 4, new double[11], null));
        assertTrue(e.getMessage().contains("at least 12"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.copyRows(0, 4, null, new double[7]));
    }

    @Test
    void gatherRowsEqualsSubsetForRepeatedAndOutOfOrderRows() {
        Dataset d = data();
        int[] rows = {36, 0, 17, 17, 5, 2, 99};
        double[] x = new double[8 * 3];
        double[] y = new double[8 * 2];
        Arrays.fill(x, 99);
        d.gatherRows(rows, 6, x, y); // the first six indices only
        Dataset s = d.subset(Arrays.copyOf(rows, 6));
        assertArrayEquals(s.xArray(), Arrays.copyOf(x, 18), 0.0);
        assertArrayEquals(s.yArray(), Arrays.copyOf(y, 12), 0.0);
        assertTrue(Arrays.stream(x, 18, x.length).allMatch(v -> v == 99));
    }

    @Test
    void gatherRowsRefusesBadIndicesCountsAndShortBuffers() {
        Dataset d = data();
        double[] big = new double[200];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.gatherRows(new int[] {1, 37}, 2, big, big));
        assertTrue(e.getMessage().contains("row index 37 at position 1"), e.getMessage());
        assertTrue(Arrays.stream(big).allMatch(v -> v == 0), "a refused call writes nothing");
        assertThrows(IllegalArgumentException.class, () -> d.gatherRows(new int[] {-1}, 1, big, big));
        assertThrows(IllegalArgumentException.class, () -> d.gatherRows(new int[] {1}, 2, big, big));
        assertThrows(IllegalArgumentException.class, () -> d.gatherRows(new int[] {1, 2}, 2, new double[5], null));
        assertThrows(NullPointerException.class, () -> d.gatherRows(null, 0, big, big));
    }

    @Test
    void ofIndarrayKeepsNoLinkToTheCallersArray() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray y = Nd4j.createFromArray(new double[][] {{5}, {6}});
        Dataset d = Dataset.of(x, y);
        x.putScalar(0, 0, 100.0);
        y.putScalar(1, 0, 100.0);
        assertEquals(1.0, d.x(0, 0), 0.0);
        assertEquals(6.0, d.y(1, 0), 0.0);
        // and refuses non-finite values as the double[] factory does
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(Nd4j.createFromArray(new double[][] {{Double.NaN}}), Nd4j.zeros(1, 1)));
    }
}
