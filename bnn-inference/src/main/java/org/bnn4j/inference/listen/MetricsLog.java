package org.bnn4j.inference.listen;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.IterationEvent;

/**
 * Writes every {@link IterationEvent} of a fit to a file, as CSV (header {@code chain,iteration,total,<values>}
 * taken from the first event) or as JSON lines ({@code {"chain":0,"iteration":3,"total":2000,"loss":1.5,...}}).
 * The file is created (or truncated) on {@link #onStart} and closed on {@link #onFinish}. Non-finite values are
 * written as {@code NaN} / {@code Infinity} in CSV and as JSON strings in JSON lines. Thread-safe.
 */
public final class MetricsLog implements FitListener {

    /** File format. */
    public enum Format {
        /** Comma-separated values with a header row. */
        CSV,
        /** One JSON object per line. */
        JSON_LINES
    }

    private final Path file;
    private final Format format;
    private BufferedWriter writer;
    private List<String> columns;

    /**
     * @param file   the file to write
     * @param format CSV or JSON lines
     */
    public MetricsLog(Path file, Format format) {
        this.file = Objects.requireNonNull(file, "file");
        this.format = Objects.requireNonNull(format, "format");
    }

    @Override
    public synchronized void onStart(String method, int totalIterations) {
        try {
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            columns = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics log " + file + "; check the directory exists and is "
                    + "writable", e);
        }
    }

    @Override
    public synchronized void onIteration(IterationEvent e) {
        if (writer == null) {
            return;
        }
        try {
            if (format == Format.CSV) {
                if (columns == null) {
                    columns = new ArrayList<>(e.values().keySet());
                    writer.write("chain,iteration,total," + String.join(",", columns));
                    writer.newLine();
                }
                StringBuilder sb = new StringBuilder().append(e.chain()).append(',').append(e.iteration()).append(',')
                        .append(e.total());
                for (String c : columns) {
                    Double v = e.values().get(c);
                    sb.append(',').append(v == null ? "" : num(v));
                }
                writer.write(sb.toString());
            } else {
                StringBuilder sb = new StringBuilder("{\"chain\":").append(e.chain()).append(",\"iteration\":")
                        .append(e.iteration()).append(",\"total\":").append(e.total());
                for (Map.Entry<String, Double> kv : e.values().entrySet()) {
                    double v = kv.getValue();
                    sb.append(",\"").append(kv.getKey().replace("\"", "\\\"")).append("\":")
                            .append(Double.isFinite(v) ? num(v) : "\"" + v + "\"");
                }
                writer.write(sb.append('}').toString());
            }
            writer.newLine();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write metrics log " + file, ex);
        }
    }

    @Override
    public synchronized void onFinish() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot close metrics log " + file, ex);
            } finally {
                writer = null;
            }
        }
    }

    private static String num(double v) {
        return Double.toString(v); // shortest round-tripping form; valid in CSV and JSON
    }
}
