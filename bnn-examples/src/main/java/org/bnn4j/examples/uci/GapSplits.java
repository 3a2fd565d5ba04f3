package org.bnn4j.examples.uci;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.UciSplit;

/**
 * In-between ("gap") splits of a regression dataset (Foong et al. 2019): the rows are sorted by one input, the middle
 * third is the test set and the outer two thirds train, so every test point lies between training data along that
 * input. A model whose uncertainty is honest should be less certain on the test rows than on the training rows.
 *
 * <p>Rows are sorted by the chosen feature's value, ties broken by row number, so the split is deterministic; when
 * the feature has few distinct values a tied value can sit on both sides of a boundary (the split then reports how
 * many distinct values the feature has).
 *
 * <p>Reference: A. Y. K. Foong, Y. Li, J. M. Hernández-Lobato and R. E. Turner, "'In-Between' Uncertainty in Bayesian
 * Neural Networks", ICML 2019 Workshop on Uncertainty and Robustness in Deep Learning.
 */
final class GapSplits {

    private GapSplits() {
    }

    /**
     * @param all     every row of the dataset
     * @param feature 0-based feature (column of {@code all.x()}) to sort by
     * @return the split: test = rows {@code [n/3, 2n/3)} of the sorted order, train = the others (both in row order)
     * @throws IllegalArgumentException if the feature is out of range or there are fewer than 3 rows
     */
    static UciSplit of(Dataset all, int feature) {
        int n = all.size();
        int d = all.inDim();
        if (feature < 0 || feature >= d) {
            throw new IllegalArgumentException("gap feature must be in [0, " + d + ") but was " + feature
                    + "; pass a 0-based feature index");
        }
        if (n < 3) {
            throw new IllegalArgumentException("a gap split needs at least 3 rows but the data have " + n);
        }
        double[] x = all.xArray();
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer r) -> x[r * d + feature]).thenComparingInt(r -> r));
        int lo = n / 3;
        int hi = 2 * n / 3;
        int[] test = new int[hi - lo];
        int[] train = new int[n - (hi - lo)];
        for (int i = lo; i < hi; i++) {
            test[i - lo] = order[i];
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (i < lo || i >= hi) {
                train[k++] = order[i];
            }
        }
        Arrays.sort(test);
        Arrays.sort(train);
        return new UciSplit(feature, all.subset(train), all.subset(test));
    }

    /**
     * @param all     every row
     * @param feature 0-based feature
     * @return the number of distinct values of that feature
     */
    static int distinctValues(Dataset all, int feature) {
        double[] x = all.xArray();
        int d = all.inDim();
        return (int) IntStream.range(0, all.size()).mapToDouble(r -> x[r * d + feature]).distinct().count();
    }
}
