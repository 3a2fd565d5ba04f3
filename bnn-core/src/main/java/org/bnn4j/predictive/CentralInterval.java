package org.bnn4j.predictive;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Immutable per-point, per-output central interval {@code [lower, upper]} holding probability {@code level} of a
 * marginal predictive distribution, with {@code (1 - level)/2} in each tail. Produced by
 * {@link PredictiveDistribution#interval(double)}.
 */
public final class CentralInterval {

    private final double level;
    private final double[] lower;
    private final double[] upper;
    private final int numPoints;
    private final int outDim;

    /** Takes ownership of the arrays, row-major {@code [numPoints, outDim]}. */
    CentralInterval(double level, double[] lower, double[] upper, int numPoints, int outDim) {
        this.level = level;
        this.lower = lower;
        this.upper = upper;
        this.numPoints = numPoints;
        this.outDim = outDim;
    }

    /** @return the probability mass inside the interval, in {@code (0, 1)} */
    public double level() {
        return level;
    }

    /** @return B, the number of points */
    public int numPoints() {
        return numPoints;
    }

    /** @return D, the number of outputs */
    public int outDim() {
        return outDim;
    }

    /** @return the lower bounds, a new float64 {@code [B, D]} */
    public INDArray lower() {
        return Nd4j.create(lower.clone(), new long[] {numPoints, outDim}, DataType.DOUBLE);
    }

    /** @return the upper bounds, a new float64 {@code [B, D]} */
    public INDArray upper() {
        return Nd4j.create(upper.clone(), new long[] {numPoints, outDim}, DataType.DOUBLE);
    }

    /**
     * @param point index in {@code [0, B)}
     * @param dim   index in {@code [0, D)}
     * @return the lower bound of that marginal
     */
    public double lower(int point, int dim) {
        return lower[index(point, dim)];
    }

    /**
     * @param point index in {@code [0, B)}
     * @param dim   index in {@code [0, D)}
     * @return the upper bound of that marginal
     */
    public double upper(int point, int dim) {
        return upper[index(point, dim)];
    }

    private int index(int point, int dim) {
        if (point < 0 || point >= numPoints || dim < 0 || dim >= outDim) {
            throw new IndexOutOfBoundsException("(point, dim) = (" + point + ", " + dim + ") is outside [0, "
                    + numPoints + ") x [0, " + outDim + ")");
        }
        return point * outDim + dim;
    }

    /** @return mean of {@code upper - lower} over points and outputs */
    double meanWidth() {
        double acc = 0.0;
        for (int i = 0; i < lower.length; i++) {
            acc += upper[i] - lower[i];
        }
        return acc / lower.length;
    }

    @Override
    public String toString() {
        return "CentralInterval[level=" + level + ", numPoints=" + numPoints + ", outDim=" + outDim + "]";
    }
}
