package org.bnn4j.spark.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command: the master from {@code --master}, else from spark-submit, else local. A session
 * that already runs in this JVM (a caller embedding the command) is used and left running; one the command creates
 * is stopped when it ends.
 */
final class Sessions implements AutoCloseable {

    /** Master when neither {@code --master} nor spark-submit sets one: all local cores. */
    static final String DEFAULT_MASTER = "local[*]";

    private final SparkSession session;
    private final boolean owned;

    private Sessions(SparkSession session, boolean owned) {
        this.session = session;
        this.owned = owned;
    }

    /**
     * @param master  the {@code --master} value, or null
     * @param appName the application's name
     * @return the session handle
     */
    static Sessions open(String master, String appName) {
        if (SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined()) {
            return new Sessions(SparkSession.builder().getOrCreate(), false);
        }
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null) {
            b.master(master);
        } else if (!new SparkConf().contains("spark.master")) {
            b.master(DEFAULT_MASTER);
        }
        return new Sessions(b.getOrCreate(), true);
    }

    /** @return the session */
    SparkSession spark() {
        return session;
    }

    /** @return its Java context */
    JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(session.sparkContext());
    }

    @Override
    public void close() {
        if (owned) {
            session.stop();
        }
    }

    /** Uses the jar's warnings-only log4j 2 configuration unless one is set (spark-submit sets its own). */
    static void quietLogging() {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("SPARK_SUBMIT") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:org/bnn4j/spark/cli/log4j2-cli.properties");
        }
        if (System.getProperty("io.netty.tryReflectionSetAccessible") == null) {
            System.setProperty("io.netty.tryReflectionSetAccessible", "true"); // as spark-submit passes it
        }
    }
}
