package org.bnn4j.examples.cli;

import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.KernelType;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.Kernels;

/**
 * The row ranges {@code bnn predict} evaluates one after the other: {@code count} consecutive ranges of
 * {@code rows} rows, as equal as possible (chunk k is {@code [floor(k rows / count), floor((k + 1) rows / count))}).
 *
 * <p>A chunk's predictions are the same bits as those rows' predictions in one call over all rows: the weight draws
 * do not depend on the inputs ({@code Posterior.predict(x, n, rng)} is {@code predict(x, predictionDraws(n, rng))}),
 * and every point's values depend only on that point and the draws, computed by the same code, provided the forward
 * pass runs on the same compute kernel. That is the one thing that depends on the number of rows: for a network
 * with enough multiply-adds per hidden unit, {@link Kernels#select} takes the ND4J kernel once a call does enough
 * work (weight samples x rows), the fused CPU kernel below, and the two differ in the last bits. {@link #plan}
 * therefore never cuts a chunk below {@link #stableRows}, the batch size from which the choice is that of
 * arbitrarily many rows.
 *
 * @param rows  rows in all, {@code >= 1}
 * @param count number of chunks, in {@code [1, rows]}
 */
record RowChunks(int rows, int count) {

    RowChunks {
        if (rows < 1 || count < 1 || count > rows) {
            throw new IllegalArgumentException("need rows >= 1 and 1 <= count <= rows but rows=" + rows + ", count="
                    + count);
        }
    }

    /**
     * @param rows       rows in all, {@code >= 1}
     * @param maxRows    rows wanted per chunk at most, {@code >= 1}
     * @param stableRows rows per chunk at least when there is more than one ({@link #stableRows}), {@code >= 1}
     * @return as few chunks as hold at most {@code cap = max(maxRows, 2 stableRows)} rows each: one when
     *         {@code rows <= cap}; when there are several, each holds more than {@code cap / 2}, so at least
     *         {@code stableRows}, rows
     * @throws IllegalArgumentException if an argument is below 1
     */
    static RowChunks plan(int rows, int maxRows, int stableRows) {
        if (rows < 1 || maxRows < 1 || stableRows < 1) {
            throw new IllegalArgumentException("rows, maxRows and stableRows must be >= 1 but were " + rows + ", "
                    + maxRows + ", " + stableRows);
        }
        long cap = Math.max(maxRows, 2L * stableRows);
        return new RowChunks(rows, (int) ((rows + cap - 1) / cap));
    }

    /**
     * The smallest batch from which {@code network}'s compute kernel is the one chosen for any larger batch, whatever
     * the number of weight samples: {@link Kernels#select} decides on samples x rows and switches at most once as
     * they grow, so a batch that settles the choice for one sample settles it for more.
     *
     * @param network the network
     * @return a batch size {@code >= 1} (1 when the choice does not depend on the batch)
     */
    static int stableRows(FeedForwardNetwork network) {
        NetworkSpec spec = network.spec();
        KernelType type = network.kernelType();
        KernelType large = Kernels.select(type, spec, 1, Integer.MAX_VALUE);
        if (Kernels.select(type, spec, 1, 1) == large) {
            return 1;
        }
        int lo = 1; // chooses another kernel
        int hi = Integer.MAX_VALUE; // chooses the large one
        while (hi - lo > 1) {
            int mid = lo + (hi - lo) / 2;
            if (Kernels.select(type, spec, 1, mid) == large) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /**
     * @param k chunk index in {@code [0, count)}
     * @return its first row
     */
    int from(int k) {
        return (int) ((long) k * rows / count);
    }

    /**
     * @param k chunk index in {@code [0, count)}
     * @return one past its last row
     */
    int to(int k) {
        return from(k + 1);
    }

    /** @return rows of the largest chunk, {@code ceil(rows / count)} */
    int maxRows() {
        return (int) ((rows + (long) count - 1) / count);
    }
}
