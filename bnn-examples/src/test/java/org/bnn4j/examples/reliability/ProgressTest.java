package org.bnn4j.examples.reliability;

import static org.bnn4j.examples.reliability.Replay.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bnn4j.examples.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress shows wherever stderr goes: a bar when stderr is a terminal (even with stdout redirected), plain lines
 * every 10% otherwise (logs, nohup, CI); {@code --quiet} silences it; {@code --metrics-log} writes every iteration as
 * JSON lines; the SVI progress shows the ELBO terms.
 */
class ProgressTest {

    @TempDir
    static Path dir;
    static Path train;

    @BeforeAll
    static void data() throws IOException {
        train = Replay.trainCsv(dir);
    }

    @Test
    void withoutATerminalFitPrintsAPlainLineEveryTenPercentWithTheElboTerms() {
        CliRun r = run("fit", "--csv", train.toString(), "--target", "y", "--inference", "svi", "--epochs", "200",
                "--hidden", "4", "--save", dir.resolve("a.bnn").toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.err().lines().toList();
        assertFalse(r.err().contains("\r"), "no carriage returns in a log: " + r.err());
        assertEquals(10, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("svi  10% 20/200 ") && lines.get(0).contains(" elbo ")
                && lines.get(0).contains("(nll ") && lines.get(0).contains(", kl "), lines.get(0));
        assertTrue(lines.get(9).startsWith("svi 100% 200/200 "), lines.get(9));
    }

    @Test
    void quietPrintsNoProgress() {
        CliRun r = run("fit", "--csv", train.toString(), "--target", "y", "--epochs", "50", "--hidden", "4",
                "--quiet", "--save", dir.resolve("b.bnn").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("saved "), r.out());
    }

    @Test
    void metricsLogOfFitAndClustersIsJsonLinesWrittenByJackson() throws IOException {
        Path log = dir.resolve("fit.jsonl");
        assertEquals(0, run("fit", "--csv", train.toString(), "--target", "y", "--inference", "svi", "--epochs", "40",
                "--hidden", "4", "--quiet", "--metrics-log", log.toString(), "--save", dir.resolve("c.bnn").toString()).exit());
        List<String> lines = Files.readAllLines(log);
        assertEquals(40, lines.size());
        ObjectMapper m = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode e = m.readTree(lines.get(i));
            assertEquals(i, e.get("iteration").asInt());
            assertEquals("svi", e.get("method").asText());
            assertEquals(e.get("elbo").asDouble(), -e.get("nll").asDouble() - e.get("kl").asDouble(),
                    1e-9 * Math.abs(e.get("elbo").asDouble()), "elbo = -(nll + kl)");
        }
        Path clog = dir.resolve("clusters.csv");
        CliRun c = run("clusters", "--inference", "map", "--epochs", "30", "--no-plots", "--quiet", "--metrics-log",
                clog.toString(), "--out", dir.resolve("cl").toString());
        assertEquals(0, c.exit(), c.err());
        List<String> rows = Files.readAllLines(clog);
        assertEquals("fit,method,chain,iteration,total,loss", rows.get(0));
        assertEquals(31, rows.size());
    }

    @Test
    void theBarIsDrawnWhenStderrIsATerminalEvenWithStdoutRedirected() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) to give the child a terminal");
        // script runs the child on a pseudo-terminal; its stdout is then sent to a file, as in 'bnn clusters > out.txt'
        Path out = dir.resolve("stdout.txt");
        String java = String.join(" ", Replay.javaCommand(PrintStderrTerminal.class.getName()).stream()
                .map(a -> "'" + a + "'").toList());
        Replay.Exited tty = Replay.exec(List.of("/usr/bin/script", "-qec", java + " > '" + out + "'", "/dev/null"),
                null);
        assertEquals(0, tty.exit(), tty.err());
        assertEquals("stderr is a terminal: true", Files.readString(out).strip());
        Replay.Exited pipe = Replay.exec(Replay.javaCommand(PrintStderrTerminal.class.getName()), null);
        assertEquals("stderr is a terminal: false", pipe.out().strip());
    }
}
