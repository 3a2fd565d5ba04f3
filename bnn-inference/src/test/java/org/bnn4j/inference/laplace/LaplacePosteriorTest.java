package org.bnn4j.inference.laplace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.robust.TinyFits;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.LayerwiseNormalPrior;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.nn.Activation;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Save/load, determinism, the prediction contract and the preconditions of {@link Laplace} and its posterior. */
class LaplacePosteriorTest {

    @TempDir
    Path dir;

    private static final Dataset DATA = TinyFits.data(3);
    private static final OptimizerConfig SHORT_MAP = OptimizerConfig.builder().epochs(200).seed(4).build();

    private static BayesianModel homoskedastic() {
        NetworkSpec spec = NetworkSpec.builder(2, 1).hidden(6, 4).activation(Activation.RELU).heteroskedastic(false)
                .build();
        return new BayesianModel(new FeedForwardNetwork(spec), new LayerwiseNormalPrior(2),
                new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(Math.log(0.1), 1, 0.1)));
    }

    private static LaplaceConfig.Builder config() {
        return LaplaceConfig.builder().map(SHORT_MAP);
    }

    @Test
    void roundTripsBitForBitForEveryStructureAndPredictive() throws IOException {
        for (CurvatureStructure s : new CurvatureStructure[] {CurvatureStructure.FULL, CurvatureStructure.LAST_LAYER}) {
            for (LaplacePredictive pr : LaplacePredictive.values()) {
                LaplacePosterior p = new Laplace(config().structure(s).predictive(pr).linearizeScale(false).build())
                        .fit(TinyFits.model(), DATA);
                LaplacePosterior q = roundTrip(p, s.id() + "-" + pr.id());
                assertEquals(s, q.structure());
                assertEquals(pr, q.predictive());
                assertEquals(p.linearizeScale(), q.linearizeScale());
                assertEquals(p.priorPrecisionMultiplier(), q.priorPrecisionMultiplier(), 0.0);
                assertEquals(p.logMarginalLikelihood(), q.logMarginalLikelihood(), 0.0);
                assertEquals(p.diagnostics().summary(), q.diagnostics().summary());
            }
        }
        LaplacePosterior h = new Laplace(config().noiseByEvidence(false).build()).fit(homoskedastic(), DATA);
        assertTrue(h.noiseLogScaleStd() > 0, "a noise with a prior gets a Gaussian");
        LaplacePosterior hq = roundTrip(h, "homoskedastic");
        assertEquals(h.noiseLogScaleStd(), hq.noiseLogScaleStd(), 0.0);
        assertEquals(h.model().likelihood(), hq.model().likelihood());
        LaplacePosterior e = new Laplace(config().build()).fit(homoskedastic(), DATA);
        assertEquals(0.0, e.noiseLogScaleStd(), 0.0, "a noise chosen by the evidence is fixed");
        int p = e.model().numNetworkParams();
        assertNotEquals(h.mapParameters()[p], e.mapParameters()[p]);
        roundTrip(e, "homoskedastic-evidence");
    }

    @Test
    void sameSeedSameFitAndDifferentSeedDifferentFit() {
        LaplacePosterior a = new Laplace(config().build()).fit(TinyFits.model(), DATA);
        LaplacePosterior b = new Laplace(config().build()).fit(TinyFits.model(), DATA);
        assertArrayEquals(a.mapParameters(), b.mapParameters());
        assertArrayEquals(a.covarianceFactor(), b.covarianceFactor());
        assertEquals(a.priorPrecisionMultiplier(), b.priorPrecisionMultiplier(), 0.0);
        assertEquals(a.logMarginalLikelihood(), b.logMarginalLikelihood(), 0.0);
        LaplacePosterior c = new Laplace(config().map(SHORT_MAP.toBuilder().seed(5).build()).build())
                .fit(TinyFits.model(), DATA);
        assertNotEquals(a.mapParameters()[0], c.mapParameters()[0]);
    }

    @Test
    void predictionsDoNotDependOnHowRowsAreBatched() {
        for (boolean linearizeScale : new boolean[] {true, false}) {
            LaplacePosterior p = new Laplace(config().linearizeScale(linearizeScale).build()).fit(TinyFits.model(), DATA);
            int b = 300; // more than one tile of the Jacobian (256 points)
            double[] xs = new double[b * 2];
            SplittableRandom r = new SplittableRandom(6);
            for (int i = 0; i < xs.length; i++) {
                xs[i] = 3 * r.nextGaussian();
            }
            INDArray all = Nd4j.create(xs, new long[] {b, 2}, DataType.DOUBLE);
            PredictiveDistribution whole = p.predict(all, 7, new SplittableRandom(3));
            PredictiveDistribution head = p.predict(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()), 7, new SplittableRandom(3));
            PredictiveDistribution tail = p.predict(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(10, b),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()), 7, new SplittableRandom(3));
            double[] w = Arrays2.toDoubles(whole.sampleMeans());
            double[] ws = Arrays2.toDoubles(whole.sampleScales());
            double[] h = Arrays2.toDoubles(head.sampleMeans());
            double[] t = Arrays2.toDoubles(tail.sampleMeans());
            double[] ts = Arrays2.toDoubles(tail.sampleScales());
            for (int s = 0; s < 7; s++) {
                for (int i = 0; i < b; i++) {
                    double v = i < 10 ? h[s * 10 + i] : t[s * (b - 10) + i - 10];
                    assertEquals(w[s * b + i], v, 0.0, "sample " + s + " row " + i);
                    if (i >= 10) {
                        assertEquals(ws[s * b + i], ts[s * (b - 10) + i - 10], 0.0);
                    }
                }
            }
            // the scale varies across draws exactly when it is linearised
            boolean varies = false;
            for (int i = 0; i < b && !varies; i++) {
                varies = ws[i] != ws[b + i];
            }
            assertEquals(linearizeScale, varies);
        }
    }

    @Test
    void drawsAreTheMapPlusTheGaussianOnTheCoveredParametersOnly() {
        LaplacePosterior p = new Laplace(config().structure(CurvatureStructure.LAST_LAYER).build())
                .fit(TinyFits.model(), DATA);
        int first = p.firstCoveredParameter();
        assertEquals(TinyFits.model().network().layout().meanWeightOffset(), first);
        int n = 4000;
        double[] w = Arrays2.toDoubles(p.sampleParameters(n, new SplittableRandom(1)));
        double[] theta = p.mapParameters();
        int stride = theta.length;
        int q = p.numCoveredParameters();
        double[] cov = p.covariance();
        for (int k = 0; k < stride; k++) {
            double mean = 0;
            double sq = 0;
            for (int s = 0; s < n; s++) {
                double d = w[s * stride + k] - theta[k];
                mean += d / n;
                sq += d * d / n;
            }
            if (k < first) {
                assertEquals(0.0, sq, 0.0, "parameter " + k + " is fixed at the MAP");
            } else {
                double var = cov[(k - first) * q + (k - first)];
                // Monte Carlo over n = 4000 draws: mean error sd sqrt(var / n), variance relative sd sqrt(2 / n) =
                // 2.2 %; 4.5 sd over the ~20 checked coordinates keeps the chance of a false failure below 1e-4
                assertEquals(0.0, mean, 4.5 * Math.sqrt(var / n), "mean " + k);
                assertEquals(var, sq, 4.5 * Math.sqrt(2.0 / n) * var, "variance " + k);
            }
        }
    }

    @Test
    void preconditions() {
        assertThrows(NullPointerException.class, () -> new Laplace(null));
        assertThrows(NullPointerException.class, () -> LaplaceConfig.builder().map(null).build());
        assertThrows(NullPointerException.class, () -> LaplaceConfig.builder().structure(null).build());
        assertThrows(NullPointerException.class, () -> LaplaceConfig.builder().predictive(null).build());
        assertThrows(NullPointerException.class, () -> LaplaceConfig.builder().priorPrecision(null).build());
        assertThrows(IllegalArgumentException.class, () -> PriorPrecision.fixed(0));
        assertThrows(IllegalArgumentException.class, () -> PriorPrecision.fixed(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CurvatureStructure.parse("kron"));
        assertThrows(IllegalArgumentException.class, () -> LaplacePredictive.parse("mc"));
        assertEquals(CurvatureStructure.LAST_LAYER, CurvatureStructure.parse("last-layer"));
        assertEquals(CurvatureStructure.LAST_LAYER, CurvatureStructure.parse("LastLayer"));
        assertEquals(CurvatureStructure.FULL, CurvatureStructure.AUTO.resolve(CurvatureStructure.AUTO_FULL_MAX_PARAMS));
        assertEquals(CurvatureStructure.LAST_LAYER,
                CurvatureStructure.AUTO.resolve(CurvatureStructure.AUTO_FULL_MAX_PARAMS + 1));
        assertEquals(LaplaceConfig.defaults(), LaplaceConfig.defaults().toBuilder().build());
        assertEquals("laplace", new Laplace(LaplaceConfig.defaults()).name());
        LaplacePosterior p = new Laplace(config().build()).fit(TinyFits.model(), DATA);
        assertThrows(IllegalArgumentException.class, () -> p.predict(TinyFits.testX(), 0, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class,
                () -> p.predict(Nd4j.zeros(DataType.DOUBLE, 3, 5), 2, new SplittableRandom(1)));
        BayesianModel m = TinyFits.model();
        assertThrows(IllegalArgumentException.class, () -> new LaplacePosterior(m, "laplace", p.mapParameters(),
                CurvatureStructure.AUTO, p.covarianceFactor(), 0, LaplacePredictive.LINEARIZED, true, 1, 0, null,
                p.diagnostics()));
        assertThrows(IllegalArgumentException.class, () -> new LaplacePosterior(m, "laplace", p.mapParameters(),
                CurvatureStructure.LAST_LAYER, p.covarianceFactor(), 0, LaplacePredictive.LINEARIZED, true, 1, 0,
                null, p.diagnostics()));
        assertThrows(IllegalArgumentException.class, () -> new LaplacePosterior(m, "laplace", p.mapParameters(),
                CurvatureStructure.FULL, p.covarianceFactor(), 0.1, LaplacePredictive.LINEARIZED, true, 1, 0, null,
                p.diagnostics()));
        Dataset threeInputs = Dataset.of(new double[6], new double[2], 2, 3, 1);
        assertThrows(IllegalArgumentException.class, () -> new Laplace(config().build()).fit(m, threeInputs));
    }

    private LaplacePosterior roundTrip(LaplacePosterior p, String name) throws IOException {
        Path f = dir.resolve(name + ".bnn");
        PosteriorIO.save(p, f);
        Posterior loaded = PosteriorIO.load(f);
        LaplacePosterior q = assertInstanceOf(LaplacePosterior.class, loaded);
        assertArrayEquals(p.mapParameters(), q.mapParameters());
        assertArrayEquals(p.covarianceFactor(), q.covarianceFactor());
        for (long seed : new long[] {1, 2}) {
            PredictiveDistribution a = p.predict(TinyFits.testX(), 25, new SplittableRandom(seed));
            PredictiveDistribution b = q.predict(TinyFits.testX(), 25, new SplittableRandom(seed));
            assertArrayEquals(Arrays2.toDoubles(a.sampleMeans()), Arrays2.toDoubles(b.sampleMeans()));
            assertArrayEquals(Arrays2.toDoubles(a.sampleScales()), Arrays2.toDoubles(b.sampleScales()));
            assertArrayEquals(Arrays2.toDoubles(p.sampleParameters(5, new SplittableRandom(seed))),
                    Arrays2.toDoubles(q.sampleParameters(5, new SplittableRandom(seed))));
        }
        return q;
    }
}
