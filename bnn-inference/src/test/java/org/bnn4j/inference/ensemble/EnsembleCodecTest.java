package org.bnn4j.inference.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.io.PosteriorCodec;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.inference.robust.TinyFits;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.HomoskedasticGaussian;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** An ensemble saved with PosteriorIO loads as the same ensemble and predicts bit for bit the same. */
class EnsembleCodecTest {

    @TempDir
    Path dir;

    private static final Dataset DATA = TinyFits.data(3);

    @Test
    void heteroskedasticEnsembleRoundTripsBitForBit() throws IOException {
        EnsemblePosterior p = new DeepEnsemble(EnsembleConfig.builder().members(3).seed(2)
                .optimizer(OptimizerConfig.builder().epochs(40).build()).build()).fit(TinyFits.model(), DATA);
        Path f = dir.resolve("ens.bnn");
        PosteriorIO.save(p, f);
        Posterior q = PosteriorIO.load(f);
        EnsemblePosterior e = assertInstanceOf(EnsemblePosterior.class, q);
        assertEquals("ensemble", q.method());
        assertEquals(3, e.numMembers());
        for (int m = 0; m < 3; m++) {
            assertArrayEquals(p.members()[m], e.members()[m], 0.0);
        }
        assertEquals(p.diagnostics().summary(), q.diagnostics().summary());
        assertEquals(p.diagnostics().warnings(), q.diagnostics().warnings());
        assertEquals(p.standardizer(), q.standardizer());
        assertEquals(TinyFits.predictionDigest(p, 5), TinyFits.predictionDigest(q, 5));
        PredictiveDistribution a = p.predict(TinyFits.testX(), 10, new SplittableRandom(1));
        PredictiveDistribution b = q.predict(TinyFits.testX(), 10, new SplittableRandom(1));
        assertArrayEquals(Arrays2.toDoubles(a.epistemicVariance()), Arrays2.toDoubles(b.epistemicVariance()), 0.0);
        assertArrayEquals(Arrays2.toDoubles(a.aleatoricVariance()), Arrays2.toDoubles(b.aleatoricVariance()), 0.0);
    }

    @Test
    void anchoredEnsembleWithLearnedNoiseRoundTrips() throws IOException {
        NetworkSpec spec = NetworkSpec.builder(2, 1).hidden(4).heteroskedastic(false).build();
        BayesianModel model = new BayesianModel(new FeedForwardNetwork(spec), new NormalPrior(1),
                new HomoskedasticGaussian(new NoiseModel.LogNormalPrior(Math.log(0.1), 1, 0.1)));
        EnsemblePosterior p = new DeepEnsemble(EnsembleConfig.builder().members(2).anchored(true).seed(4)
                .optimizer(OptimizerConfig.builder().epochs(30).build()).build()).fit(model, DATA);
        Path f = dir.resolve("anchored.bnn");
        PosteriorIO.save(p, f);
        Posterior q = PosteriorIO.load(f);
        assertEquals(model.likelihood(), q.model().likelihood());
        assertEquals(true, q.diagnostics().summary().get("anchored"));
        assertEquals(TinyFits.predictionDigest(p, 5), TinyFits.predictionDigest(q, 5));
    }

    @Test
    void decodeRejectsAMembersArrayOfTheWrongShape() {
        BayesianModel model = TinyFits.model();
        PosteriorCodec.Input in = new PosteriorCodec.Input() {
            @Override
            public BayesianModel model() {
                return model;
            }

            @Override
            public String method() {
                return "ensemble";
            }

            @Override
            public org.bnn4j.data.Standardizer standardizer() {
                return null;
            }

            @Override
            public org.bnn4j.inference.Diagnostics diagnostics() {
                return new EnsembleDiagnostics(false, new int[0], java.util.List.of(), new int[0], java.util.List.of());
            }

            @Override
            public INDArray array(String name) {
                return Nd4j.zeros(2, model.numParams() + 1);
            }

            @Override
            public double[] vector(String name, long length) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Object setting(String name) {
                throw new IllegalArgumentException("setting " + name + " is missing");
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EnsembleCodec().decode(in));
        assertTrue(e.getMessage().contains("array members must have shape [M >= 1, " + model.numParams() + "]"),
                e.getMessage());
    }
}
