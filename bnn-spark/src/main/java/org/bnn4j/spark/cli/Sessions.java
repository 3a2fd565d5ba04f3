package org.bnn4j.spark.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Creates the Spark session of a command: the master from {@code --master}, else from spark-submit, else local. */
final class Sessions {

    /** Master when neither {@code --master} nor spark-submit sets one: all local cores. */
    static final String DEFAULT_MASTER = "local[*]";

    private Sessions() {
    }

    /**
     * @param master  the {@code --master} value, or null
     * @param appName the application's name
     * @return the session
     */
    static SparkSession open(String master, String appName) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null) {
            b.master(master);
        } else if (!new SparkConf().contains("spark.master")) {
            b.master(DEFAULT_MASTER);
        }
        return b.getOrCreate();
    }

    /** Uses the jar's warnings-only log4j 2 configuration unless one is set (spark-submit sets its own). */
    static void quietLogging() {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("SPARK_SUBMIT") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:org/bnn4j/spark/cli/log4j2-cli.properties");
        }
    }
}
