package org.bnn4j.inference.svi;

import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The sequence of standard normal draws of one {@link SplittableRandom}, read in blocks of any length. With
 * {@code prefetch}, a daemon thread draws the next chunks while the caller computes, which can hide the ~3 ns per
 * draw on a second core; {@link Svi} no longer uses it, since the hand-off between threads came to cost more than
 * the draws once the seed net's epoch fell to ~0.1 ms. The values, and their order,
 * are the same with and without prefetching: the stream is {@link ZigguratNormal#next} called again and again
 * (not {@code rng.nextGaussian()}, whose speed varies from one JVM to the next).
 *
 * <p>Not thread-safe for readers; {@link #close()} stops the producer.
 */
final class GaussianStream implements AutoCloseable {

    private final SplittableRandom rng;
    private final int chunk;
    private final Thread producer;
    private final BlockingQueue<double[]> full;
    private final BlockingQueue<double[]> empty;
    private double[] current;
    private double[] scratch;
    private int pos;

    /**
     * @param rng      the source; owned by the stream from now on
     * @param chunk    values per internal chunk, {@code >= 1} (e.g. the noise of one step)
     * @param prefetch whether to draw ahead on a background thread
     */
    GaussianStream(SplittableRandom rng, int chunk, boolean prefetch) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be >= 1 but was " + chunk);
        }
        this.rng = rng;
        this.chunk = chunk;
        this.pos = chunk;
        if (prefetch) {
            full = new ArrayBlockingQueue<>(2);
            empty = new ArrayBlockingQueue<>(3);
            for (int i = 0; i < 3; i++) {
                empty.add(new double[chunk]);
            }
            producer = new Thread(this::produce, "bnn4j-svi-noise");
            producer.setDaemon(true);
            producer.start();
        } else {
            full = null;
            empty = null;
            producer = null;
            current = new double[chunk];
        }
    }

    private void produce() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                double[] buf = empty.take();
                ZigguratNormal.fill(rng, buf);
                full.put(buf);
            }
        } catch (InterruptedException e) {
            // closed
        }
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
            refill();
            pos = chunk;
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
                refill();
            }
            int n = Math.min(len - done, chunk - pos);
            System.arraycopy(current, pos, dst, done, n);
            pos += n;
            done += n;
        }
    }

    private void refill() {
        if (producer == null) {
            ZigguratNormal.fill(rng, current);
        } else {
            try {
                if (current != null) {
                    empty.put(current);
                }
                current = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for SVI noise", e);
            }
        }
        pos = 0;
    }

    /** Stops the producer thread, if any. */
    @Override
    public void close() {
        if (producer != null) {
            producer.interrupt();
        }
    }
}
