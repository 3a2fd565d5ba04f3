package org.bnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code toBuilder()} keeps every setting it is not told to change, for {@link ClusterConfig}. */
class ClusterConfigBuilderTest {

    @Test
    void clusterConfigToBuilderKeepsEverySetting() {
        ClusterConfig c = ClusterConfig.builder().targetFunction(TargetFunction.CUBIC).numTrain(123).numTest(45)
                .noiseStds(0.1, 0.2, 0.3, 0.4).seed(7).shuffle(true).grid(-2, 3, 11).build();
        assertEquals(c, c.toBuilder().build());
        ClusterConfig other = c.toBuilder().seed(8).build();
        assertEquals(8, other.seed());
        assertEquals(c.toBuilder().seed(8).build(), other);
        assertArrayEquals(c.noiseStds(), other.noiseStds());
        assertEquals(c.gridPoints(), other.gridPoints());
        assertEquals(TargetFunction.CUBIC, other.targetFunction());
    }
}
