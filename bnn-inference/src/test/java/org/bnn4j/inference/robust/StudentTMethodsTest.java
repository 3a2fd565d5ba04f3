package org.bnn4j.inference.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.InferenceMethod;
import org.bnn4j.inference.McmcInference;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.mcmc.Algorithm;
import org.bnn4j.inference.mcmc.McmcConfig;
import org.bnn4j.inference.svi.Guide;
import org.bnn4j.inference.svi.Svi;
import org.bnn4j.inference.svi.SviConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.DegreesOfFreedom;
import org.bnn4j.model.HeteroskedasticStudentT;
import org.bnn4j.model.HomoskedasticStudentT;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.NoiseModel;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.bnn4j.predictive.StudentTNoise;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every inference method fits a Student-t model (homo- and heteroskedastic, fixed and learned nu), predicts with
 * Student-t components, and its posterior survives a save/load round trip bit for bit (the likelihood is stored by
 * its type name).
 */
class StudentTMethodsTest {

    @TempDir
    Path dir;

    private static BayesianModel hetero(DegreesOfFreedom nu) {
        return new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(2, 1).hidden(8).build()),
                new NormalPrior(1), new HeteroskedasticStudentT(nu));
    }

    private static BayesianModel homo(NoiseModel noise, DegreesOfFreedom nu) {
        return new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(2, 1).hidden(8).heteroskedastic(false)
                .build()), new NormalPrior(1), new HomoskedasticStudentT(noise, nu));
    }

    private static InferenceMethod method(String name) {
        return switch (name) {
            case "svi-lowrank" -> new Svi(SviConfig.defaults().toBuilder().epochs(40).particles(2).seed(5)
                    .guide(Guide.lowRank(2)).build());
            case "hmc" -> new McmcInference(McmcConfig.builder().algorithm(Algorithm.HMC).numWarmup(20)
                    .numSamples(10).numChains(1).numLeapfrogSteps(5).seed(5).build());
            default -> TinyFits.method(name, 5);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"mle", "map", "svi", "svi-lowrank", "nuts", "hmc", "laplace", "ensemble"})
    void everyMethodFitsPredictsAndRoundTripsStudentT(String name) throws Exception {
        Dataset data = TinyFits.data(3);
        for (BayesianModel model : new BayesianModel[] {
            hetero(new DegreesOfFreedom.Fixed(3)),
            hetero(DegreesOfFreedom.learned()),
            homo(new NoiseModel.PointEstimate(0.3), DegreesOfFreedom.learned()),
            homo(new NoiseModel.LogNormalPrior(Math.log(0.3), 1, 0.3), new DegreesOfFreedom.Fixed(4))}) {
            Posterior post = method(name).fit(model, data);
            PredictiveDistribution pd = post.predict(TinyFits.testX(), 20, new SplittableRandom(7));
            for (int s = 0; s < pd.numSamples(); s++) {
                StudentTNoise t = assertInstanceOf(StudentTNoise.class, pd.noise(s), name + " " + model.likelihood());
                assertTrue(t.nu() > 0 && Double.isFinite(t.nu()));
            }
            for (double v : Arrays2.toDoubles(pd.mean())) {
                assertTrue(Double.isFinite(v), name + ": non-finite predictive mean");
            }
            Likelihood lik = model.likelihood();
            Path file = dir.resolve(name + "-" + Math.abs(lik.hashCode()) + ".bnn");
            PosteriorIO.save(post, file);
            Posterior back = PosteriorIO.load(file);
            assertEquals(lik, back.model().likelihood());
            PredictiveDistribution pb = back.predict(TinyFits.testX(), 20, new SplittableRandom(7));
            assertArrayEquals(Arrays2.toDoubles(pd.sampleMeans()), Arrays2.toDoubles(pb.sampleMeans()), 0.0);
            assertArrayEquals(Arrays2.toDoubles(pd.sampleScales()), Arrays2.toDoubles(pb.sampleScales()), 0.0);
            for (int s = 0; s < pd.numSamples(); s++) {
                assertEquals(pd.noise(s), pb.noise(s));
            }
            Files.delete(file);
        }
    }
}
