package org.bnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code toBuilder()} keeps every setting it is not told to change, for {@link NetworkSpec}. */
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
}
