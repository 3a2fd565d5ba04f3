package org.bnn4j.inference.svi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.Posterior;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * A minibatch fit that standardises each batch as it gathers it (the data in original units, standardisation on)
 * learns exactly the guide of the same fit on data standardised beforehand (standardisation off): same seed, same
 * batches, same doubles, so the same bits, spread first-layer units included.
 */
class SviStandardizedBatchesTest {

    @Test
    void standardisingPerBatchEqualsStandardisingFirst() {
        int n = 1037;
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = new double[n * 2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = 50 + 10 * rng.nextGaussian();
            x[2 * i + 1] = 1e-3 * rng.nextDouble();
            y[i] = Math.sin(x[2 * i] / 10) + 300 + 0.1 * rng.nextGaussian();
        }
        Dataset d = Dataset.of(x, y, n, 2, 1);
        Dataset z = Standardizer.fit(d).transform(d);
        BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(2, 1).hidden(10).build());
        SviConfig c = SviConfig.defaults().toBuilder().epochs(15).batchSize(100).seed(5).build();
        assertTrue(c.unitSlope() > 0, "the spread units read every row, so they are part of the comparison");
        Posterior onTheFly = new Svi(c).fit(model, d, FitOptions.defaults());
        Posterior first = new Svi(c).fit(model, z, FitOptions.defaults().withStandardize(false));
        double[] a = onTheFly.sampleParameters(4, new SplittableRandom(9)).data().asDouble();
        double[] b = first.sampleParameters(4, new SplittableRandom(9)).data().asDouble();
        assertArrayEquals(Arrays.stream(b).mapToLong(Double::doubleToRawLongBits).toArray(),
                Arrays.stream(a).mapToLong(Double::doubleToRawLongBits).toArray());
        assertTrue(onTheFly.standardizer().isPresent() && first.standardizer().isEmpty());
    }
}
