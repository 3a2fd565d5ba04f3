package org.bnn4j.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.UciFixtures;
import org.bnn4j.examples.cli.BnnCommand;
import org.bnn4j.examples.cli.CliRun;
import org.bnn4j.examples.cli.LikelihoodChoice;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.FitOptions;
import org.bnn4j.model.BayesianModel;
import org.bnn4j.nn.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bnn uci --auto-noise} (the default of the ensemble and the Laplace mixture, any method's on request): the noise model chosen on a carve of the training rows,
 * recorded, and refitted.
 */
class NoiseChoiceTest {

    private static BayesianModel model(boolean hetero) {
        return UciCommand.model(1, 16, Activation.RELU, hetero, UciInference.ENSEMBLE, LikelihoodChoice.GAUSSIAN);
    }

    private static NoiseChoice choice(long seed) {
        return new NoiseChoice(UciInference.ENSEMBLE.create(400, seed, new UciInference.Options(null, 3, false)),
                model(false), model(true), seed);
    }

    @Test
    void aNoiseThatGrowsTwentyFoldIsGivenANoiseHeadAndTheChoiceIsRefittedOnAllRows() {
        // y = x + eps with sd(eps) = 0.05 at x = -2 rising to 1.0 at x = 2: one scale is wrong by up to 20x on a
        // fifth of the rows either way, which costs the homoskedastic fit several tenths of a nat per carve row
        SplittableRandom rng = new SplittableRandom(5);
        int n = 400;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-2, 2);
            y[i] = x[i] + (0.05 + 0.95 * (x[i] + 2) / 4) * rng.nextGaussian();
        }
        NoiseChoice c = choice(3);
        Posterior p = c.fit(model(false), Dataset.of(x, y, n, 1, 1), FitOptions.defaults().withStandardize(true));
        assertEquals("heteroskedastic", c.lastChoice(), java.util.Arrays.toString(c.lastScores()));
        assertTrue(c.lastScores()[1] > c.lastScores()[0]);
        assertTrue(p.model().likelihood().heteroskedastic(), "the chosen model is the one refitted");
        assertEquals("auto", c.configuration().get("noise"));
    }

    @Test
    void theCommandRecordsEachSplitsChoiceAndRejectsConflictingOptions(@TempDir Path tmp) throws Exception {
        UciFixtures.writeSynthetic(tmp, "toy", 1.0);
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("uci", "--data-dir", tmp.toString(), "--dataset", "toy", "--inference", "ensemble",
                "--auto-noise", "--members", "2", "--epochs", "100", "--splits", "2", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("auto", m.get("noise").asText());
        JsonNode per = m.get("settings").get("noiseChoices");
        assertEquals(2, per.size(), m.toString());
        for (int i = 0; i < 2; i++) {
            assertEquals(i, per.get(i).get("index").asInt());
            String noise = per.get(i).get("noise").asText();
            assertTrue(noise.equals("homoskedastic") || noise.equals("heteroskedastic"), noise);
            boolean hetero = per.get(i).get("carveLlHeteroskedastic").asDouble()
                    > per.get(i).get("carveLlHomoskedastic").asDouble();
            assertEquals(hetero ? "heteroskedastic" : "homoskedastic", noise, "the higher carve LL wins");
        }
        String d = tmp.toString();
        // without --auto-noise the ensemble chooses too (its default); --homoskedastic keeps one scale
        Path plain = tmp.resolve("plain");
        CliRun q = CliRun.run("uci", "--data-dir", d, "--dataset", "toy", "--inference", "ensemble", "--members", "2",
                "--epochs", "100", "--splits", "1", "--out", plain.toString());
        assertEquals(0, q.exit(), q.err());
        assertEquals("auto", new ObjectMapper().readTree(plain.resolve("metrics.json").toFile()).get("noise").asText());
        Path homo = tmp.resolve("homo");
        CliRun h = CliRun.run("uci", "--data-dir", d, "--dataset", "toy", "--inference", "ensemble", "--members", "2",
                "--epochs", "100", "--splits", "1", "--homoskedastic", "--out", homo.toString());
        assertEquals(0, h.exit(), h.err());
        JsonNode hm = new ObjectMapper().readTree(homo.resolve("metrics.json").toFile());
        assertEquals("homoskedastic", hm.get("noise").asText());
        assertTrue(hm.get("settings").get("noiseChoices") == null, hm.toString());
        // the Laplace mixture chooses by default too; other methods keep one scale unless --auto-noise asks
        Path lap = tmp.resolve("laplace");
        CliRun l = CliRun.run("uci", "--data-dir", d, "--dataset", "toy", "--inference", "laplace", "--members", "2",
                "--epochs", "100", "--splits", "1", "--out", lap.toString());
        assertEquals(0, l.exit(), l.err());
        JsonNode lm = new ObjectMapper().readTree(lap.resolve("metrics.json").toFile());
        assertEquals("auto", lm.get("noise").asText());
        assertEquals(1, lm.get("settings").get("noiseChoices").size(), lm.toString());
        Path map = tmp.resolve("map");
        CliRun mp = CliRun.run("uci", "--data-dir", d, "--dataset", "toy", "--inference", "map", "--epochs", "100",
                "--splits", "1", "--out", map.toString());
        assertEquals(0, mp.exit(), mp.err());
        assertEquals("homoskedastic",
                new ObjectMapper().readTree(map.resolve("metrics.json").toFile()).get("noise").asText());
        Path mapAuto = tmp.resolve("map-auto");
        CliRun ma = CliRun.run("uci", "--data-dir", d, "--dataset", "toy", "--inference", "map", "--epochs", "100",
                "--splits", "1", "--auto-noise", "--out", mapAuto.toString());
        assertEquals(0, ma.exit(), ma.err());
        JsonNode mam = new ObjectMapper().readTree(mapAuto.resolve("metrics.json").toFile());
        assertEquals("auto", mam.get("noise").asText());
        assertEquals(1, mam.get("settings").get("noiseChoices").size(), mam.toString());
        for (String[] bad : new String[][] {
            {"uci", "--data-dir", d, "--dataset", "toy", "--inference", "svi", "--auto-noise", "--homoskedastic"},
            {"uci", "--data-dir", d, "--dataset", "toy", "--inference", "ensemble", "--auto-noise", "--heteroskedastic"},
        }) {
            CliRun b = CliRun.run(bad);
            assertEquals(BnnCommand.EXIT_USAGE, b.exit(), String.join(" ", bad) + " -> " + b.err());
            assertTrue(b.err().contains("--auto-noise"), b.err());
        }
    }
}
