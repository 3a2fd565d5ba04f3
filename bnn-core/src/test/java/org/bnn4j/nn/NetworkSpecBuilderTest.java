package org.bnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bnn4j.data.ClusterConfig;
import org.bnn4j.data.TargetFunction;
import org.junit.jupiter.api.Test;

/** {@code toBuilder()} keeps every setting it is not told to change, for the configuration records of bnn-core. */
class NetworkSpecBuilderTest {

    @Test
    void networkSpecToBuilderKeepsEverySetting() {
        NetworkSpec spec = NetworkSpec.builder(3, 2).hidden(20, 10).activation(Activation.RELU)
                .heteroskedastic(false).build();
        NetworkSpec same = spec.toBuilder().build();
        assertEquals(spec.inDim(), same.inDim());
        assertEquals(spec.outDim(), same.outDim());
        assertArrayEquals(spec.hiddenWidths(), same.hiddenWidths());
        assertEquals(spec.activation(), same.activation());
        assertEquals(spec.heteroskedastic(), same.heteroskedastic());
        assertEquals(spec.scaleTransform(), same.scaleTransform());
        assertEquals(spec, same);

        NetworkSpec wider = spec.toBuilder().hidden(50).build();
        assertArrayEquals(new int[] {50}, wider.hiddenWidths());
        assertEquals(Activation.RELU, wider.activation());
        assertEquals(false, wider.heteroskedastic());
        assertArrayEquals(new int[] {20, 10}, spec.hiddenWidths(), "the original is unchanged");
    }

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
