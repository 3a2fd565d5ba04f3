package org.bnn4j.datasets;

import java.util.Objects;
import org.bnn4j.data.Dataset;

/**
 * One train/test split of a {@link UciDataset}.
 *
 * @param index split number i (the {@code <i>} of {@code index_train_<i>.txt}), {@code >= 0}
 * @param train training set: x {@code [numTrain, numFeatures]}, y {@code [numTrain, 1]}
 * @param test  test set: x {@code [numTest, numFeatures]}, y {@code [numTest, 1]}
 */
public record UciSplit(int index, Dataset train, Dataset test) {

    /**
     * @throws IllegalArgumentException if index is negative or train and test differ in their columns
     */
    public UciSplit {
        Objects.requireNonNull(train, "train must not be null");
        Objects.requireNonNull(test, "test must not be null");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0 but was " + index);
        }
        if (train.inDim() != test.inDim() || train.outDim() != test.outDim()) {
            throw new IllegalArgumentException("train and test must have the same columns but had " + train + " and "
                    + test + "; build both from the same data");
        }
    }
}
