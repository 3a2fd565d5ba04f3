package org.bnn4j.examples.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.bnn4j.examples.csv.BadInputException;
import org.bnn4j.examples.csv.CsvTable;
import org.bnn4j.inference.PointMassPosterior;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.SamplePosterior;
import org.bnn4j.inference.io.PosteriorFileException;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.io.SavedPosterior;
import org.bnn4j.inference.internal.AtomicWrite;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.CentralInterval;
import org.bnn4j.predictive.PredictiveDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bnn predict}: predictions of a saved model for the rows of a CSV file. Per row and target: the predictive
 * mean, the aleatoric, epistemic and total standard deviations, and the bounds of a central interval.
 *
 * <p>The weight samples are drawn once; the rows are predicted in chunks of at most {@value #CHUNK_ROWS} (fewer when
 * the heap is small, see {@link RowChunks}) and each chunk's records are written before the next is predicted, to
 * standard output or to a temporary file beside {@code --out} that replaces it when complete ({@link AtomicWrite}).
 * Memory thus holds the CSV's cells (8 bytes each, {@link CsvTable}), the weight samples and one chunk's arrays, not
 * the predictive arrays of all rows (weight samples x rows x targets, four times over), and the output is
 * the same bytes as one prediction of all rows: {@code predict(x, n, rng)} is {@code predict(x, predictionDraws(n,
 * rng))} and each row's values depend only on that row and the draws.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict with a model saved by 'bnn fit' for the rows of a CSV file.",
                "Output columns per target T: T_mean, T_aleatoric_std, T_epistemic_std, T_total_std, T_lower_<L>, "
                        + "T_upper_<L> (central interval holding L%% of the predictive mass)."},
        footer = {"", "Example: bnn predict --model model.bnn --csv new.csv --samples 200 --out predictions.csv",
                "Bad input (a missing or corrupted model, columns the model lacks, an --out that is the model or "
                        + "the CSV, more --samples than memory holds, ...) prints one line and exits with code 2."})
public final class PredictCommand implements Callable<Integer> {

    /** Default interval level: 95%, the conventional two-sigma-like band. */
    static final double DEFAULT_LEVEL = 0.95;

    /**
     * Rows predicted at once at most: 100 weight samples of 8192 rows take 26 MB per target, and a chunk's fixed
     * costs (the forward pass's set-up, a flush) are then a small share of its time.
     */
    static final int CHUNK_ROWS = 8192;

    /** Characters buffered before they reach the output file. */
    private static final int BUFFER_CHARS = 1 << 16;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file from 'bnn fit --save'.")
    Path modelFile;

    @Option(names = "--csv", required = true, paramLabel = "FILE",
            description = "Rows to predict: the model's feature columns (by name when it was fitted with a header, "
                    + "else by position); other columns are ignored.")
    Path csv;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100",
            description = "Weight samples per prediction (default: ${DEFAULT-VALUE}; a point estimate uses 1).")
    int samples;

    @Option(names = "--level", paramLabel = "L", defaultValue = "" + DEFAULT_LEVEL,
            description = "Central interval level in (0, 1) (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the weight samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "Output CSV (default: standard output).")
    Path out;

    @Option(names = "--chunk-rows", hidden = true, paramLabel = "N", defaultValue = "" + CHUNK_ROWS,
            description = "Rows predicted at once at most (default: ${DEFAULT-VALUE}; fewer when the heap is small).")
    int chunkRows;

    @Override
    public Integer call() throws IOException {
        try {
            return run();
        } catch (BadInputException e) {
            return InputErrors.report(spec, e);
        }
    }

    private int run() throws IOException {
        if (samples < 1) {
            throw new BadInputException("--samples must be >= 1 but was " + samples + "; pass e.g. 100");
        }
        if (chunkRows < 1) {
            throw new BadInputException("--chunk-rows must be >= 1 but was " + chunkRows + "; pass e.g. " + CHUNK_ROWS);
        }
        if (!(level > 0 && level < 1)) {
            throw new BadInputException("--level must be in (0, 1) but was " + level + "; pass e.g. 0.95");
        }
        if (out != null) {
            Outputs.requireFile(out, "--out", Map.of("--csv", csv, "--model", modelFile));
        }
        SavedPosterior saved;
        try {
            saved = PosteriorIO.read(modelFile);
        } catch (NoSuchFileException e) {
            throw new BadInputException(modelFile + ": no such model file; pass the file written by 'bnn fit --save'");
        } catch (PosteriorFileException e) {
            throw new BadInputException(e.getMessage(), e);
        } catch (AccessDeniedException e) {
            throw new BadInputException(modelFile + ": permission denied; make the model file readable", e);
        }
        Posterior posterior = saved.posterior();
        List<String> features = strings(saved.attributes().get("features"));
        List<String> targets = strings(saved.attributes().get("targets"));
        boolean header = Boolean.TRUE.equals(saved.attributes().get("header"));
        int inDim = posterior.model().network().spec().inDim();
        if (features.size() != inDim || targets.size() != posterior.model().network().spec().outDim()) {
            throw new BadInputException(modelFile + " does not record its CSV columns (it was not written by 'bnn "
                    + "fit'); save it with 'bnn fit --save'");
        }
        CsvTable table = CsvTable.read(csv, header);
        int[] cols = header ? byName(table, features) : byPosition(table, saved.attributes(), inDim);
        table.requireNumeric(cols);
        int n = table.numRows();
        int used = usedSamples(posterior);
        int d = targets.size();
        int p = posterior.model().numParams();
        RowChunks chunks = RowChunks.plan(n, Math.min(chunkRows, rowsThatFit(used, p, d)),
                RowChunks.stableRows(posterior.model().network()));
        requireMemory(used, p, chunks.maxRows(), n, d);
        INDArray draws = posterior.predictionDraws(samples, new SplittableRandom(seed));
        if (out == null) {
            PrintWriter w = spec.commandLine().getOut();
            write(w, posterior, draws, table, cols, chunks, targets);
            w.flush();
        } else {
            AtomicWrite.write(out, stream -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER_CHARS);
                write(w, posterior, draws, table, cols, chunks, targets);
                w.flush(); // not closed: AtomicWrite forces the file to disk and closes it
            });
            spec.commandLine().getOut().println("wrote " + n + " predictions to " + out.toAbsolutePath());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** @return the number of weight samples a prediction evaluates (1 for a point mass, at most the kept draws) */
    private int usedSamples(Posterior posterior) {
        return posterior instanceof PointMassPosterior ? 1
                : posterior instanceof SamplePosterior sp ? Math.min(samples, sp.numDraws()) : samples;
    }

    /**
     * @param used weight samples evaluated, {@code >= 1}
     * @param p    parameters per sample
     * @param d    targets
     * @return the most rows whose arrays fit in the heap share {@link Memory} allows, as {@link #requireMemory}
     *         counts them, at least 1
     */
    static int rowsThatFit(int used, int p, int d) {
        long budget = (long) (Runtime.getRuntime().maxMemory() * Memory.HEAP_SHARE);
        long byBytes = (budget / used / Double.BYTES - p) / (4L * d);
        long byLength = Arrays2.MAX_LENGTH / ((long) used * d);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.min(byBytes, byLength)));
    }

    /**
     * Refuses a --samples count whose arrays cannot fit for one chunk of rows: per weight sample the parameter vector
     * and, per row and target, the predictive mean and scale in standardised and original units (four arrays of
     * samples x rows x D).
     *
     * @param used    weight samples evaluated
     * @param p       parameters per sample
     * @param rows    rows of the largest chunk
     * @param allRows rows in all
     * @param d       targets
     * @throws BadInputException if they cannot fit
     */
    static void requireMemory(int used, int p, int rows, int allRows, int d) {
        long perPoint = (long) rows * d;
        Memory.require("--samples", used, Math.max(p, perPoint), 8L * (p + 4 * perPoint),
                "weight sample of " + p + " parameters at " + rows + " rows"
                        + (rows < allRows ? " (rows are predicted " + rows + " at a time)" : ""));
    }

    /**
     * Writes the header and, chunk after chunk, one record per row; stops early when {@code w} is standard output and
     * can no longer be written (the command then reports the failure).
     */
    private void write(Writer w, Posterior posterior, INDArray draws, CsvTable table, int[] cols, RowChunks chunks,
                       List<String> targets) throws IOException {
        String pct = percent(level);
        List<String> head = new ArrayList<>();
        for (String t : targets) {
            head.addAll(List.of(t + "_mean", t + "_aleatoric_std", t + "_epistemic_std", t + "_total_std",
                    t + "_lower_" + pct, t + "_upper_" + pct));
        }
        int inDim = posterior.model().network().spec().inDim();
        CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n")
                .setHeader(head.toArray(String[]::new)).get()); // not closed: that would close w
        for (int k = 0; k < chunks.count(); k++) {
            int from = chunks.from(k);
            int b = chunks.to(k) - from;
            INDArray xs = Nd4j.create(table.numeric(cols, from, from + b), new long[] {b, inDim}, DataType.DOUBLE);
            PredictiveDistribution pd = posterior.predict(xs, draws);
            print(printer, pd, pd.interval(level), targets.size());
            if (w instanceof PrintWriter pw && pw.checkError()) {
                return;
            }
        }
        printer.flush();
    }

    private static void print(CSVPrinter p, PredictiveDistribution pd, CentralInterval ci, int d) throws IOException {
        double[] mean = Arrays2.toDoubles(pd.mean());
        double[] ale = Arrays2.toDoubles(pd.aleatoricStd());
        double[] epi = Arrays2.toDoubles(pd.epistemicStd());
        double[] tot = Arrays2.toDoubles(pd.totalStd());
        for (int i = 0; i < pd.numPoints(); i++) {
            List<Object> row = new ArrayList<>();
            for (int k = 0; k < d; k++) {
                int o = i * d + k;
                row.addAll(List.of(mean[o], ale[o], epi[o], tot[o], ci.lower(i, k), ci.upper(i, k)));
            }
            p.printRecord(row);
        }
    }

    private int[] byName(CsvTable table, List<String> features) {
        int[] cols = new int[features.size()];
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < cols.length; k++) {
            cols[k] = table.columns().indexOf(features.get(k));
            if (cols[k] < 0) {
                missing.add(features.get(k));
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(table.name() + " lacks the model's feature column(s) " + String.join(", ", missing)
                    + " (model features: " + String.join(", ", features) + "; file columns: "
                    + String.join(", ", table.columns().stream().map(CsvTable::shorten).toList())
                    + "); pass a CSV with the training feature columns");
        }
        return cols;
    }

    private static int[] byPosition(CsvTable table, Map<String, Object> attrs, int inDim) {
        List<Integer> pos = new ArrayList<>();
        if (attrs.get("featureColumns") instanceof List<?> l) {
            l.forEach(v -> pos.add(((Number) v).intValue()));
        }
        int need = pos.stream().mapToInt(Integer::intValue).max().orElse(inDim - 1) + 1;
        if (table.columns().size() < need) {
            throw new BadInputException(table.name() + " has " + table.columns().size() + " columns but the model "
                    + "(fitted without a header) reads its features from columns " + pos.stream().map(j -> j + 1)
                    .toList() + "; pass a CSV laid out like the training file");
        }
        return pos.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    /** @return e.g. "95" for 0.95, "99.9" for 0.999 */
    static String percent(double level) {
        return java.math.BigDecimal.valueOf(level).movePointRight(2).stripTrailingZeros().toPlainString();
    }
}
