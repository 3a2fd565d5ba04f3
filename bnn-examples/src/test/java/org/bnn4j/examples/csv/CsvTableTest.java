package org.bnn4j.examples.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, column selection and line numbers of {@link CsvTable}. */
class CsvTableTest {

    @TempDir
    Path dir;

    private CsvTable table(String content, boolean header) throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, content);
        return CsvTable.read(f, header);
    }

    @Test
    void quotedCellsSpacesBlankLinesAndCrLf() throws IOException {
        CsvTable t = table("\"a b\", c ,d\r\n\r\n 1 ,\"2.5\",3e2\r\n-4,5,6\r\n", true);
        assertEquals(List.of("a b", "c", "d"), t.columns());
        assertEquals(2, t.numRows());
        assertArrayEquals(new int[] {3, 4}, t.lines()); // the blank line 2 still counts
        assertArrayEquals(new double[] {1, 2.5, 300, -4, 5, 6}, t.numeric(new int[] {0, 1, 2}));
    }

    @Test
    void selectsByNameThenByOneBasedNumber() throws IOException {
        CsvTable t = table("x,2,y\n1,2,3\n", true);
        assertArrayEquals(new int[] {2, 0}, t.select("y, x", "--features"));
        assertArrayEquals(new int[] {1}, t.select("2", "--features"), "a header name wins over a column number");
        assertArrayEquals(new int[] {2}, t.select("3", "--features"));
        BadInputException e = assertThrows(BadInputException.class, () -> t.select("x,,y", "--features"));
        assertTrue(e.getMessage().contains("empty column name"), e.getMessage());
        assertThrows(BadInputException.class, () -> t.select("x,1", "--features")); // twice
        assertThrows(BadInputException.class, () -> t.select("0", "--features"));
    }

    @Test
    void rowRangesReadWhatTheWholeReadHoldsAcrossBlocks() throws IOException {
        StringBuilder sb = new StringBuilder("a,id,b\n");
        int rows = 2 * CsvTable.BLOCK_ROWS + 5;
        for (int i = 0; i < rows; i++) {
            sb.append(i).append(",row").append(i).append(',').append(0.5 * i).append('\n');
        }
        CsvTable t = table(sb.toString(), true);
        int[] cols = {2, 0};
        t.requireNumeric(cols);
        double[] all = t.numeric(cols);
        int[][] ranges = {{0, 0}, {0, 1}, {CsvTable.BLOCK_ROWS - 1, CsvTable.BLOCK_ROWS + 2}, {rows - 3, rows},
            {0, rows}};
        for (int[] r : ranges) {
            assertArrayEquals(java.util.Arrays.copyOfRange(all, 2 * r[0], 2 * r[1]), t.numeric(cols, r[0], r[1]),
                    "rows " + r[0] + " to " + r[1]);
        }
        assertThrows(BadInputException.class, () -> t.requireNumeric(new int[] {1}));
        assertTrue(Double.isNaN(t.numeric(new int[] {1}, 3, 4)[0]), "an unchecked text cell reads as NaN");
        assertThrows(IllegalArgumentException.class, () -> t.numeric(cols, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> t.numeric(cols, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> t.numeric(cols, 0, rows + 1));
        assertThrows(IllegalArgumentException.class, () -> t.numeric(new int[] {3}, 0, 1));
    }

    @Test
    void withoutHeaderColumnsAreNumbered() throws IOException {
        CsvTable t = table("1,2\n3,4\n", false);
        assertEquals(List.of("1", "2"), t.columns());
        assertEquals(2, t.numRows());
        assertArrayEquals(new int[] {1, 2}, t.lines());
    }

    @Test
    void preconditions() throws IOException {
        CsvTable t = table("x\n1\n", true);
        assertThrows(NullPointerException.class, () -> CsvTable.read(null, true));
        assertThrows(NullPointerException.class, () -> t.select(null, "--x"));
        assertThrows(NullPointerException.class, () -> t.numeric(null));
        assertThrows(IllegalArgumentException.class, () -> t.numeric(new int[] {1}));
        BadInputException e = assertThrows(BadInputException.class, () -> table(" ,x\n1,2\n", true));
        assertTrue(e.getMessage().contains("column 1 of the header has no name"), e.getMessage());
    }

    @Test
    void aFifoIsReadOnceWithItsByteOrderMarkSkipped() throws Exception {
        // e.g. bnn fit --csv <(zcat data.csv.gz): the NUL check must not consume what the parser then reads
        Path fifo = dir.resolve("pipe.csv");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available");
        StringBuilder sb = new StringBuilder("\uFEFFa,b\n");
        for (int i = 0; i < 5000; i++) { // ~60 KB: more than the 8 KB looked at for NULs
            sb.append(i).append(',').append(2 * i).append('\n');
        }
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, sb);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        CsvTable t = CsvTable.read(fifo, true);
        writer.join(10_000);
        assertEquals(List.of("a", "b"), t.columns());
        assertEquals(5000, t.numRows());
        assertArrayEquals(new double[] {4999, 9998}, java.util.Arrays.copyOfRange(t.numeric(new int[] {0, 1}),
                9998, 10000));
    }

    /**
     * The cells are held as numbers; each column keeps its first unusable cell, so numeric() still names the first bad
     * cell a row-by-row read of the selected columns meets (earliest row, then the selection's order), and a text
     * column that is not selected costs nothing.
     */
    @Test
    void numericNamesTheFirstBadCellOfTheSelectedColumns() throws IOException {
        StringBuilder sb = new StringBuilder("a,b,id,c\n");
        for (int i = 0; i < 5000; i++) { // more rows than one block holds
            String a = i == 3 ? "x" : Integer.toString(i);
            String b = i == 3 ? "nan" : i == 2 ? "" : Integer.toString(-i);
            String c = i == 4500 ? "1e999" : i == 4800 ? "" : "0.5";
            sb.append(a).append(',').append(b).append(",row").append(i).append(',').append(c).append('\n');
        }
        CsvTable t = table(sb.toString(), true);
        assertEquals(5000, t.numRows());
        BadInputException e = assertThrows(BadInputException.class, () -> t.numeric(new int[] {0}));
        assertEquals("t.csv, line 5, column 'a': 'x' is not a number; use plain decimal numbers with '.' as the "
                + "decimal point (e.g. -1.5 or 2e-3)", e.getMessage());
        e = assertThrows(BadInputException.class, () -> t.numeric(new int[] {0, 1}));
        assertEquals("t.csv, line 4, column 'b': missing value; fill it in or remove the row", e.getMessage());
        e = assertThrows(BadInputException.class, () -> t.numeric(new int[] {2, 0}));
        assertEquals("t.csv, line 2, column 'id': 'row0' is not a number; use plain decimal numbers with '.' as the "
                + "decimal point (e.g. -1.5 or 2e-3)", e.getMessage());
        e = assertThrows(BadInputException.class, () -> t.numeric(new int[] {3}));
        assertEquals("t.csv, line 4502, column 'c': 1e999 is beyond the range of double precision (about 1.8e308); "
                + "rescale the column", e.getMessage());
        // a row where two selected columns are bad: the first in the selection's order is named
        CsvTable u = table("p,q\n1,2\ninf,\n", true);
        e = assertThrows(BadInputException.class, () -> u.numeric(new int[] {1, 0}));
        assertEquals("t.csv, line 3, column 'q': missing value; fill it in or remove the row", e.getMessage());
        e = assertThrows(BadInputException.class, () -> u.numeric(new int[] {0, 1}));
        assertEquals("t.csv, line 3, column 'p': inf is not a finite number; replace or remove the row",
                e.getMessage());
    }

    @Test
    void raggedRowsAreReportedAfterTheHeaderChecks() throws IOException {
        BadInputException e = assertThrows(BadInputException.class, () -> table("a,b\n1,2\n3\n4,5,6\n", true));
        assertEquals("t.csv, line 3: 1 cells but the header has 2; give every row the same number of cells (a missing "
                + "value still needs its comma, and then is reported as missing)", e.getMessage());
        e = assertThrows(BadInputException.class, () -> table("a,a\n1\n", true));
        assertTrue(e.getMessage().contains("names column 'a' twice"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> table("a,b\n\n", true));
        assertTrue(e.getMessage().contains("has a header but no data rows"), e.getMessage());
    }
}
