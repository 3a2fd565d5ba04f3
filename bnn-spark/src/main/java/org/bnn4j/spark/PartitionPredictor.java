package org.bnn4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.bnn4j.inference.Posterior;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.CentralInterval;
import org.bnn4j.predictive.PredictiveDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Predicts one partition lazily, one batch of rows at a time: reads the feature columns into a row-major
 * {@code double[]}, evaluates the broadcast draws on it, and appends the prediction columns to each row.
 */
final class PartitionPredictor implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;
    private static final int COLUMNS_PER_TARGET = 6;

    private final Broadcast<PredictionPayload> payload;

    PartitionPredictor(Broadcast<PredictionPayload> payload) {
        this.payload = payload;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        PredictionPayload p = payload.value();
        Posterior posterior = p.posterior().posterior();
        INDArray draws = Nd4j.create(p.draws(), new long[] {p.numDraws(), posterior.model().numParams()},
                DataType.DOUBLE);
        return new Iterator<>() {
            private final List<Row> batch = new ArrayList<>();
            private List<Row> ready = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < ready.size()) {
                    return true;
                }
                if (!rows.hasNext()) {
                    return false;
                }
                batch.clear();
                while (rows.hasNext() && batch.size() < p.config().batchSize()) {
                    batch.add(rows.next());
                }
                ready = predictBatch(batch, posterior, draws, p);
                next = 0;
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.get(next++);
            }
        };
    }

    private static List<Row> predictBatch(List<Row> batch, Posterior posterior, INDArray draws, PredictionPayload p) {
        int[] cols = p.featureIndex();
        int inDim = cols.length;
        int b = batch.size();
        double[] x = new double[b * inDim];
        for (int i = 0; i < b; i++) {
            Row r = batch.get(i);
            for (int k = 0; k < inDim; k++) {
                Object v = r.get(cols[k]);
                if (v == null) {
                    throw new IllegalArgumentException("feature column '" + p.config().features().get(k) + "' is null "
                            + "in row " + r + "; drop or fill missing values first (Dataset.na())");
                }
                double d = ((Number) v).doubleValue();
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("feature column '" + p.config().features().get(k) + "' is " + d
                            + " in row " + r + "; replace or remove non-finite values first");
                }
                x[i * inDim + k] = d;
            }
        }
        PredictiveDistribution pd = posterior.predict(Nd4j.create(x, new long[] {b, inDim}, DataType.DOUBLE), draws);
        double[] mean = Arrays2.toDoubles(pd.mean());
        double[] ale = Arrays2.toDoubles(pd.aleatoricStd());
        double[] epi = Arrays2.toDoubles(pd.epistemicStd());
        double[] tot = Arrays2.toDoubles(pd.totalStd());
        CentralInterval ci = pd.interval(p.config().level());
        int d = pd.outDim();
        List<Row> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            Row r = batch.get(i);
            Object[] values = new Object[r.size() + COLUMNS_PER_TARGET * d];
            for (int j = 0; j < r.size(); j++) {
                values[j] = r.get(j);
            }
            for (int t = 0; t < d; t++) {
                int o = i * d + t;
                int c = r.size() + COLUMNS_PER_TARGET * t;
                values[c] = mean[o];
                values[c + 1] = ale[o];
                values[c + 2] = epi[o];
                values[c + 3] = tot[o];
                values[c + 4] = ci.lower(i, t);
                values[c + 5] = ci.upper(i, t);
            }
            out.add(RowFactory.create(values));
        }
        return out;
    }
}
