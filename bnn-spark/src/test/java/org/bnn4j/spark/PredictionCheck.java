package org.bnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Compares a distributed prediction with the CSV written by {@code bnn predict}, every column of every row, bit for bit. */
public final class PredictionCheck {

    private PredictionCheck() {
    }

    /**
     * @param bnnPredictCsv output of {@code bnn predict} (rows in input order, row i has id i)
     * @return the header and the values {@code [rows][columns]}
     * @throws IOException on read errors
     */
    public static Table readBnnPredict(Path bnnPredictCsv) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(bnnPredictCsv, StandardCharsets.UTF_8)) {
            List<String> header = Arrays.asList(r.readLine().split(","));
            List<double[]> rows = new java.util.ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] cells = line.split(",");
                double[] v = new double[cells.length];
                for (int j = 0; j < v.length; j++) {
                    v[j] = Double.parseDouble(cells[j]);
                }
                rows.add(v);
            }
            return new Table(header, rows.toArray(double[][]::new));
        }
    }

    /**
     * @param bnnPredictCsv {@code bnn predict}'s output
     * @param predicted     a table with an {@code id} column and the prediction columns
     * @return rows compared
     * @throws IOException on read errors
     */
    public static long assertSame(Path bnnPredictCsv, Dataset<Row> predicted) throws IOException {
        return assertSame(readBnnPredict(bnnPredictCsv), predicted);
    }

    /**
     * The columns and values of a {@code bnn predict} output.
     *
     * @param header column names
     * @param values values {@code [rows][columns]}
     */
    public record Table(List<String> header, double[][] values) {
    }

    /**
     * Asserts that the Spark output has bnn predict's columns and, for every id, exactly its values.
     *
     * @param expected  bnn predict's table
     * @param predicted the Spark output with an {@code id} column
     * @return the number of rows compared
     */
    public static long assertSame(Table expected, Dataset<Row> predicted) {
        List<String> cols = expected.header();
        Column[] select = new Column[cols.size() + 1];
        select[0] = functions.col("id");
        for (int j = 0; j < cols.size(); j++) {
            select[j + 1] = functions.col(cols.get(j)); // fails if Spark named a column differently
        }
        boolean[] seen = new boolean[expected.values().length];
        long n = 0;
        for (Iterator<Row> it = predicted.select(select).toLocalIterator(); it.hasNext(); ) {
            Row r = it.next();
            int id = ((Number) r.get(0)).intValue();
            double[] want = expected.values()[id];
            for (int j = 0; j < want.length; j++) {
                double got = r.getDouble(j + 1);
                if (Double.doubleToRawLongBits(got) != Double.doubleToRawLongBits(want[j])) {
                    throw new AssertionError("row " + id + ", column " + cols.get(j) + ": Spark " + got
                            + " but bnn predict " + want[j]);
                }
            }
            assertEquals(false, seen[id], "row " + id + " appears twice");
            seen[id] = true;
            n++;
        }
        assertEquals(expected.values().length, n, "every row of the input is predicted once");
        return n;
    }
}
