package org.bnn4j.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.internal.Terminal;
import org.bnn4j.inference.listen.MetricsLog;
import org.bnn4j.inference.listen.ProgressBar;
import picocli.CommandLine.Option;

/**
 * The progress options of the commands that fit: {@code --quiet} and {@code --metrics-log FILE}. Progress goes to the
 * command's stderr: a bar redrawn in place when stderr is a terminal, else a plain line every 10% (or 30 s).
 */
public final class ProgressOptions {

    @Option(names = "--quiet", description = "Print no progress on stderr (results and errors are still printed).")
    boolean quiet;

    @Option(names = "--metrics-log", paramLabel = "FILE",
            description = "Write every iteration's values (SVI: elbo, nll, kl, klWeight; MAP/MLE: loss; NUTS/HMC: "
                    + "stepSize, divergences per chain) to FILE as JSON lines, or as CSV if FILE ends in .csv.")
    Path metricsLog;

    /**
     * Checks the metrics log path before any long work.
     *
     * @param inputs the command's input files by option, which the log must not overwrite
     * @throws org.bnn4j.examples.csv.BadInputException if the log cannot be written or is an input
     */
    public void check(Map<String, Path> inputs) {
        if (metricsLog != null) {
            Outputs.requireFile(metricsLog, "--metrics-log", inputs);
        }
    }

    /**
     * @param err the command's stderr
     * @return the listeners: the progress display unless {@code --quiet}, the metrics log if asked for
     */
    public FitListener[] listeners(java.io.PrintWriter err) {
        List<FitListener> out = new ArrayList<>();
        if (!quiet) {
            out.add(new ProgressBar(err, Terminal.stderrIsTerminal() ? ProgressBar.Style.BAR
                    : ProgressBar.Style.LINES));
        }
        if (metricsLog != null) {
            out.add(new MetricsLog(metricsLog, MetricsLog.Format.forFile(metricsLog)));
        }
        return out.toArray(FitListener[]::new);
    }
}
