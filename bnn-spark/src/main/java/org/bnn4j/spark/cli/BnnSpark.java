package org.bnn4j.spark.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * {@code bnn-spark}: bnn4j on Apache Spark. {@code predict} scores a CSV table with a saved model, {@code fit} trains
 * MAP or SVI data-parallel, {@code sweep} runs independent fits (UCI splits, hyperparameter grids, MCMC chains) as
 * Spark tasks. Runs under {@code spark-submit} (thin jar) or alone with {@code java -jar bnn-spark-examples.jar}.
 *
 * <pre>{@code
 * int exit = BnnSpark.commandLine().execute("predict", "--master", "local[2]", "--model", "m.bnn", "--csv", "in.csv",
 *         "--out", "scored");
 * }</pre>
 */
@Command(name = "bnn-spark", mixinStandardHelpOptions = true, versionProvider = BnnSpark.Version.class,
        subcommands = {PredictCommand.class, FitCommand.class, SweepCommand.class},
        description = "bnn4j on Apache Spark: distributed prediction, data-parallel fits and independent fits as tasks.",
        footer = {"", "See docs/spark.md for local, YARN and Kubernetes runs."})
public final class BnnSpark implements Runnable {

    /** Exit code of a run that failed. */
    static final int EXIT_FAILURE = 1;
    /** Exit code of bad options. */
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand; try 'bnn-spark predict --help'");
    }

    /** @return a command line with one-line error handlers */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BnnSpark());
        cl.setParameterExceptionHandler(new OneLineParameterErrors());
        cl.setExecutionExceptionHandler(new OneLineExecutionErrors());
        return cl;
    }

    /**
     * Runs the command and exits with its exit code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        Sessions.quietLogging();
        System.exit(commandLine().execute(args));
    }

    /** Bad options: one line on stderr, exit code 2. */
    static final class OneLineParameterErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(ex.getCommandLine().getCommandName() + ": " + ex.getMessage() + " (see --help)");
            err.flush();
            return EXIT_USAGE;
        }
    }

    /** Failures while running: one line on stderr, exit code 1. */
    static final class OneLineExecutionErrors implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
            PrintWriter err = cl.getErr();
            Throwable t = ex;
            while (t.getCause() != null && t.getMessage() == null) {
                t = t.getCause();
            }
            err.println(cl.getCommandName() + ": " + t.getClass().getSimpleName() + ": "
                    + String.valueOf(t.getMessage()).replace('\n', ' ').strip());
            err.flush();
            return EXIT_FAILURE;
        }
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BnnSpark.class.getPackage().getImplementationVersion();
            return new String[] {"bnn-spark " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (bnn4j), Spark "
                    + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
        }
    }
}
