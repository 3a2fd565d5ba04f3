package org.bnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The typed offset accessors agree with the named slices they replace in the kernels. */
class ParameterLayoutOffsetsTest {

    @Test
    void offsetsMatchNamedSlices() {
        ParameterLayout het = new ParameterLayout(NetworkSpec.builder(3, 2).hidden(5, 4).build());
        for (int l = 0; l < 2; l++) {
            assertEquals(het.slice("hidden" + l + ".weight").offset(), het.hiddenWeightOffset(l));
            assertEquals(het.slice("hidden" + l + ".bias").offset(), het.hiddenBiasOffset(l));
        }
        assertEquals(het.slice("mean.weight").offset(), het.meanWeightOffset());
        assertEquals(het.slice("mean.bias").offset(), het.meanBiasOffset());
        assertEquals(het.slice("scale.weight").offset(), het.scaleWeightOffset());
        assertEquals(het.slice("scale.bias").offset(), het.scaleBiasOffset());
        ParameterLayout hom = new ParameterLayout(NetworkSpec.builder(2, 1).heteroskedastic(false).build());
        assertEquals(0, hom.meanWeightOffset());
        assertEquals(2, hom.meanBiasOffset());
        assertEquals(-1, hom.scaleWeightOffset());
        assertEquals(-1, hom.scaleBiasOffset());
    }
}
