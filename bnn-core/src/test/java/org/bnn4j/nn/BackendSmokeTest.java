package org.bnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The CPU backend loads and multiplies: guards the pom's backend and openblas pins. */
class BackendSmokeTest {
    @Test
    void matmulOnTheTestBackend() {
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray b = Nd4j.createFromArray(new double[][] {{5}, {6}});
        INDArray c = a.mmul(b);
        assertEquals(DataType.DOUBLE, c.dataType());
        assertEquals(17.0, c.getDouble(0, 0), 0.0);
        assertEquals(39.0, c.getDouble(1, 0), 0.0);
    }
}
