package org.bnn4j.examples.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import org.bnn4j.examples.bench.BenchCommand;
import org.bnn4j.examples.io.FileProblems;
import org.bnn4j.examples.uci.UciCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * The {@code bnn} command line: Bayesian neural network regression demos on bnn4j.
 *
 * <p>Exit codes: 0 on success; 2 on a bad command line or input the user can fix (bad data, an output path that
 * cannot be written or is one of the inputs, a request larger than memory, a fit that diverged), reported before any
 * long work where it can be checked; 1 when the run fails otherwise (a write error, including on standard output).
 * Each failure prints one line on stderr; {@code --verbose} adds the stack trace.
 *
 * <pre>{@code
 * int exit = new CommandLine(new BnnCommand()).execute("clusters", "--inference", "map", "--epochs", "300");
 * }</pre>
 */
@Command(name = "bnn", mixinStandardHelpOptions = true, versionProvider = BnnCommand.Version.class,
        subcommands = {ClustersCommand.class, FitCommand.class, PredictCommand.class, InfoCommand.class, UciCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class},
        description = "Bayesian neural network regression with bnn4j.",
        footer = {"", "Set OMP_NUM_THREADS=1 before running (recommended: the networks are small and native "
                + "threads only add contention)."})
public final class BnnCommand implements Runnable {

    /** Exit code for a bad command line (picocli's usage code). */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    /** Exit code for a run that failed. */
    public static final int EXIT_FAILURE = CommandLine.ExitCode.SOFTWARE;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: print the usage and fail with the usage exit code. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand; try 'bnn clusters --help'");
    }

    /**
     * @return a command line with the one-line error handlers installed
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BnnCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(new OneLineParameterErrors());
        cl.setExecutionExceptionHandler(new OneLineExecutionErrors());
        cl.setExecutionStrategy(new GuardedExecution(new CommandLine.RunLast()));
        return cl;
    }

    /**
     * Runs the command and exits the JVM with its exit code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = commandLine();
        cl.setOut(StandardOutput.open());
        System.exit(cl.execute(args));
    }

    static boolean verbose(CommandLine cl) {
        CommandLine root = cl;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Object cmd = root.getCommand();
        return cmd instanceof BnnCommand b && b.verbose;
    }

    /** Bad options: one line on stderr, exit code 2. */
    static final class OneLineParameterErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage().replace('\n', ' ').strip();
            err.println(qualifiedName(cl) + ": " + msg + " (see '" + qualifiedName(cl) + " --help')");
            if (Arrays.asList(args).contains("--verbose")) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_USAGE;
        }
    }

    /**
     * Failures while running, one line on stderr (the stack trace too with --verbose): input the user can fix (bad
     * data, an unusable output path, an out-of-range value, a fit that diverged) exits with 2; an I/O error while
     * running (a full disk) with 1, naming the file and the reason; anything else is a defect of the program and
     * exits with 1 naming the exception.
     */
    static final class OneLineExecutionErrors implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
            Failure f = Failure.of(ex, cl);
            PrintWriter err = cl.getErr();
            err.println(qualifiedName(cl) + ": " + f.message().replace('\n', ' ').strip());
            if (verbose(cl)) {
                ex.printStackTrace(err);
            }
            err.flush();
            return f.exitCode();
        }
    }

    /**
     * Runs the parsed command, then checks that everything it printed reached standard output (a full disk, a closed
     * descriptor or a closed pipe make the print methods fail silently), and turns running out of memory into one
     * line instead of a stack trace.
     */
    static final class GuardedExecution implements CommandLine.IExecutionStrategy {
        private final CommandLine.IExecutionStrategy inner;

        GuardedExecution(CommandLine.IExecutionStrategy inner) {
            this.inner = inner;
        }

        @Override
        public int execute(CommandLine.ParseResult parsed) {
            List<CommandLine> chain = parsed.asCommandLineList();
            CommandLine sub = chain.get(chain.size() - 1);
            int exit;
            try {
                exit = inner.execute(parsed);
            } catch (OutOfMemoryError e) {
                sub.getErr().println(qualifiedName(sub) + ": " + Failure.outOfMemory().message());
                sub.getErr().flush();
                exit = Failure.outOfMemory().exitCode();
            }
            PrintWriter out = sub.getOut();
            if (out.checkError()) { // flushes, then reports any earlier failure
                String why = out instanceof StandardOutput s && s.failure() != null
                        ? " (" + FileProblems.reason(s.failure()) + ")" : "";
                sub.getErr().println(qualifiedName(sub) + ": cannot write to standard output" + why
                        + "; the output is incomplete");
                sub.getErr().flush();
                return exit == 0 ? EXIT_FAILURE : exit;
            }
            return exit;
        }
    }

    static String qualifiedName(CommandLine cl) {
        return cl.getParent() == null ? cl.getCommandName() : qualifiedName(cl.getParent()) + " " + cl.getCommandName();
    }

    /** Version from the jar manifest when packaged, else the build's snapshot version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BnnCommand.class.getPackage().getImplementationVersion();
            return new String[] {"bnn " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (bnn4j)",
                    "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch")};
        }
    }
}
