package org.bnn4j.spark.train;

import java.util.List;
import java.util.SplittableRandom;
import org.bnn4j.inference.internal.UnitSpread;
import org.bnn4j.nn.ParameterLayout;

/**
 * SVI's spread first-layer units ({@code SviConfig.unitSlope}) placed over distributed data: the directions and
 * uniforms are drawn on the driver in the order the single-JVM {@code Svi} draws them (unit k: its direction, then
 * its uniform), and one distributed pass finds each direction's smallest and largest projection of the training
 * inputs (min and max do not depend on the order of the rows, so they equal the single-JVM values exactly).
 */
final class SpreadUnits {

    private SpreadUnits() {
    }

    /**
     * Overwrites the first hidden layer's weights and biases in theta.
     *
     * @param layout the network's layout
     * @param data   the cached (standardised) data
     * @param slope  {@code > 0}
     * @param rng    the initialisation stream, advanced as {@code Svi} advances it
     * @param theta  parameter vector, modified
     */
    static void place(ParameterLayout layout, DistributedData data, double slope, SplittableRandom rng, double[] theta) {
        UnitSpread spread = UnitSpread.draw(layout, rng);
        List<double[]> parts = data.blocks().map(block -> spread.ranges(block.x(), block.n())).collect();
        parts.forEach(spread::include);
        spread.apply(slope, theta);
    }
}
