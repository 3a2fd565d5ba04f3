package org.bnn4j.spark.cli;

import picocli.CommandLine.Option;

/** The {@code --master} option of every subcommand. */
final class MasterOption {

    @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[2], yarn, "
            + "k8s://https://HOST:6443 (default: spark-submit's, else " + Sessions.DEFAULT_MASTER + ").")
    String master;

    /**
     * @param appName the application's name
     * @return the session of the command
     */
    Sessions open(String appName) {
        return Sessions.open(master, appName);
    }
}
