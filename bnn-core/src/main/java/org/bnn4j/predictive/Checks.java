package org.bnn4j.predictive;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Argument checks and INDArray-to-{@code double[]} copies shared by the package. */
final class Checks {

    private Checks() {
    }

    /**
     * Copies a floating-point array of the expected shape into a new row-major {@code double[]}.
     *
     * @param name     argument name for messages
     * @param a        the array; never modified
     * @param expected the required shape
     * @return a new row-major copy
     * @throws IllegalArgumentException if the dtype is not floating point, the shape differs, or a value is NaN/Inf
     */
    static double[] finiteCopy(String name, INDArray a, long[] expected) {
        Objects.requireNonNull(a, name + " must not be null");
        if (!Arrays.equals(a.shape(), expected)) {
            throw new IllegalArgumentException(name + " must have shape " + Arrays.toString(expected)
                    + " but had shape " + Arrays.toString(a.shape())
                    + "; pass one row per point and one column per output");
        }
        double[] v = toDoubles(name, a);
        requireFinite(name, v);
        return v;
    }

    /**
     * @param name argument name for messages
     * @param a    a floating-point array; never modified
     * @return a new row-major {@code double[]} copy of its values
     * @throws IllegalArgumentException if the dtype is not floating point
     */
    static double[] toDoubles(String name, INDArray a) {
        if (!a.dataType().isFPType()) {
            throw new IllegalArgumentException(name + " must have a floating-point dtype but had " + a.dataType()
                    + "; convert it with castTo(DataType.DOUBLE)");
        }
        // castTo returns the same array for DOUBLE input, so dup('c') is what makes the copy exact-length and row-major
        double[] v = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        if (v.length != a.length()) {
            throw new IllegalStateException("copy of " + name + " has " + v.length + " values but the array has "
                    + a.length() + "; this is a bug in bnn4j");
        }
        return v;
    }

    /**
     * @param name argument name for messages
     * @param v    values to check
     * @throws IllegalArgumentException naming the first NaN/Inf index
     */
    static void requireFinite(String name, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + " must be finite but flat index " + i + " was " + v[i]
                        + "; check the network output or the data for NaN/Inf");
            }
        }
    }

    /**
     * @param level a central-interval probability
     * @throws IllegalArgumentException unless {@code 0 < level < 1}
     */
    static void requireLevel(double level) {
        if (!(level > 0.0 && level < 1.0)) {
            throw new IllegalArgumentException("level must be in (0, 1) but was " + level
                    + "; pass e.g. 0.9 for a 90% central interval");
        }
    }
}
