package org.bnn4j.spark.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.bnn4j.data.Standardizer;

/**
 * Training data spread over a Spark cluster: one {@link DataBlock} of primitive arrays per partition, standardised
 * with statistics computed over all rows (two distributed passes: means, then population standard deviations, as
 * {@link Standardizer#fit}; a constant column keeps its mean and gets std 1) and cached in executor memory for the
 * whole fit. Rows are numbered in partition order, so minibatches name rows by one global index.
 *
 * <pre>{@code
 * Dataset<Row> rows = spark.read().option("header", true).option("inferSchema", true).csv("train.csv");
 * DistributedData data = DistributedData.fromRows(rows, List.of("x1", "x2"), List.of("y"), true);
 * }</pre>
 */
public final class DistributedData implements AutoCloseable {

    private final JavaRDD<DataBlock> blocks;
    private final Standardizer standardizer;
    private final long size;
    private final int inDim;
    private final int outDim;

    private DistributedData(JavaRDD<DataBlock> blocks, Standardizer standardizer, long size, int inDim, int outDim) {
        this.blocks = blocks;
        this.standardizer = standardizer;
        this.size = size;
        this.inDim = inDim;
        this.outDim = outDim;
    }

    /**
     * @param rows        the training table
     * @param features    input column names (numeric)
     * @param targets     target column names (numeric)
     * @param standardize whether to standardise x and y with the statistics of all rows
     * @return the cached data
     * @throws IllegalArgumentException if a column is missing or not numeric, a value is null or not finite, or
     *                                  there are more than {@code Integer.MAX_VALUE} rows
     */
    public static DistributedData fromRows(Dataset<Row> rows, List<String> features, List<String> targets,
                                           boolean standardize) {
        StructType schema = rows.schema();
        int[] fx = columns(schema, features);
        int[] fy = columns(schema, targets);
        List<String> names = new ArrayList<>(features);
        names.addAll(targets);
        JavaRDD<DataBlock> raw = rows.javaRDD().mapPartitions(it -> List.of(block(it, fx, fy, names)).iterator());
        return cache(JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext()), raw, fx.length, fy.length,
                standardize);
    }

    /**
     * Spreads an in-memory dataset over {@code partitions} contiguous slices (for data that fits the driver, e.g. to
     * compare with a single-JVM fit).
     *
     * @param jsc         the Spark context
     * @param data        the data, original units
     * @param partitions  number of partitions, in {@code [1, data.size()]}
     * @param standardize whether to standardise
     * @return the cached data
     */
    public static DistributedData of(JavaSparkContext jsc, org.bnn4j.data.Dataset data, int partitions,
                                     boolean standardize) {
        if (partitions < 1 || partitions > data.size()) {
            throw new IllegalArgumentException("partitions must be in [1, " + data.size() + "] but was " + partitions);
        }
        int n = data.size();
        int in = data.inDim();
        int out = data.outDim();
        double[] x = data.xArray();
        double[] y = data.yArray();
        List<DataBlock> slices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) n * p / partitions);
            int to = (int) ((long) n * (p + 1) / partitions);
            slices.add(new DataBlock(from, to - from, in, out, Arrays.copyOfRange(x, from * in, to * in),
                    Arrays.copyOfRange(y, from * out, to * out)));
        }
        return cache(jsc, jsc.parallelize(slices, partitions), in, out, standardize);
    }

    private static DataBlock block(Iterator<Row> it, int[] fx, int[] fy, List<String> names) {
        DoubleBuffer x = new DoubleBuffer();
        DoubleBuffer y = new DoubleBuffer();
        int n = 0;
        while (it.hasNext()) {
            Row r = it.next();
            for (int k = 0; k < fx.length; k++) {
                x.add(value(r, fx[k], names.get(k)));
            }
            for (int k = 0; k < fy.length; k++) {
                y.add(value(r, fy[k], names.get(fx.length + k)));
            }
            n++;
        }
        return new DataBlock(0, n, fx.length, fy.length, x.toArray(), y.toArray());
    }

    private static double value(Row r, int col, String name) {
        Object v = r.get(col);
        if (v == null) {
            throw new IllegalArgumentException("column '" + name + "' is null in row " + r + "; drop or fill missing "
                    + "values first (Dataset.na())");
        }
        double d = ((Number) v).doubleValue();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("column '" + name + "' is " + d + " in row " + r
                    + "; replace or remove non-finite values first");
        }
        return d;
    }

    private static int[] columns(StructType schema, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("name at least one column");
        }
        int[] idx = new int[names.size()];
        for (int k = 0; k < idx.length; k++) {
            String c = names.get(k);
            if (!Arrays.asList(schema.fieldNames()).contains(c)) {
                throw new IllegalArgumentException("no column '" + c + "' (columns: "
                        + String.join(", ", schema.fieldNames()) + "); pass existing column names");
            }
            idx[k] = schema.fieldIndex(c);
            if (!(schema.fields()[idx[k]].dataType() instanceof NumericType)) {
                throw new IllegalArgumentException("column '" + c + "' has type "
                        + schema.fields()[idx[k]].dataType().simpleString() + "; cast it to double");
            }
        }
        return idx;
    }

    private static DistributedData cache(JavaSparkContext jsc, JavaRDD<DataBlock> raw, int inDim, int outDim,
                                         boolean standardize) {
        JavaRDD<DataBlock> rawCached = raw.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Integer> counts = rawCached.map(DataBlock::n).collect();
            long[] offsets = new long[counts.size()];
            long total = 0;
            for (int p = 0; p < offsets.length; p++) {
                offsets[p] = total;
                total += counts.get(p);
            }
            if (total < 1 || total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the data must have between 1 and " + Integer.MAX_VALUE
                        + " rows but had " + total);
            }
            Standardizer s = standardize ? ColumnStatistics.standardizer(rawCached, total, inDim, outDim) : null;
            Broadcast<long[]> off = jsc.broadcast(offsets);
            Broadcast<ColumnStatistics.Stats> bs = s == null ? null : jsc.broadcast(ColumnStatistics.Stats.of(s));
            JavaRDD<DataBlock> ready = rawCached.mapPartitionsWithIndex((p, it) -> {
                List<DataBlock> out = new ArrayList<>(1);
                while (it.hasNext()) {
                    DataBlock b = it.next().at(off.value()[p]);
                    if (bs != null) {
                        Standardizer st = bs.value().standardizer();
                        b = new DataBlock(b.offset(), b.n(), b.inDim(), b.outDim(), st.transformX(b.x(), b.n()),
                                st.transformY(b.y(), b.n()));
                    }
                    out.add(b);
                }
                return out.iterator();
            }, true).persist(StorageLevel.MEMORY_AND_DISK());
            ready.count(); // materialise the cache before the raw blocks go
            return new DistributedData(ready, s, total, inDim, outDim);
        } finally {
            rawCached.unpersist(false);
        }
    }

    /** @return the cached blocks, one per partition */
    JavaRDD<DataBlock> blocks() {
        return blocks;
    }

    /** @return the standardiser fitted on all rows, or null without standardisation */
    public Standardizer standardizer() {
        return standardizer;
    }

    /** @return the number of rows n */
    public int size() {
        return (int) size;
    }

    /** @return inputs per row */
    public int inDim() {
        return inDim;
    }

    /** @return targets per row */
    public int outDim() {
        return outDim;
    }

    /** @return the number of partitions (one block each) */
    public int numPartitions() {
        return blocks.getNumPartitions();
    }

    /** Drops the cached blocks from the executors. */
    @Override
    public void close() {
        blocks.unpersist(false);
    }

    /** A growable array of doubles. */
    private static final class DoubleBuffer {
        private double[] a = new double[1024];
        private int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
