package org.bnn4j.inference.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.bnn4j.data.Dataset;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.io.LikelihoodCodec;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.inference.optim.MaximumAPosteriori;
import org.bnn4j.inference.optim.OptimizerConfig;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.model.Likelihood;
import org.bnn4j.model.NormalPrior;
import org.bnn4j.nn.FeedForwardNetwork;
import org.bnn4j.nn.NetworkSpec;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.NoiseDistribution;
import org.bnn4j.predictive.PredictiveDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user guide's "Adding a likelihood" code: every java block of that section appears in this file (line by line,
 * indentation aside), so it compiles here, and the test runs it: a Laplace-noise likelihood fitted by MAP, predicted,
 * saved and loaded through its codec.
 */
class CustomLikelihoodGuideTest {

    // guide:begin types
    /** Z ~ Laplace(0, 1), density exp(-|z|) / 2: the noise of a least-absolute-deviations fit. */
    record LaplaceNoise() implements NoiseDistribution {
        public String name() { return "laplace"; }
        public double logDensity(double z) { return -Math.abs(z) - Math.log(2); }
        public double score(double z) { return -Math.signum(z); }
        public double cdf(double z) { return z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z); }
        public double quantile(double p) { return p < 0.5 ? Math.log(2 * p) : -Math.log(2 - 2 * p); }
        public double variance() { return 2; }
        public double sample(RandomGenerator rng) {
            double e = -Math.log(1 - rng.nextDouble()); // Exponential(1)
            return rng.nextBoolean() ? e : -e;
        }
        // crps and the Fisher information default to quadrature; override them with closed forms where known
    }

    /** y = mean + b Z with Z ~ Laplace(0, 1) and one fixed scale b for all points. */
    record LaplaceLikelihood(double b) implements Likelihood {
        public boolean heteroskedastic() { return false; }
        public NoiseDistribution noise(double[] theta, int off) { return new LaplaceNoise(); }
        public double noiseScale(double[] theta, int off) { return b; }
        public double logLikelihood(double[] mean, double[] scale, int o0, int n, int d, double[] y,
                                    double[] theta, int xOff, double factor, double[] gMean, double[] gScale,
                                    double[] grad, int gOff) {
            double sum = 0;
            for (int k = 0; k < n * d; k++) {
                double z = (y[k] - mean[o0 + k]) / b;
                sum += -Math.abs(z) - Math.log(2 * b);
                if (gMean != null) {
                    gMean[o0 + k] = factor * Math.signum(z) / b; // d/d mean
                }
            }
            return factor * sum;
        }
    }

    /** Saves and loads the likelihood under the type name "laplace". */
    static final class LaplaceLikelihoodCodec implements LikelihoodCodec<LaplaceLikelihood> {
        public String typeName() { return "laplace"; }
        public Class<LaplaceLikelihood> type() { return LaplaceLikelihood.class; }
        public Map<String, Object> settings(LaplaceLikelihood l) { return Map.of("scale", l.b()); }
        public LaplaceLikelihood decode(LikelihoodCodec.Settings s) { return new LaplaceLikelihood(s.number("scale")); }
    }
    // guide:end

    @TempDir
    Path dir;

    @Test
    void theGuidesLikelihoodFitsPredictsAndRoundTrips() throws Exception {
        Dataset data = TinyFits.data(4);
        Path file = dir.resolve("laplace.bnn");
        // guide:begin use
        BayesianModel model = new BayesianModel(new FeedForwardNetwork(NetworkSpec.builder(2, 1).hidden(8)
                .heteroskedastic(false).build()), new NormalPrior(1), new LaplaceLikelihood(0.3));
        Posterior post = new MaximumAPosteriori(OptimizerConfig.defaults()).fit(model, data);
        PredictiveDistribution pred = post.predict(TinyFits.testX(), 1, new SplittableRandom(1));
        PosteriorIO.register(new LaplaceLikelihoodCodec()); // once, before saving or loading such models
        PosteriorIO.save(post, file);
        // guide:end
        // the aleatoric variance is the noise's variance times b^2 (times the target variance of the standardiser)
        double ratio = pred.aleatoricVariance().getDouble(0, 0) / (2 * 0.3 * 0.3);
        assertEquals(ratio, post.predict(TinyFits.testX(), 1, new SplittableRandom(1)).aleatoricVariance()
                .getDouble(4, 0) / (2 * 0.3 * 0.3), 1e-12 * ratio);
        // the quadrature defaults of NoiseDistribution for this noise: Fisher of the location E[score^2] = 1, of
        // the scale E[(1 - |z|)^2] = 1 - 2 E|z| + E z^2 = 1, CRPS at 0 = E|Z| - E|Z - Z'|/2 = 1 - 3/4 = 1/4
        // (quadrature relative error ~1e-9, 1e-8 allowed)
        assertEquals(1.0, new LaplaceNoise().fisherLocation(), 1e-8);
        assertEquals(1.0, new LaplaceNoise().fisherScale(), 1e-8);
        assertEquals(0.25, new LaplaceNoise().crps(0.0), 1e-8);
        Posterior back = PosteriorIO.load(file);
        assertEquals(new LaplaceLikelihood(0.3), back.model().likelihood());
        PredictiveDistribution again = back.predict(TinyFits.testX(), 1, new SplittableRandom(1));
        assertEquals(pred.noise(0), again.noise(0));
        assertEquals(Arrays2.toDoubles(pred.mean())[2], Arrays2.toDoubles(again.mean())[2], 0.0);
    }

    /** Each java block of the guide's "Adding a likelihood" section is a contiguous run of lines of this file. */
    @Test
    void theGuideShowsThisCode() throws Exception {
        String guide = Files.readString(Path.of("../docs/user-guide.md"));
        int from = guide.indexOf("### Adding a likelihood");
        assertTrue(from >= 0, "docs/user-guide.md has no '### Adding a likelihood' section");
        int to = guide.indexOf("\n#", from + 5);
        String section = guide.substring(from, to < 0 ? guide.length() : to);
        List<String> source = strip(Files.readString(Path.of(
                "src/test/java/org/bnn4j/inference/robust/CustomLikelihoodGuideTest.java")));
        List<List<String>> blocks = new ArrayList<>();
        for (String part : section.split("```java\n")) {
            if (blocks.isEmpty() && !section.startsWith("```java")) {
                blocks.add(null); // text before the first block
                continue;
            }
            blocks.add(strip(part.substring(0, part.indexOf("```"))));
        }
        blocks.remove(0);
        assertFalse(blocks.isEmpty(), "no java block in the section");
        for (List<String> block : blocks) {
            assertTrue(java.util.Collections.indexOfSubList(source, block) >= 0,
                    "the guide's block is not in this test:\n" + String.join("\n", block));
        }
    }

    private static List<String> strip(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }
}
