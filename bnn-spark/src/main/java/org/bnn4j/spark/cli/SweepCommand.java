package org.bnn4j.spark.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bnn-spark sweep}: independent fits as Spark tasks, one task per fit. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        subcommands = {UciSweepCommand.class, GridSweepCommand.class, ChainsSweepCommand.class},
        description = "Independent fits as Spark tasks: UCI splits (uci), hyperparameter grids (grid), MCMC chains "
                + "(chains). Each task is a deterministic function of its seed and inputs, so the results equal the "
                + "single-JVM runs'.")
final class SweepCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: uci, grid or chains");
    }
}
