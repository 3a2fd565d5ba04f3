package org.bnn4j.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;

/**
 * A UCI regression benchmark in the layout of the PBP / MC-dropout experiments: a folder holding
 * {@code data.txt} (whitespace-separated numbers, one row per data point), {@code index_features.txt} and
 * {@code index_target.txt} (0-based column indices), {@code n_splits.txt}, and for each split i
 * {@code index_train_<i>.txt} / {@code index_test_<i>.txt} (0-based row indices). Loading reads and validates
 * everything eagerly; the result is immutable.
 *
 * <p>Splits are returned unstandardised: fit a {@link Standardizer} on each split's training set, as the
 * benchmark protocol does, and report metrics in original units.
 *
 * <pre>{@code
 * UciDataset yacht = UciDataset.load(Path.of("data/uci/yacht"));
 * for (int i = 0; i < yacht.numSplits(); i++) {
 *     UciSplit s = yacht.split(i);              // s.train(): x [277, 6], y [277, 1]
 *     Standardizer z = Standardizer.fit(s.train());
 * }
 * }</pre>
 *
 * <p>References: Hernández-Lobato &amp; Adams (2015), "Probabilistic Backpropagation for Scalable Learning of
 * Bayesian Neural Networks", ICML (the splits); Gal &amp; Ghahramani (2016), "Dropout as a Bayesian
 * Approximation", ICML; Dua &amp; Graff, UCI Machine Learning Repository (the data).
 */
public final class UciDataset {

    private final String name;
    private final Dataset all;
    private final int numColumns;
    private final int[] featureColumns;
    private final int targetColumn;
    private final List<int[]> trainRows;
    private final List<int[]> testRows;

    private UciDataset(String name, Dataset all, int numColumns, int[] featureColumns, int targetColumn,
            List<int[]> trainRows, List<int[]> testRows) {
        this.name = name;
        this.all = all;
        this.numColumns = numColumns;
        this.featureColumns = featureColumns;
        this.targetColumn = targetColumn;
        this.trainRows = trainRows;
        this.testRows = testRows;
    }

    /**
     * Loads a folder in the UCI benchmark layout.
     *
     * @param dir the folder (its file name becomes {@link #name()})
     * @return the dataset with all its splits
     * @throws IllegalArgumentException if the folder or a file is missing or malformed (ragged rows, non-numeric or
     *                                  non-finite values, non-integer or out-of-range indices, the target among the
     *                                  features, a repeated feature, train and test rows overlapping); the message
     *                                  names the file, the line and the fix
     * @throws java.io.UncheckedIOException if a file exists but cannot be read
     */
    public static UciDataset load(Path dir) {
        Objects.requireNonNull(dir, "dir must not be null");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a directory; pass a folder in the UCI layout such as"
                    + " data/uci/yacht (data.txt, index_*.txt and n_splits.txt)");
        }
        UciFiles.Matrix data = UciFiles.matrix(dir.resolve("data.txt"));
        Path featureFile = dir.resolve("index_features.txt");
        int[] features = UciFiles.indices(featureFile, data.cols(), "column");
        int target = UciFiles.singleIndex(dir.resolve("index_target.txt"), data.cols(), "column");
        boolean[] used = new boolean[data.cols()];
        used[target] = true;
        for (int f : features) {
            if (used[f]) {
                throw new IllegalArgumentException(featureFile + ": column " + f + (f == target
                        ? " is the target column (index_target.txt); remove it from the features"
                        : " is listed twice; list each feature column once"));
            }
            used[f] = true;
        }
        int numSplits = UciFiles.count(dir.resolve("n_splits.txt"), "number of splits");
        List<int[]> train = new ArrayList<>();
        List<int[]> test = new ArrayList<>();
        for (int i = 0; i < numSplits; i++) {
            int[] tr = UciFiles.indices(dir.resolve("index_train_" + i + ".txt"), data.rows(), "row");
            Path testFile = dir.resolve("index_test_" + i + ".txt");
            int[] te = UciFiles.indices(testFile, data.rows(), "row");
            requireDisjoint(tr, te, testFile, data.rows());
            train.add(tr);
            test.add(te);
        }
        Dataset all = Dataset.of(select(data, features), select(data, new int[] {target}), data.rows(),
                features.length, 1);
        Path fileName = dir.toAbsolutePath().normalize().getFileName();
        return new UciDataset(fileName == null ? dir.toString() : fileName.toString(), all, data.cols(), features,
                target, List.copyOf(train), List.copyOf(test));
    }

    private static void requireDisjoint(int[] train, int[] test, Path testFile, int rows) {
        boolean[] inTrain = new boolean[rows];
        for (int r : train) {
            inTrain[r] = true;
        }
        for (int r : test) {
            if (inTrain[r]) {
                throw new IllegalArgumentException(testFile + ": row " + r + " is also a training row; train and"
                        + " test indices of a split must not overlap");
            }
        }
    }

    private static double[] select(UciFiles.Matrix m, int[] cols) {
        double[] out = new double[m.rows() * cols.length];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < cols.length; j++) {
                out[i * cols.length + j] = m.values()[i * m.cols() + cols[j]];
            }
        }
        return out;
    }

    /** @return the folder name, e.g. {@code "yacht"} */
    public String name() {
        return name;
    }

    /** @return number of train/test splits */
    public int numSplits() {
        return trainRows.size();
    }

    /**
     * @param i split index in {@code [0, numSplits())}
     * @return the split's training and test sets: x = the feature columns {@code [rows, numFeatures]},
     *         y = the target column {@code [rows, 1]}, rows in the order of the index files
     * @throws IllegalArgumentException if i is out of range
     */
    public UciSplit split(int i) {
        checkSplit(i);
        return new UciSplit(i, all.subset(trainRows.get(i)), all.subset(testRows.get(i)));
    }

    /**
     * @param i split index in {@code [0, numSplits())}
     * @return a copy of the 0-based rows of data.txt in split i's training set
     * @throws IllegalArgumentException if i is out of range
     */
    public int[] trainRows(int i) {
        checkSplit(i);
        return trainRows.get(i).clone();
    }

    /**
     * @param i split index in {@code [0, numSplits())}
     * @return a copy of the 0-based rows of data.txt in split i's test set
     * @throws IllegalArgumentException if i is out of range
     */
    public int[] testRows(int i) {
        checkSplit(i);
        return testRows.get(i).clone();
    }

    /** @return all rows of data.txt in file order: x the feature columns, y the target column {@code [n, 1]} */
    public Dataset all() {
        return all;
    }

    /** @return number of data rows */
    public int numRows() {
        return all.size();
    }

    /** @return number of columns in data.txt (features, target and any unused columns) */
    public int numColumns() {
        return numColumns;
    }

    /** @return a copy of the 0-based feature columns, in the order of index_features.txt */
    public int[] featureColumns() {
        return featureColumns.clone();
    }

    /** @return the 0-based target column */
    public int targetColumn() {
        return targetColumn;
    }

    private void checkSplit(int i) {
        if (i < 0 || i >= trainRows.size()) {
            throw new IllegalArgumentException("split index must be in [0, " + trainRows.size() + ") but was " + i
                    + "; pass i < numSplits()");
        }
    }

    @Override
    public String toString() {
        return "UciDataset[" + name + ", rows=" + numRows() + ", columns=" + numColumns + ", features="
                + featureColumns.length + ", target=" + targetColumn + ", splits=" + numSplits() + "]";
    }
}
