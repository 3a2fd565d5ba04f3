package org.bnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Regression test: {@code Dataset.of(INDArray, INDArray)} must accept matrices with several rows and columns. */
class DatasetTest {
    @Test
    void ofIndarrayCopiesRowMajorMatricesIncludingViewsAndFortranOrder() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
        INDArray y = Nd4j.createFromArray(new double[][] {{7}, {8}}).dup('f');
        Dataset d = Dataset.of(x, y);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, d.xArray(), 0.0);
        assertArrayEquals(new double[] {7, 8}, d.yArray(), 0.0);
        INDArray big = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
        Dataset view = Dataset.of(big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3)), Nd4j.zeros(2, 1));
        assertArrayEquals(new double[] {5, 6, 8, 9}, view.xArray(), 0.0);
        assertEquals(2, view.size());
    }
}
