package org.bnn4j.inference.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bnn4j.data.Dataset;
import org.bnn4j.data.Standardizer;
import org.bnn4j.inference.robust.TinyFits;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/** The held-out split is a seeded partition; the score and the noise scale have closed forms at a known mean. */
class HeldOutRowsTest {

    @Test
    void splitIsASeededPartition() {
        int[][] a = HeldOutRows.split(101, 0.1, new SplittableRandom(4));
        assertEquals(10, a[1].length, "round(0.1 * 101) rows held out");
        assertEquals(91, a[0].length);
        int[] all = IntStream.concat(Arrays.stream(a[0]), Arrays.stream(a[1])).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 101).toArray(), all, "every row exactly once");
        assertTrue(IntStream.range(1, a[1].length).allMatch(i -> a[1][i - 1] < a[1][i]), "ascending");
        int[][] b = HeldOutRows.split(101, 0.1, new SplittableRandom(4));
        assertArrayEquals(a[1], b[1], "same seed, same rows");
        assertTrue(!Arrays.equals(a[1], HeldOutRows.split(101, 0.1, new SplittableRandom(5))[1]), "seed matters");
        assertEquals(1, HeldOutRows.split(3, 0.01, new SplittableRandom(1))[1].length, "at least one row held out");
        assertEquals(1, HeldOutRows.split(2, 0.5, new SplittableRandom(1))[0].length, "at least one row fitted");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeldOutRows.split(1, 0.1, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("holdout(0)"), e.getMessage());
    }

    @Test
    void scoreAndNoiseOfALearnedHomoskedasticScaleAreTheHeldOutMaximumLikelihood() {
        BayesianModel model = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(2, 1).hidden(8)
                .heteroskedastic(false).build()), new NormalPrior(1.0),
                new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(0, 1, 0.5)));
        assertTrue(HeldOutRows.learnedNoise(model));
        assertTrue(!HeldOutRows.learnedNoise(TinyFits.model()), "a heteroskedastic net has no single noise scale");
        Dataset rows = TinyFits.data(2);
        // all weights and biases zero: every predicted mean is exactly 0, so the residuals are the targets
        double[] theta = new double[model.numParams()];
        theta[model.numNetworkParams()] = Math.log(7.0); // the model's own scale is ignored by the score
        double mse = Arrays.stream(rows.yArray()).map(v -> v * v).average().orElseThrow();
        HeldOutRows held = new HeldOutRows(model, rows);
        // the Gaussian log-likelihood per row at sigma^2 = MSE (its maximiser): -1/2 log(2 pi MSE) - 1/2; rounding only
        assertEquals(-0.5 * Math.log(2 * Math.PI * mse) - 0.5, held.score(theta), 1e-12);
        assertEquals(Math.sqrt(mse), held.rmsResidual(theta), 1e-12);
    }

    /**
     * Held-out rows gathered from the data set and standardised there score bit for bit as the standardised subset
     * they replace (the same values in the same order).
     */
    @Test
    void rowsGatheredFromTheDataScoreAsTheStandardisedSubset() {
        BayesianModel model = TinyFits.model();
        Dataset data = TinyFits.data(4);
        int[] out = HeldOutRows.split(data.size(), 0.2, new SplittableRandom(8))[1];
        Standardizer s = Standardizer.fit(data);
        double[] theta = model.initialParameters(new SplittableRandom(2));
        HeldOutRows subset = new HeldOutRows(model, s.transform(data).subset(out));
        HeldOutRows gathered = new HeldOutRows(model, data, s, out);
        assertEquals(subset.score(theta), gathered.score(theta), 0.0);
        assertEquals(subset.rmsResidual(theta), gathered.rmsResidual(theta), 0.0);
        assertEquals(new HeldOutRows(model, data.subset(out)).score(theta),
                new HeldOutRows(model, data, null, out).score(theta), 0.0, "unstandardised");
        assertThrows(IllegalArgumentException.class,
                () -> new HeldOutRows(model, data, s, new int[0]));
    }
}
