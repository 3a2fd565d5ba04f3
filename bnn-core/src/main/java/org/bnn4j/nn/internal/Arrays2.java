package org.bnn4j.nn.internal;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Argument checks and conversions between INDArrays and row-major double arrays. */
public final class Arrays2 {

    /**
     * The largest array length every JVM allocates: a few words below {@code Integer.MAX_VALUE}, the limit the JDK's
     * own collections use ({@code ArraysSupport.SOFT_MAX_ARRAY_LENGTH}).
     */
    public static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

    private Arrays2() {
    }

    /**
     * @param name  argument name for messages
     * @param a     a matrix
     * @param rows  required rows, or -1 for any (but >= 1)
     * @param cols  required columns
     * @param fix   what to do instead, for the message
     * @return a new row-major copy
     */
    public static double[] matrix(String name, INDArray a, long rows, long cols, String fix) {
        Objects.requireNonNull(a, name + " must not be null");
        if (a.rank() != 2 || a.columns() != cols || (rows >= 0 && a.rows() != rows) || a.rows() < 1) {
            throw new IllegalArgumentException(name + " must have shape [" + (rows >= 0 ? rows : "n >= 1") + ", " + cols
                    + "] but had " + Arrays.toString(a.shape()) + "; " + fix);
        }
        return toDoubles(a);
    }

    /**
     * @param name  argument name for messages
     * @param a     an array
     * @param shape required shape
     * @return a new row-major copy
     */
    public static double[] shaped(String name, INDArray a, long[] shape) {
        Objects.requireNonNull(a, name + " must not be null");
        if (!Arrays.equals(a.shape(), shape)) {
            throw new IllegalArgumentException(name + " must have shape " + Arrays.toString(shape) + " but had "
                    + Arrays.toString(a.shape()));
        }
        return toDoubles(a);
    }

    /**
     * @param a any array
     * @return a new row-major float64 copy of its elements ({@code toDoubleVector()} accepts only vectors)
     */
    public static double[] toDoubles(INDArray a) {
        return a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
    }

    /**
     * @param name argument name
     * @param v    row-major values
     * @param cols columns, for the message
     * @throws IllegalArgumentException naming the first non-finite entry
     */
    public static void requireFinite(String name, double[] v, int cols) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + " must be finite but row " + (i / cols) + ", column "
                        + (i % cols) + " was " + v[i] + "; remove or impute non-finite values first");
            }
        }
    }
}
