package org.bnn4j.spark.fits;

import java.io.Serializable;
import org.bnn4j.data.Dataset;

/**
 * A dataset in a form Java serialisation ships to executors: row-major arrays and dimensions.
 *
 * @param x      inputs {@code [n, inDim]}, row-major
 * @param y      targets {@code [n, outDim]}, row-major
 * @param n      rows
 * @param inDim  inputs per row
 * @param outDim targets per row
 */
public record PortableData(double[] x, double[] y, int n, int inDim, int outDim) implements Serializable {

    /**
     * @param data a dataset
     * @return its arrays (copies)
     */
    public static PortableData of(Dataset data) {
        return new PortableData(data.xArray(), data.yArray(), data.size(), data.inDim(), data.outDim());
    }

    /** @return the dataset (validated again) */
    public Dataset toDataset() {
        return Dataset.of(x, y, n, inDim, outDim);
    }
}
