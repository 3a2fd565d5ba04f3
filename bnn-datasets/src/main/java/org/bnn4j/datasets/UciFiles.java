package org.bnn4j.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parsing of the plain-text files of the UCI benchmark layout, with error messages that name the file, the
 * line, the problem and the fix. Package-private helper of {@link UciDataset}.
 */
final class UciFiles {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String LAYOUT = "a UCI folder holds data.txt, index_features.txt, index_target.txt,"
            + " n_splits.txt and index_train_<i>.txt / index_test_<i>.txt for i = 0 .. n_splits - 1";

    private UciFiles() {
    }

    /** A numeric matrix read from a whitespace-separated text file, row-major. */
    record Matrix(double[] values, int rows, int cols) {
    }

    /** Reads all lines; a missing file is an IllegalArgumentException naming it. */
    static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": missing file; " + LAYOUT);
        }
        try {
            // ISO-8859-1 never fails to decode: stray bytes surface as non-numeric tokens with a line number
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static String[] tokens(String line) {
        String t = line.strip();
        return t.isEmpty() ? new String[0] : WHITESPACE.split(t);
    }

    /**
     * Reads a rectangular matrix of finite numbers split on any whitespace, skipping blank lines.
     *
     * @throws IllegalArgumentException on a missing or empty file, a ragged row, or a token that is not a
     *                                  finite number
     */
    static Matrix matrix(Path file) {
        List<String> lines = lines(file);
        double[] values = new double[64];
        int rows = 0;
        int cols = -1;
        int firstLine = 0;
        for (int ln = 0; ln < lines.size(); ln++) {
            String[] tok = tokens(lines.get(ln));
            if (tok.length == 0) {
                continue;
            }
            if (cols < 0) {
                cols = tok.length;
                firstLine = ln + 1;
            } else if (tok.length != cols) {
                throw new IllegalArgumentException(file + ": line " + (ln + 1) + " has " + tok.length
                        + " values but line " + firstLine + " has " + cols + "; every row needs the same number"
                        + " of whitespace-separated values (fix or remove the ragged row)");
            }
            if ((long) (rows + 1) * cols > values.length) {
                values = java.util.Arrays.copyOf(values, Math.max(2 * values.length, (rows + 1) * cols));
            }
            for (int j = 0; j < cols; j++) {
                values[rows * cols + j] = number(file, ln + 1, tok[j]);
            }
            rows++;
        }
        if (rows == 0) {
            throw new IllegalArgumentException(file + ": no data rows (file is empty or blank); write one row of"
                    + " whitespace-separated numbers per data point");
        }
        return new Matrix(java.util.Arrays.copyOf(values, rows * cols), rows, cols);
    }

    /**
     * Reads non-negative integer indices (any whitespace layout, blank lines skipped); each must lie in
     * {@code [0, bound)}. Integers may be written as floats ({@code 3.0}, {@code 3.0000e+00}), as numpy's
     * {@code savetxt} does by default.
     *
     * @param what what the indices refer to, for messages ("row", "column")
     * @throws IllegalArgumentException on a missing or empty file, a non-numeric or non-integer token, or an
     *                                  index out of range
     */
    static int[] indices(Path file, int bound, String what) {
        List<String> lines = lines(file);
        int[] out = new int[16];
        int n = 0;
        for (int ln = 0; ln < lines.size(); ln++) {
            for (String tok : tokens(lines.get(ln))) {
                double v = integer(file, ln + 1, tok, "0-based " + what + " indices");
                if (v < 0 || v >= bound) {
                    throw new IllegalArgumentException(file + ": line " + (ln + 1) + ": " + what + " index '" + tok
                            + "' is outside [0, " + bound + "); use 0-based " + what + " indices of data.txt");
                }
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, 2 * n);
                }
                out[n++] = (int) v;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException(file + ": no indices (file is empty or blank); write at least one"
                    + " 0-based " + what + " index");
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * Reads a file that must hold exactly one column index in {@code [0, bound)}.
     *
     * @throws IllegalArgumentException if the file is missing, holds no or several values, or the value is not an
     *                                  integer in range
     */
    static int singleIndex(Path file, int bound, String what) {
        int[] v = indices(file, bound, what);
        if (v.length != 1) {
            throw new IllegalArgumentException(file + ": expected exactly one " + what + " index but found "
                    + v.length + "; write a single 0-based " + what + " index");
        }
        return v[0];
    }

    /**
     * Reads a file that must hold exactly one positive integer count.
     *
     * @throws IllegalArgumentException if the file is missing, holds no or several values, or the value is not an
     *                                  integer {@code >= 1}
     */
    static int count(Path file, String what) {
        List<String> lines = lines(file);
        double value = Double.NaN;
        int found = 0;
        for (int ln = 0; ln < lines.size(); ln++) {
            for (String tok : tokens(lines.get(ln))) {
                value = integer(file, ln + 1, tok, "the " + what);
                found++;
                if (value < 1 || value > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(file + ": line " + (ln + 1) + ": the " + what + " must be"
                            + " >= 1 but was '" + tok + "'; write a positive whole number");
                }
            }
        }
        if (found != 1) {
            throw new IllegalArgumentException(file + ": expected exactly one value (the " + what + ") but found "
                    + found + "; write a single positive whole number");
        }
        return (int) value;
    }

    private static double integer(Path file, int line, String tok, String what) {
        double v = number(file, line, tok);
        if (v != Math.rint(v)) {
            throw new IllegalArgumentException(file + ": line " + line + ": '" + tok + "' is not an integer;"
                    + " write " + what + " as whole numbers");
        }
        return v;
    }

    private static double number(Path file, int line, String tok) {
        double v;
        try {
            v = Double.parseDouble(tok);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": line " + line + ": '" + tok + "' is not a number; the"
                    + " file must hold only whitespace-separated numbers (remove headers, commas and text)", e);
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(file + ": line " + line + ": '" + tok + "' is not finite; remove or"
                    + " impute missing values before loading");
        }
        return v;
    }
}
