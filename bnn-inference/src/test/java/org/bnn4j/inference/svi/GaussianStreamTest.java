package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianStreamTest {

    /**
     * Reads of uneven lengths (into the stream's buffer, which grows past its initial chunk, and into the caller's
     * arrays) give exactly the draws of the ziggurat stream seeded by the source's first word, in order.
     */
    @Test
    void isTheZigguratStreamOfTheSourcesFirstWord() {
        int[] lengths = {7, 7, 3, 20, 1, 7, 0, 19, 1500, 7};
        int total = 0;
        for (int n : lengths) {
            total += n;
        }
        double[] want = new double[total];
        new ZigguratNormal(new SplittableRandom(11).nextLong()).fill(want, 0, total);
        double[] got = new double[total];
        GaussianStream s = new GaussianStream(new SplittableRandom(11), 7);
        int at = 0;
        boolean own = false;
        for (int n : lengths) {
            double[] buf = own ? new double[n] : s.next(n);
            if (own) {
                s.next(buf, n);
            }
            System.arraycopy(buf, 0, got, at, n);
            at += n;
            own = !own;
        }
        assertArrayEquals(want, got, 0.0);
    }

    @Test
    void chunkMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianStream(new SplittableRandom(1), 0));
    }
}
