package org.bnn4j.inference.svi;

import java.util.SplittableRandom;

/**
 * The standard normal draws of one {@link ZigguratNormal} stream (seeded from a {@link SplittableRandom}), read in
 * blocks of any length into a reused buffer, drawn in the calling thread: with ~0.1 ms of compute per epoch of the
 * cluster net, handing the draws over from a second thread costs more than drawing them (docs/benchmarks.md).
 *
 * <p>Not thread-safe.
 */
final class GaussianStream {

    private final ZigguratNormal normal;
    private double[] buffer;

    /**
     * @param rng   the source of the stream's seed (one {@code nextLong})
     * @param chunk the buffer's initial length, {@code >= 1} (e.g. the noise of one step)
     */
    GaussianStream(SplittableRandom rng, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be >= 1 but was " + chunk);
        }
        this.normal = new ZigguratNormal(rng.nextLong());
        this.buffer = new double[chunk];
    }

    /**
     * The next {@code len} values of the stream, in {@code [0, len)} of the returned array, which stays valid until
     * the next call.
     *
     * @param len how many values, {@code >= 0}
     * @return an array holding them from index 0
     */
    double[] next(int len) {
        if (buffer.length < len) {
            buffer = new double[len];
        }
        normal.fill(buffer, 0, len);
        return buffer;
    }

    /**
     * Copies the next {@code len} values of the stream into {@code dst[0, len)}.
     *
     * @param dst destination
     * @param len how many values
     */
    void next(double[] dst, int len) {
        normal.fill(dst, 0, len);
    }
}
