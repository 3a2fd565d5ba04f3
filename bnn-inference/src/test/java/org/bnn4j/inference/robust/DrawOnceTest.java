package org.bnn4j.inference.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.inference.McmcInference;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.SamplePosterior;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two hooks that let work be split over machines: predicting from draws made once
 * ({@link Posterior#predictionDraws}, {@link Posterior#predict(INDArray, INDArray)}) and running one chain of an MCMC
 * fit alone ({@link McmcInference#fitChain}). Both must reproduce the one-call results bit for bit.
 */
class DrawOnceTest {

    @ParameterizedTest
    @ValueSource(strings = {"map", "svi", "nuts"})
    void predictingFromDrawsMadeOnceEqualsPredict(String method) {
        Posterior p = TinyFits.method(method, 7).fit(TinyFits.model(), TinyFits.data(3));
        PredictiveDistribution direct = p.predict(TinyFits.testX(), 20, new SplittableRandom(11));
        INDArray draws = p.predictionDraws(20, new SplittableRandom(11));
        PredictiveDistribution viaDraws = p.predict(TinyFits.testX(), draws);
        assertEquals(direct.numSamples(), draws.rows(), "predictionDraws returns the samples predict uses");
        assertArrayEquals(Arrays2.toDoubles(direct.sampleMeans()), Arrays2.toDoubles(viaDraws.sampleMeans()));
        assertArrayEquals(Arrays2.toDoubles(direct.sampleScales()), Arrays2.toDoubles(viaDraws.sampleScales()));
        // one point at a time gives the same values as the batch: no value depends on the other points
        INDArray x = TinyFits.testX();
        for (int i = 0; i < x.rows(); i++) {
            PredictiveDistribution one = p.predict(x.getRows(i), draws);
            assertArrayEquals(Arrays2.toDoubles(direct.select(new int[] {i}).sampleMeans()),
                    Arrays2.toDoubles(one.sampleMeans()));
        }
    }

    @Test
    void aPointMassPredictsWithOneDraw() {
        Posterior p = TinyFits.method("map", 7).fit(TinyFits.model(), TinyFits.data(3));
        assertEquals(1, p.predictionDraws(50, new SplittableRandom(1)).rows());
        assertThrows(IllegalArgumentException.class, () -> p.predictionDraws(0, new SplittableRandom(1)));
    }

    @Test
    void eachChainAloneEqualsThatChainOfTheFullFit() {
        McmcInference nuts = (McmcInference) TinyFits.method("nuts", 7);
        Dataset data = TinyFits.data(3);
        SamplePosterior all = (SamplePosterior) nuts.fit(TinyFits.model(), data);
        double[][][] chains = all.chains();
        for (int c = 0; c < nuts.config().numChains(); c++) {
            SamplePosterior one = nuts.fitChain(TinyFits.model(), data, FitOptions.defaults(), c);
            assertEquals(1, one.numChains());
            double[][] draws = one.chains()[0];
            for (int t = 0; t < draws.length; t++) {
                assertArrayEquals(chains[c][t], draws[t], "chain " + c + ", draw " + t);
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> nuts.fitChain(TinyFits.model(), data, FitOptions.defaults(), nuts.config().numChains()));
    }
}
