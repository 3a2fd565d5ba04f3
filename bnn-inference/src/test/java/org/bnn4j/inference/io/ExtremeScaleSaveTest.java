package org.bnn4j.inference.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.robust.TinyFits;
import org.bnn4j.inference.svi.MeanFieldPosterior;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.Arrays2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fit on columns of extreme magnitude saves a file that loads back and predicts the same (the standardiser's
 * statistics used to overflow to Infinity, which save wrote and load refused); weight-sample requests larger than
 * an array are refused with a message instead of a NegativeArraySizeException.
 */
class ExtremeScaleSaveTest {

    @TempDir
    Path dir;

    @Test
    void fitOnHugeAndTinyColumnsSavesWhatLoadAccepts() throws IOException {
        Dataset base = TinyFits.data(5);
        double[] x = base.xArray();
        double[] y = base.yArray();
        for (int i = 0; i < base.size(); i++) {
            x[2 * i] *= 1e300;   // sum and squares overflow without scaling
            x[2 * i + 1] *= 1e-170; // squares underflow to 0 without scaling
            y[i] *= 1e155;       // squares overflow: the std was stored as Infinity
        }
        Dataset d = Dataset.of(x, y, base.size(), 2, 1);
        Posterior p = new Svi(SviConfig.defaults().toBuilder().epochs(30).seed(2).build()).fit(TinyFits.model(), d);
        Path f = dir.resolve("extreme.bnn");
        PosteriorIO.save(p, f);
        Posterior q = PosteriorIO.load(f);
        double[] in = {1e300, 1e-170, -5e299, 3e-171};
        var xs = org.nd4j.linalg.factory.Nd4j.create(in, new long[] {2, 2}, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        double[] a = Arrays2.toDoubles(p.predict(xs, 20, new SplittableRandom(1)).mean());
        double[] b = Arrays2.toDoubles(q.predict(xs, 20, new SplittableRandom(1)).mean());
        assertArrayEquals(a, b, 0.0);
        for (double v : a) {
            assertTrue(Double.isFinite(v) && Math.abs(v) < 1e157, "mean " + v + " in the units of y (~1e155)");
        }
    }

    @Test
    void moreWeightSamplesThanAnArrayHoldsAreRefusedWithAMessage() {
        BayesianModel model = BayesianModel.heteroskedastic(NetworkSpec.builder(1, 1).hidden(50).build());
        int p = model.numParams(); // 202: 10^7 samples need 2.02e9 values, beyond 2^31 - 9
        org.bnn4j.inference.Diagnostics none = new org.bnn4j.inference.Diagnostics() {
            @Override
            public java.util.Map<String, Object> summary() {
                return java.util.Map.of();
            }

            @Override
            public java.util.List<String> warnings() {
                return java.util.List.of();
            }
        };
        MeanFieldPosterior post = new MeanFieldPosterior(model, "svi", new double[p], new double[p], null, none);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> post.sampleParameters(11_000_000, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("more than a Java array holds") && e.getMessage().contains("at most "),
                e.getMessage());
    }
}
