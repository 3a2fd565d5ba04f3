package org.bnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The layout value: typed offsets agree with the named slices, widths and shape with the spec. */
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

    @Test
    void widthsAndShapeComeFromTheSpec() {
        ParameterLayout het = new ParameterLayout(NetworkSpec.builder(3, 2).hidden(5, 4).build());
        assertEquals(2, het.numHidden());
        assertEquals(3, het.inDim());
        assertEquals(2, het.outDim());
        assertEquals(4, het.lastWidth());
        assertEquals(5, het.layerWidth(1));
        assertEquals(true, het.heteroskedastic());
        int[] widths = het.layerWidths();
        assertArrayEquals(new int[] {3, 5, 4}, widths);
        widths[0] = 99; // a copy: the layout is immutable
        assertEquals(3, het.layerWidth(0));
        ParameterLayout linear = new ParameterLayout(NetworkSpec.builder(2, 1).heteroskedastic(false).build());
        assertEquals(0, linear.numHidden());
        assertEquals(2, linear.lastWidth());
        assertEquals(false, linear.heteroskedastic());
        assertEquals(3, linear.size());
    }
}
