package org.bnn4j.predictive;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every precondition of the package throws with a message that says what was wrong. */
class PreconditionsTest {

    static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    static INDArray cube(double v) {
        return Nd4j.valueArrayOf(new long[] {2, 3, 1}, v, DataType.DOUBLE);
    }

    @Test
    void factoryFromArraysRejectsBadShapesDtypesAndValues() {
        assertThrows(NullPointerException.class, () -> PredictiveDistribution.of(null, cube(1)));
        IllegalArgumentException rank = assertThrows(IAE,
                () -> PredictiveDistribution.of(Nd4j.zeros(3, 1), Nd4j.ones(3, 1)));
        assertTrue(rank.getMessage().contains("rank 3"), rank.getMessage());
        assertThrows(IAE, () -> PredictiveDistribution.of(cube(0), Nd4j.ones(DataType.DOUBLE, 2, 1, 3)));
        assertThrows(IAE, () -> PredictiveDistribution.of(Nd4j.zeros(DataType.DOUBLE, 0, 3, 1),
                Nd4j.ones(DataType.DOUBLE, 0, 3, 1)));
        assertThrows(IAE, () -> PredictiveDistribution.of(cube(0).castTo(DataType.INT), cube(1)));
        assertThrows(IAE, () -> PredictiveDistribution.of(cube(Double.NaN), cube(1)));
        assertThrows(IAE, () -> PredictiveDistribution.of(cube(0), cube(Double.POSITIVE_INFINITY)));
        IllegalArgumentException zero = assertThrows(IAE, () -> PredictiveDistribution.of(cube(0), cube(0)));
        assertTrue(zero.getMessage().contains("scale must be > 0"), zero.getMessage());
        assertThrows(IAE, () -> PredictiveDistribution.of(cube(0), cube(-1)));
    }

    @Test
    void factoryFromDoublesRejectsBadDimsLengthsAndValues() {
        double[] one = {1};
        assertThrows(IAE, () -> PredictiveDistribution.of(one, one, 0, 1, 1));
        assertThrows(IAE, () -> PredictiveDistribution.of(one, one, 1, 0, 1));
        assertThrows(IAE, () -> PredictiveDistribution.of(one, one, 1, 1, 0));
        assertThrows(IAE, () -> PredictiveDistribution.of(one, new double[] {1, 1}, 1, 1, 1));
        assertThrows(IAE, () -> PredictiveDistribution.of(new double[] {1, 2}, new double[] {1, 1}, 1, 1, 1));
        assertThrows(IAE, () -> PredictiveDistribution.of(new double[] {Double.NaN}, one, 1, 1, 1));
        assertThrows(IAE, () -> PredictiveDistribution.of(one, new double[] {0}, 1, 1, 1));
        assertThrows(IAE, () -> PredictiveDistribution.of(one, new double[] {Double.NaN}, 1, 1, 1));
    }

    @Test
    void queriesRejectBadTargetsLevelsAndCounts() {
        PredictiveDistribution p = PredictiveDistribution.of(cube(0), cube(1)); // B = 3, D = 1
        INDArray good = Nd4j.zeros(DataType.DOUBLE, 3, 1);
        assertThrows(IAE, () -> p.logDensity(Nd4j.zeros(DataType.DOUBLE, 3, 2)));
        assertThrows(IAE, () -> p.logDensity(Nd4j.zeros(DataType.DOUBLE, 3)));
        assertThrows(IAE, () -> p.logDensity(Nd4j.valueArrayOf(new long[] {3, 1}, Double.NaN, DataType.DOUBLE)));
        assertThrows(IAE, () -> p.cdf(Nd4j.zeros(DataType.DOUBLE, 2, 1)));
        assertThrows(IAE, () -> p.cdf(good.castTo(DataType.LONG)));
        for (double level : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IAE, () -> p.interval(level));
            assertTrue(e.getMessage().contains("level must be in (0, 1)"), e.getMessage());
        }
        assertThrows(IAE, () -> p.sample(new SplittableRandom(1), 0));
        assertThrows(NullPointerException.class, () -> p.sample(null, 1));
    }

    @Test
    void affineAndSelectRejectBadArguments() {
        PredictiveDistribution p = PredictiveDistribution.of(cube(0), cube(1));
        assertThrows(IAE, () -> p.affine(new double[] {0, 0}, new double[] {1}));
        assertThrows(IAE, () -> p.affine(new double[] {0}, new double[] {1, 1}));
        assertThrows(IAE, () -> p.affine(new double[] {0}, new double[] {0}));
        assertThrows(IAE, () -> p.affine(new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IAE, () -> p.affine(new double[] {0}, new double[] {Double.POSITIVE_INFINITY}));
        assertThrows(IAE, () -> p.select(new int[0]));
        assertThrows(IAE, () -> p.select(new int[] {0, 3}));
        assertThrows(IAE, () -> p.select(new int[] {-1}));
    }

    @Test
    void metricsRejectBadTargetsAndLevels() {
        PredictiveDistribution p = PredictiveDistribution.of(cube(0), cube(1));
        INDArray good = Nd4j.zeros(DataType.DOUBLE, 3, 1);
        INDArray bad = Nd4j.zeros(DataType.DOUBLE, 1, 3);
        assertThrows(IAE, () -> Metrics.rmse(p, bad));
        assertThrows(IAE, () -> Metrics.nll(p, bad));
        assertThrows(IAE, () -> Metrics.meanLogPredictiveDensity(p, bad));
        assertThrows(IAE, () -> Metrics.crps(p, bad));
        assertThrows(IAE, () -> Metrics.coverage(p, bad, 0.9));
        assertThrows(IAE, () -> Metrics.coverage(p, good, 1.0));
        assertThrows(IAE, () -> Metrics.meanIntervalWidth(p, 0.0));
        assertThrows(IAE, () -> Metrics.calibrationError(p, good, new double[0]));
        assertThrows(IAE, () -> Metrics.calibrationError(p, good, new double[] {0.5, 1.0}));
        assertThrows(IAE, () -> Metrics.calibrationError(p, bad));
        assertThrows(IAE, () -> Metrics.summarize(p, bad));
        assertThrows(NullPointerException.class, () -> Metrics.rmse(null, good));
    }

    @Test
    void centralIntervalRejectsOutOfRangeIndices() {
        CentralInterval ci = PredictiveDistribution.of(cube(0), cube(1)).interval(0.5);
        assertThrows(IndexOutOfBoundsException.class, () -> ci.lower(3, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ci.upper(0, 1));
    }
}
