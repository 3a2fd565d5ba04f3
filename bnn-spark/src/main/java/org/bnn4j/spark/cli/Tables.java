package org.bnn4j.spark.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reading CSV tables as {@code bnn}'s CSV reader does: surrounding spaces trimmed, numeric columns typed. */
final class Tables {

    private Tables() {
    }

    /**
     * @param spark  the session
     * @param path   a CSV file or directory
     * @param header whether the first line holds column names (else columns are {@code _c0, _c1, ...})
     * @return the table, numeric columns inferred (one extra pass over the data)
     */
    static Dataset<Row> readCsv(SparkSession spark, String path, boolean header) {
        return spark.read().option("header", header).option("inferSchema", true)
                .option("ignoreLeadingWhiteSpace", true).option("ignoreTrailingWhiteSpace", true).csv(path);
    }
}
