package org.bnn4j.inference.svi;

import java.util.SplittableRandom;

/**
 * The sequence of standard normal draws of one {@link SplittableRandom}, read in blocks of any length: the stream is
 * {@link ZigguratNormal#next} called again and again (not {@code rng.nextGaussian()}, whose speed varies from one
 * JVM to the next), drawn a chunk at a time in the calling thread: with ~0.1 ms of compute per epoch of
 * the cluster net, handing the draws over from a second thread costs more than drawing them
 * (docs/benchmarks.md).
 *
 * <p>Not thread-safe.
 */
final class GaussianStream {

    private final SplittableRandom rng;
    private final int chunk;
    private final double[] current;
    private double[] scratch;
    private int pos;

    /**
     * @param rng   the source; owned by the stream from now on
     * @param chunk values per internal chunk, {@code >= 1} (e.g. the noise of one step)
     */
    GaussianStream(SplittableRandom rng, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be >= 1 but was " + chunk);
        }
        this.rng = rng;
        this.chunk = chunk;
        this.current = new double[chunk];
        this.pos = chunk;
    }

    /**
     * The next {@code len} values of the stream, in {@code [0, len)} of the returned array, which stays valid until
     * the next call. A read of exactly one whole chunk at a chunk boundary (every step of a full-batch fit) returns
     * the chunk itself, without copying it.
     *
     * @param len how many values, {@code >= 0}
     * @return an array holding them from index 0
     */
    double[] next(int len) {
        if (len == chunk && pos == chunk) {
            ZigguratNormal.fill(rng, current);
            return current;
        }
        if (scratch == null || scratch.length < len) {
            scratch = new double[Math.max(len, chunk)];
        }
        next(scratch, len);
        return scratch;
    }

    /**
     * Copies the next {@code len} values of the stream into {@code dst[0, len)}.
     *
     * @param dst destination
     * @param len how many values
     */
    void next(double[] dst, int len) {
        int done = 0;
        while (done < len) {
            if (pos == chunk) {
                ZigguratNormal.fill(rng, current);
                pos = 0;
            }
            int n = Math.min(len - done, chunk - pos);
            System.arraycopy(current, pos, dst, done, n);
            pos += n;
            done += n;
        }
    }
}
