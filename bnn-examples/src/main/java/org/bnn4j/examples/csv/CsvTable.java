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
import java.util.Arrays;
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
 * A CSV file read with Apache Commons CSV (RFC 4180 quoting, surrounding spaces trimmed): an optional header and rows
 * of cells, each row remembering its line in the file for error messages. Blank lines are skipped; a row whose cell
 * count differs from the header's is rejected. A UTF-8 byte-order mark is skipped; a directory, an unreadable,
 * binary or non-UTF-8 file is refused with a message that says which. Cells are numbers only in plain decimal
 * notation.
 *
 * <p>The cells are held as numbers ({@code 8} bytes a cell, in blocks of {@value #BLOCK_ROWS} rows), not as strings
 * (about 60 bytes a cell): a cell that is not a finite plain decimal number is held as NaN, and each column keeps
 * the text of its first such cell, which is all {@link #numeric} needs to name the first bad cell of the columns it
 * is asked for. A file of a million rows of nine numbers thus takes about 72 MB while read, not 600 MB.
 */
public final class CsvTable {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(true).setTrim(true).get();

    /** Rows per block of values. */
    static final int BLOCK_ROWS = 4096;

    private final Path file;
    private final List<String> columns;
    private final boolean header;
    private final int numRows;
    private final List<double[]> blocks;
    private final int[] lines;
    /** Per column: the row of its first cell that is not a finite plain decimal number, or -1. */
    private final int[] firstBadRow;
    /** Per column: the text of that cell, or null. */
    private final String[] firstBadCell;

    private CsvTable(Path file, List<String> columns, boolean header, Cells cells) {
        this.file = file;
        this.columns = List.copyOf(columns);
        this.header = header;
        this.numRows = cells.rows;
        this.blocks = cells.blocks;
        this.lines = Arrays.copyOf(cells.lines, cells.rows);
        this.firstBadRow = cells.firstBadRow;
        this.firstBadCell = cells.firstBadCell;
    }

    /** @return the file (for messages) */
    public Path file() {
        return file;
    }

    /** @return column names: the header, or {@code 1..n} without one */
    public List<String> columns() {
        return columns;
    }

    /** @return whether the first line was a header */
    public boolean header() {
        return header;
    }

    /** @return a copy of the file line of each row (1-based; assumes no line breaks inside quoted cells) */
    public int[] lines() {
        return lines.clone();
    }

    /** @return the number of data rows */
    public int numRows() {
        return numRows;
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
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a directory; pass a CSV file");
        }
        String[] first = null;
        Cells cells = null;
        int raggedLine = -1;
        int raggedCells = 0;
        try (BufferedInputStream in = new BufferedInputStream(pipeSafe(Files.newInputStream(file)), SNIFF_BYTES);
             BufferedReader r = new BufferedReader(new InputStreamReader(requireText(file, in),
                     StandardCharsets.UTF_8.newDecoder()))) { // a new decoder reports malformed input
            skipByteOrderMark(r);
            CSVParser p = CSVParser.builder().setReader(r).setFormat(FORMAT).get();
            for (CSVRecord rec : p) {
                String[] values = rec.values();
                if (values.length == 1 && values[0].isEmpty()) {
                    continue; // blank line
                }
                int line = (int) rec.getRecordNumber();
                if (first == null) {
                    first = values;
                    cells = new Cells(values.length);
                    if (header) {
                        continue;
                    }
                }
                if (values.length != first.length) {
                    if (raggedLine < 0) { // reported after the header's checks, as the first ragged row
                        raggedLine = line;
                        raggedCells = values.length;
                    }
                    continue;
                }
                cells.add(values, line);
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
        if (first == null) {
            throw new BadInputException(file + " is empty; pass a CSV file with "
                    + (header ? "a header line and " : "") + "at least one data row");
        }
        List<String> columns = new ArrayList<>();
        if (header) {
            Set<String> seen = new HashSet<>();
            for (int j = 0; j < first.length; j++) {
                if (first[j].isEmpty()) {
                    throw new BadInputException(file + ": column " + (j + 1) + " of the header has no name; name "
                            + "every column, or pass --no-header if the file has no header line");
                }
                if (!seen.add(first[j])) {
                    throw new BadInputException(file + ": the header names column '" + shorten(first[j])
                            + "' twice; give every column a distinct name");
                }
                columns.add(first[j]);
            }
        } else {
            for (int j = 1; j <= first.length; j++) {
                columns.add(Integer.toString(j));
            }
        }
        if (cells.rows == 0 && raggedLine < 0) {
            throw new BadInputException(file + " has a header but no data rows; add data rows below the header");
        }
        if (raggedLine >= 0) {
            throw new BadInputException(file.getFileName() + ", line " + raggedLine + ": " + raggedCells
                    + " cells but "
                    + (header ? "the header has " : "the first row has ") + columns.size()
                    + "; give every row the same number of cells (a missing value still needs its comma, and then is reported as missing)");
        }
        return new CsvTable(file, columns, header, cells);
    }

    /** The rows as they are read: values in blocks, each row's line, each column's first unusable cell. */
    private static final class Cells {
        final int cols;
        final List<double[]> blocks = new ArrayList<>();
        final int[] firstBadRow;
        final String[] firstBadCell;
        int[] lines = new int[1024];
        int rows;

        Cells(int cols) {
            this.cols = cols;
            this.firstBadRow = new int[cols];
            this.firstBadCell = new String[cols];
            Arrays.fill(firstBadRow, -1);
        }

        void add(String[] values, int line) {
            int at = rows % BLOCK_ROWS;
            if (at == 0) {
                blocks.add(new double[BLOCK_ROWS * cols]);
            }
            double[] block = blocks.get(blocks.size() - 1);
            for (int j = 0; j < cols; j++) {
                double v = parse(values[j]);
                block[at * cols + j] = v;
                if (Double.isNaN(v) && firstBadRow[j] < 0) {
                    firstBadRow[j] = rows;
                    firstBadCell[j] = values[j];
                }
            }
            if (rows == lines.length) {
                lines = Arrays.copyOf(lines, 2 * rows);
            }
            lines[rows++] = line;
        }
    }

    /** @return the cell's value if it is a finite number in plain decimal notation, else NaN */
    private static double parse(String cell) {
        if (!DECIMAL.matcher(cell).matches()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(cell);
        return Double.isFinite(v) ? v : Double.NaN;
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
        requireNumeric(cols);
        return numeric(cols, 0, numRows);
    }

    /**
     * Checks that the selected columns hold finite numbers in every row, so that {@link #numeric(int[], int, int)}
     * can then read them a block of rows at a time (without the copy of all rows {@link #numeric(int[])} makes).
     *
     * @param cols 0-based column indices
     * @throws IllegalArgumentException if an index is out of range
     * @throws BadInputException naming the line and column of the first empty, non-numeric or non-finite cell
     */
    public void requireNumeric(int[] cols) {
        requireColumns(cols);
        int badRow = Integer.MAX_VALUE;
        int badColumn = -1;
        for (int c : cols) { // the first bad cell a row-by-row read of these columns meets
            if (firstBadRow[c] >= 0 && firstBadRow[c] < badRow) {
                badRow = firstBadRow[c];
                badColumn = c;
            }
        }
        if (badColumn >= 0) {
            throw unusable(firstBadCell[badColumn], name() + ", line " + lines[badRow] + ", column '"
                    + shorten(columns.get(badColumn)) + "'");
        }
    }

    /**
     * The values of the selected columns in rows {@code [from, to)}, as held: a cell that is not a finite plain
     * decimal number is NaN (check the columns first with {@link #requireNumeric}).
     *
     * @param cols 0-based column indices
     * @param from first row, in {@code [0, numRows]}
     * @param to   one past the last row, in {@code [from, numRows]}
     * @return a new row-major array {@code [to - from, cols.length]}
     * @throws IllegalArgumentException if an index or the row range is out of range
     */
    public double[] numeric(int[] cols, int from, int to) {
        requireColumns(cols);
        if (from < 0 || to < from || to > numRows) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") are outside [0, " + numRows
                    + "]; pass 0 <= from <= to <= numRows()");
        }
        double[] out = new double[(to - from) * cols.length];
        int width = columns.size();
        for (int i = from; i < to; i++) {
            double[] block = blocks.get(i / BLOCK_ROWS);
            int o = (i % BLOCK_ROWS) * width;
            int r = (i - from) * cols.length;
            for (int k = 0; k < cols.length; k++) {
                out[r + k] = block[o + cols[k]];
            }
        }
        return out;
    }

    private void requireColumns(int[] cols) {
        for (int c : Objects.requireNonNull(cols, "cols")) {
            if (c < 0 || c >= columns.size()) {
                throw new IllegalArgumentException("column index " + c + " is outside [0, " + columns.size()
                        + "); select columns with select(...)");
            }
        }
    }

    /** @return the error for a cell that is not a finite plain decimal number, at {@code where} */
    private static BadInputException unusable(String cell, String where) {
        if (cell.isEmpty()) {
            return new BadInputException(where + ": missing value; fill it in or remove the row");
        }
        if (NON_FINITE.matcher(cell).matches()) {
            return new BadInputException(where + ": " + cell + " is not a finite number; replace or remove the row");
        }
        if (!DECIMAL.matcher(cell).matches()) {
            return new BadInputException(where + ": '" + shorten(cell) + "' is not a number; use plain decimal "
                    + "numbers with '.' as the decimal point (e.g. -1.5 or 2e-3)");
        }
        return new BadInputException(where + ": " + shorten(cell) + " is beyond the range of double precision (about "
                + "1.8e308); rescale the column");
    }
}
