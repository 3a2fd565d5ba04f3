package org.bnn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --inference ensemble} in {@code bnn clusters}, {@code bnn fit} and {@code bnn predict}. */
class EnsembleCommandsTest {

    @TempDir
    Path dir;

    @Test
    void clustersWritesTheEnsemblesDiagnostics() throws IOException {
        CliRun r = CliRun.run("clusters", "--inference", "ensemble", "--members", "3", "--epochs", "300",
                "--no-plots", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertEquals("ensemble", m.get("inference").asText());
        assertEquals(PriorChoice.ENSEMBLE_DEMO.toString(), m.get("prior").asText());
        JsonNode d = m.get("diagnostics");
        assertEquals("ensemble", d.get("method").asText());
        assertEquals(3, d.get("members").asInt());
        assertEquals(3, d.get("memberFinalLoss").size());
        assertEquals(300, d.get("memberEpochs").get(0).asInt());
        assertTrue(m.get("regions").get("gap").get("epistemicStd").asDouble() > 0, m.toString());
    }

    @Test
    void fitThenPredictAnAnchoredEnsemble() throws IOException {
        SplittableRandom rng = new SplittableRandom(2);
        StringBuilder sb = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 60; i++) {
            double a = 4 * rng.nextDouble() - 2;
            double b = 4 * rng.nextDouble() - 2;
            sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f%n", a, b, Math.sin(a) + 0.5 * b + 0.1 * rng.nextGaussian()));
        }
        Path train = dir.resolve("train.csv");
        Files.writeString(train, sb.toString());
        Path model = dir.resolve("ens.bnn");
        CliRun fit = CliRun.run("fit", "--csv", train.toString(), "--target", "y", "--inference", "ensemble",
                "--members", "2", "--anchored", "--holdout", "0.2", "--epochs", "60", "--hidden", "8", "--save",
                model.toString());
        assertEquals(0, fit.exit(), fit.err());
        CliRun info = CliRun.run("info", "--model", model.toString(), "--json");
        assertEquals(0, info.exit(), info.err());
        JsonNode config = new ObjectMapper().readTree(info.out()).findValue("holdout");
        assertTrue(config != null && config.asDouble() == 0.2, "--holdout reaches the saved configuration: " + info.out());
        assertTrue(fit.out().contains("fitted ensemble on 60 rows"), fit.out());
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "x1,x2\n0,0\n1,-1\n");
        Path pred = dir.resolve("pred.csv");
        CliRun p = CliRun.run("predict", "--model", model.toString(), "--csv", x.toString(), "--out", pred.toString());
        assertEquals(0, p.exit(), p.err());
        List<String> lines = Files.readAllLines(pred);
        assertEquals(3, lines.size(), lines.toString());
        String[] header = lines.get(0).split(",");
        int epi = List.of(header).indexOf("y_epistemic_std");
        assertTrue(epi >= 0, lines.get(0));
        for (String line : lines.subList(1, 3)) {
            assertTrue(Double.parseDouble(line.split(",")[epi]) > 0, "two different members: " + line);
        }
    }

    @Test
    void bnnFitsDefaultEnsembleHoldsRowsOutAndZeroFitsEveryRow() throws IOException {
        // the default ensemble of bnn fit stops each member early on 10 % of its rows (FitCommand.DEFAULT_HOLDOUT);
        // --holdout 0 restores members fitted on every row; other methods are not given a holdout
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < 40; i++) {
            double a = 4 * rng.nextDouble() - 2;
            sb.append(String.format(Locale.ROOT, "%.6f,%.6f%n", a, Math.sin(a) + 0.1 * rng.nextGaussian()));
        }
        Path train = dir.resolve("d.csv");
        Files.writeString(train, sb.toString());
        for (String[] c : new String[][] {{"", "0.1"}, {"0", "0.0"}}) {
            Path model = dir.resolve("m" + c[1] + ".bnn");
            List<String> args = new java.util.ArrayList<>(List.of("fit", "--csv", train.toString(), "--target", "y",
                    "--members", "2", "--epochs", "40", "--hidden", "4", "--save", model.toString()));
            if (!c[0].isEmpty()) {
                args.addAll(List.of("--holdout", c[0]));
            }
            CliRun fit = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, fit.exit(), fit.err());
            CliRun info = CliRun.run("info", "--model", model.toString(), "--json");
            JsonNode holdout = new ObjectMapper().readTree(info.out()).findValue("holdout");
            assertTrue(holdout != null && holdout.asDouble() == Double.parseDouble(c[1]), info.out());
        }
        CliRun map = CliRun.run("fit", "--csv", train.toString(), "--target", "y", "--inference", "map", "--epochs",
                "20", "--hidden", "4", "--save", dir.resolve("map.bnn").toString());
        assertEquals(0, map.exit(), "no ensemble setting is passed to other methods: " + map.err());
    }

    @Test
    void ensembleOptionsElsewhereAndBadValuesAreUsageErrors() {
        String[][] bad = {
            {"clusters", "--inference", "svi", "--members", "3", "--no-plots"},
            {"clusters", "--inference", "map", "--anchored", "--no-plots"},
            {"clusters", "--inference", "ensemble", "--members", "0", "--no-plots"},
            {"clusters", "--inference", "ensemble", "--particles", "2", "--no-plots"},
            {"clusters", "--inference", "ensemble", "--chains", "2", "--no-plots"},
            {"clusters", "--inference", "svi", "--holdout", "0.1", "--no-plots"},
            {"clusters", "--inference", "ensemble", "--holdout", "0.9", "--no-plots"},
        };
        for (String[] args : bad) {
            CliRun r = CliRun.run(args);
            assertEquals(BnnCommand.EXIT_USAGE, r.exit(), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.err().startsWith("bnn clusters: "), r.err());
        }
    }
}
