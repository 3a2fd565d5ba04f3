package org.bnn4j.inference.listen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bnn4j.inference.FitListener;
import org.bnn4j.inference.IterationEvent;

/**
 * Writes every {@link IterationEvent} of one or more fits to a file, as JSON lines
 * ({@code {"fit":0,"method":"svi","chain":0,"iteration":3,"total":2000,"loss":1.5,...}}, one object per line, written
 * with Jackson's streaming generator) or as CSV (header {@code fit,method,chain,iteration,total,<values>} taken from
 * the first event; a later event's values missing from the header are left out, absent ones left empty).
 *
 * <p>The file is created (or truncated) at the first {@link #onStart} and appended to by later fits, whose records
 * carry the next {@code fit} number (e.g. one per split of the UCI protocol); it is flushed and closed at every
 * {@link #onFinish}, so it is complete whenever no fit runs. Non-finite values are written as {@code NaN} /
 * {@code Infinity}: bare in CSV, as JSON strings in JSON lines. Thread-safe (MCMC chains report from several
 * threads).
 *
 * <pre>{@code
 * MetricsLog log = new MetricsLog(Path.of("svi.jsonl"), MetricsLog.Format.JSON_LINES);
 * new Svi(SviConfig.defaults()).fit(model, train, FitOptions.defaults().withListeners(log));
 * }</pre>
 */
public final class MetricsLog implements FitListener {

    /** File format. */
    public enum Format {
        /** Comma-separated values with a header row. */
        CSV,
        /** One JSON object per line. */
        JSON_LINES;

        /**
         * @param file a file name
         * @return {@link #CSV} for a name ending in {@code .csv} (any case), else {@link #JSON_LINES}
         */
        public static Format forFile(Path file) {
            Path name = Objects.requireNonNull(file, "file").getFileName();
            return name != null && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? CSV
                    : JSON_LINES;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final Format format;
    private BufferedWriter writer;
    private JsonGenerator json;
    private List<String> columns;
    private int fit = -1;
    private String method = "";

    /**
     * @param file   the file to write
     * @param format CSV or JSON lines
     */
    public MetricsLog(Path file, Format format) {
        this.file = Objects.requireNonNull(file, "file");
        this.format = Objects.requireNonNull(format, "format");
    }

    @Override
    public synchronized void onStart(String methodName, int totalIterations) {
        fit++;
        method = methodName;
        OpenOption[] mode = fit == 0
                ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE};
        try {
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, mode);
            if (format == Format.JSON_LINES) {
                json = JSON.createGenerator(writer);
                json.setRootValueSeparator(null); // each object ends its own line
                json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics log " + file + " (" + e.getMessage()
                    + "); check the directory exists and is writable", e);
        }
    }

    @Override
    public synchronized void onIteration(IterationEvent e) {
        if (writer == null) {
            return;
        }
        try {
            if (format == Format.CSV) {
                writeCsv(e);
            } else {
                writeJson(e);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write metrics log " + file + " (" + ex.getMessage() + ")", ex);
        }
    }

    private void writeJson(IterationEvent e) throws IOException {
        json.writeStartObject();
        json.writeNumberField("fit", fit);
        json.writeStringField("method", method);
        json.writeNumberField("chain", e.chain());
        json.writeNumberField("iteration", e.iteration());
        json.writeNumberField("total", e.total());
        for (Map.Entry<String, Double> kv : e.values().entrySet()) {
            json.writeNumberField(kv.getKey(), kv.getValue()); // NaN and infinities as strings (Jackson's default)
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private void writeCsv(IterationEvent e) throws IOException {
        if (columns == null) {
            columns = new ArrayList<>(e.values().keySet());
            writer.write("fit,method,chain,iteration,total," + String.join(",", columns));
            writer.newLine();
        }
        StringBuilder sb = new StringBuilder().append(fit).append(',').append(method).append(',').append(e.chain())
                .append(',').append(e.iteration()).append(',').append(e.total());
        for (String c : columns) {
            Double v = e.values().get(c);
            sb.append(',').append(v == null ? "" : Double.toString(v)); // shortest round-tripping form
        }
        writer.write(sb.toString());
        writer.newLine();
    }

    @Override
    public synchronized void onFinish() {
        if (writer == null) {
            return;
        }
        try {
            if (json != null) {
                json.close();
            }
            writer.close();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot close metrics log " + file + " (" + ex.getMessage() + ")", ex);
        } finally {
            writer = null;
            json = null;
        }
    }
}
