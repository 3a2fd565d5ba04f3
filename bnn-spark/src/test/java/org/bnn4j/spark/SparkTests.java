package org.bnn4j.spark;

import org.apache.spark.sql.SparkSession;

/** The Spark session of the tests: local[2], no UI, bound to the loopback address; shared by all test classes. */
public final class SparkTests {

    private SparkTests() {
    }

    /** @return the shared local[2] session (created at the first call) */
    public static synchronized SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("bnn-spark-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }
}
