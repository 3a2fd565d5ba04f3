package org.bnn4j.examples.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file read with Apache Commons CSV (RFC 4180 quoting, surrounding spaces trimmed), held as strings: an
 * optional header and rows of cells, each row remembering its line in the file for error messages. Blank lines are
 * skipped; a row whose cell count differs from the header's is rejected.
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
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        List<String[]> records = new ArrayList<>();
        List<Integer> recordLines = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser p = CSVParser.builder().setReader(r).setFormat(FORMAT).get()) {
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
        } catch (MalformedInputException e) {
            throw new BadInputException(file + ": not UTF-8 text; save the file as UTF-8 CSV");
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException(file + ": cannot be read as CSV (" + e.getMessage()
                    + "); check quoting (a quote inside a cell must be doubled)", e);
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
                    throw new BadInputException(file + ": the header names column '" + h[j]
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
                throw new BadInputException(name + ", line " + lines[i] + ": " + rows.get(i).length + " cells but "
                        + (header ? "the header has " : "the first row has ") + columns.size()
                        + "; give every row the same number of cells (a missing value still needs its comma, and then is reported as missing)");
            }
        }
        return new CsvTable(file, columns, header, rows, lines);
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
                throw new BadInputException(option + " '" + s + "' is not a column of " + name() + " (columns: "
                        + String.join(", ", columns) + "); pass a column name"
                        + " or a 1-based column number up to " + columns.size());
            }
            if (out.contains(j)) {
                throw new BadInputException(option + " names column '" + columns.get(j) + "' twice; list each "
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
                String where = name() + ", line " + lines[i] + ", column '" + columns.get(cols[k]) + "'";
                if (cell.isEmpty()) {
                    throw new BadInputException(where + ": missing value; fill it in or remove the row");
                }
                double v;
                try {
                    v = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new BadInputException(where + ": '" + cell + "' is not a number; use plain decimal "
                            + "numbers with '.' as the decimal point", e);
                }
                if (!Double.isFinite(v)) {
                    throw new BadInputException(where + ": " + cell + " is not a finite number; replace or remove "
                            + "the row");
                }
                out[i * cols.length + k] = v;
            }
        }
        return out;
    }
}
