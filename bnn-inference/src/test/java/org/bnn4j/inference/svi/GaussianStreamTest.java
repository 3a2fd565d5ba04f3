package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianStreamTest {

    /** Reads of uneven lengths, across chunk boundaries, give exactly the ziggurat draws in order. */
    @Test
    void isTheGeneratorsSequence() {
        int[] lengths = {7, 7, 3, 20, 1, 7, 0, 19, 7};
        int total = 0;
        for (int n : lengths) {
            total += n;
        }
        SplittableRandom ref = new SplittableRandom(11);
        double[] want = new double[total];
        for (int i = 0; i < total; i++) {
            want[i] = ZigguratNormal.next(ref);
        }
        double[] got = new double[total];
        GaussianStream s = new GaussianStream(new SplittableRandom(11), 7);
        int at = 0;
        double[] buf = new double[20];
        for (int n : lengths) {
            s.next(buf, n);
            System.arraycopy(buf, 0, got, at, n);
            at += n;
        }
        assertArrayEquals(want, got, 0.0);
    }

    /** Whole-chunk reads come back without a copy and still follow the sequence; other reads are copies. */
    @Test
    void wholeChunkReadsAreTheSequenceToo() {
        SplittableRandom r = new SplittableRandom(12);
        double[] want = new double[5 + 3 + 5 + 5];
        for (int i = 0; i < want.length; i++) {
            want[i] = ZigguratNormal.next(r);
        }
        GaussianStream s = new GaussianStream(new SplittableRandom(12), 5);
        assertArrayEquals(java.util.Arrays.copyOfRange(want, 0, 5), java.util.Arrays.copyOf(s.next(5), 5), 0.0);
        assertArrayEquals(java.util.Arrays.copyOfRange(want, 5, 8), java.util.Arrays.copyOf(s.next(3), 3), 0.0);
        assertArrayEquals(java.util.Arrays.copyOfRange(want, 8, 13), java.util.Arrays.copyOf(s.next(5), 5), 0.0);
        assertArrayEquals(java.util.Arrays.copyOfRange(want, 13, 18), java.util.Arrays.copyOf(s.next(5), 5), 0.0);
    }

    @Test
    void chunkMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianStream(new SplittableRandom(1), 0));
    }
}
