package org.bnn4j.examples.csv;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.bnn4j.examples.io.FileProblems;

/**
 * A CSV file read with Apache Commons CSV (RFC 4180 quoting, surrounding spaces trimmed), held as strings: an
 * optional header and rows of cells, each row remembering its line in the file for error messages. Blank lines are
 * skipped; a row whose cell count differs from the header's is rejected. A UTF-8 byte-order mark is skipped; a
 * directory, an unreadable, binary or non-UTF-8 file is refused with a message that says which. Cells are numbers
 * only in plain decimal notation.
 *
 * @param file    the file (for messages)
 * @param columns column names: the header, or {@code 1..n} without one
 * @param header  whether the first line was a header
 * @param rows    the data rows, each with {@code columns.size()} cells
 * @param lines   the file line of each row (1-based; assumes no line breaks inside quoted cells)
 */
public record CsvTable(Path file, List<String> columns, boolean header, List<String[]> rows, int[] lines) {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(true).setTrim(true).get();

    /** Copies the lists. */
    public CsvTable {
        Objects.requireNonNull(file, "file");
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        lines = lines.clone();
    }

    /** @return the number of data rows */
    public int numRows() {
        return rows.size();
    }

    /** @return the file's name, for messages */
    public String name() {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    /**
     * @param file   the CSV file
     * @param header whether the first non-blank line holds column names
     * @return the table
     * @throws BadInputException if the file is missing, unreadable, empty, has no data rows, duplicate or empty
     *                           column names, or ragged rows
     */
    public static CsvTable read(Path file, boolean header) {
        Objects.requireNonNull(file, "file");
        List<String[]> records = new ArrayList<>();
        List<Integer> recordLines = new ArrayList<>();
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a directory; pass a CSV file");
        }
        try (BufferedInputStream in = new BufferedInputStream(pipeSafe(Files.newInputStream(file)), SNIFF_BYTES);
             BufferedReader r = new BufferedReader(new InputStreamReader(requireText(file, in),
                     StandardCharsets.UTF_8.newDecoder()))) { // a new decoder reports malformed input
            skipByteOrderMark(r);
            CSVParser p = CSVParser.builder().setReader(r).setFormat(FORMAT).get();
            for (CSVRecord rec : p) {
                String[] cells = rec.values();
                if (cells.length == 1 && cells[0].isEmpty()) {
                    continue; // blank line
                }
                records.add(cells);
                recordLines.add((int) rec.getRecordNumber());
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file; check the path");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file + ": permission denied; make the file readable or pass another one", e);
        } catch (IOException | UncheckedIOException e) {
            if (hasCause(e, CharacterCodingException.class)) {
                throw new BadInputException(file + ": not UTF-8 text; save the file as UTF-8 CSV", e);
            }
            Throwable io = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new BadInputException(file + ": cannot be read as CSV (" + shorten(FileProblems.reason(
                    (IOException) io)) + "); check quoting (a quote inside a cell must be doubled)", e);
        }
        if (records.isEmpty()) {
            throw new BadInputException(file + " is empty; pass a CSV file with "
                    + (header ? "a header line and " : "") + "at least one data row");
        }
        List<String> columns = new ArrayList<>();
        int first = 0;
        if (header) {
            String[] h = records.get(0);
            Set<String> seen = new HashSet<>();
            for (int j = 0; j < h.length; j++) {
                if (h[j].isEmpty()) {
                    throw new BadInputException(file + ": column " + (j + 1) + " of the header has no name; name "
                            + "every column, or pass --no-header if the file has no header line");
                }
                if (!seen.add(h[j])) {
                    throw new BadInputException(file + ": the header names column '" + shorten(h[j])
                            + "' twice; give every column a distinct name");
                }
                columns.add(h[j]);
            }
            first = 1;
        } else {
            for (int j = 1; j <= records.get(0).length; j++) {
                columns.add(Integer.toString(j));
            }
        }
        List<String[]> rows = records.subList(first, records.size());
        if (rows.isEmpty()) {
            throw new BadInputException(file + " has a header but no data rows; add data rows below the header");
        }
        int[] lines = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            lines[i] = recordLines.get(first + i);
            if (rows.get(i).length != columns.size()) {
                throw new BadInputException(file.getFileName() + ", line " + lines[i] + ": " + rows.get(i).length
                        + " cells but "
                        + (header ? "the header has " : "the first row has ") + columns.size()
                        + "; give every row the same number of cells (a missing value still needs its comma, and then is reported as missing)");
            }
        }
        return new CsvTable(file, columns, header, rows, lines);
    }

    /** Longest cell or column name quoted whole in a message; longer ones are cut (a cell may be megabytes). */
    static final int MAX_QUOTED = 40;

    /**
     * A number as a person writes it in a data file: optional sign, digits with an optional decimal point, optional
     * exponent. Not Java's literal forms ({@code 0x1p3}, {@code 1.5d}, {@code 2f}), which
     * {@link Double#parseDouble} also accepts.
     */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** Spellings of non-finite values, reported as such rather than as non-numbers. */
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    /** Bytes looked at for NULs before parsing. */
    private static final int SNIFF_BYTES = 8192;

    /**
     * Refuses a file whose first block holds a NUL byte: a binary file (or UTF-16 text), not UTF-8 CSV. Reads from
     * the stream that is then parsed (marked and reset), so a FIFO or {@code /dev/stdin} is read once.
     *
     * @return {@code in}, positioned at its start
     */
    private static InputStream requireText(Path file, BufferedInputStream in) throws IOException {
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        for (byte b : head) {
            if (b == 0) {
                throw new BadInputException(file + ": not a text file (it contains NUL bytes: a binary file, or "
                        + "UTF-16 text); pass a CSV file saved as UTF-8");
            }
        }
        return in;
    }

    /**
     * A file's stream whose {@code available()} answers 0 instead of failing: on a FIFO ({@code --csv <(zcat f.gz)})
     * the channel's {@code available()} asks for the position and fails with "Illegal seek", and the UTF-8 decoder
     * calls it between reads.
     */
    private static InputStream pipeSafe(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int available() {
                try {
                    return super.available();
                } catch (IOException e) {
                    return 0;
                }
            }
        };
    }

    /** Skips a UTF-8 byte-order mark (Excel's "CSV UTF-8"), which would otherwise stick to the first column name. */
    private static void skipByteOrderMark(BufferedReader r) throws IOException {
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param text a cell or name from the file
     * @return the text, or for a long one its start and its length, for messages
     */
    public static String shorten(String text) {
        return text.length() <= MAX_QUOTED ? text
                : text.substring(0, MAX_QUOTED) + "... (" + text.length() + " characters)";
    }

    private static String names(List<String> names) {
        return String.join(", ", names.stream().map(CsvTable::shorten).toList());
    }

    /**
     * Selects columns by name or by 1-based column number (names win when a header has a column named like a
     * number).
     *
     * @param spec   comma-separated names or numbers, e.g. {@code price} or {@code 1,3}
     * @param option the option it came from, for messages (e.g. {@code --target})
     * @return 0-based column indices, in the order given
     * @throws BadInputException if a column does not exist, is named twice, or the spec is empty
     */
    public int[] select(String spec, String option) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(option, "option");
        List<Integer> out = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String s = raw.trim();
            if (s.isEmpty()) {
                throw new BadInputException(option + " '" + spec + "' has an empty column name; pass names or "
                        + "1-based column numbers separated by commas");
            }
            int j = columns.indexOf(s);
            if (j < 0 && s.matches("\\d+")) {
                int k = Integer.parseInt(s);
                j = k >= 1 && k <= columns.size() ? k - 1 : -1;
            }
            if (j < 0) {
                throw new BadInputException(option + " '" + shorten(s) + "' is not a column of " + name()
                        + " (columns: " + names(columns) + "); pass a column name"
                        + " or a 1-based column number up to " + columns.size());
            }
            if (out.contains(j)) {
                throw new BadInputException(option + " names column '" + shorten(columns.get(j)) + "' twice; list each "
                        + "column once");
            }
            out.add(j);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Parses the selected columns as finite numbers.
     *
     * @param cols 0-based column indices
     * @return a new row-major array {@code [numRows, cols.length]}
     * @throws IllegalArgumentException if an index is out of range
     * @throws BadInputException naming the line and column of the first empty, non-numeric or non-finite cell
     */
    public double[] numeric(int[] cols) {
        for (int c : Objects.requireNonNull(cols, "cols")) {
            if (c < 0 || c >= columns.size()) {
                throw new IllegalArgumentException("column index " + c + " is outside [0, " + columns.size()
                        + "); select columns with select(...)");
            }
        }
        double[] out = new double[rows.size() * cols.length];
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            for (int k = 0; k < cols.length; k++) {
                String cell = row[cols[k]];
                String where = name() + ", line " + lines[i] + ", column '" + shorten(columns.get(cols[k])) + "'";
                if (cell.isEmpty()) {
                    throw new BadInputException(where + ": missing value; fill it in or remove the row");
                }
                if (NON_FINITE.matcher(cell).matches()) {
                    throw new BadInputException(where + ": " + cell + " is not a finite number; replace or remove "
                            + "the row");
                }
                if (!DECIMAL.matcher(cell).matches()) {
                    throw new BadInputException(where + ": '" + shorten(cell) + "' is not a number; use plain "
                            + "decimal numbers with '.' as the decimal point (e.g. -1.5 or 2e-3)");
                }
                double v = Double.parseDouble(cell);
                if (!Double.isFinite(v)) {
                    throw new BadInputException(where + ": " + shorten(cell) + " is beyond the range of double "
                            + "precision (about 1.8e308); rescale the column");
                }
                out[i * cols.length + k] = v;
            }
        }
        return out;
    }
}
