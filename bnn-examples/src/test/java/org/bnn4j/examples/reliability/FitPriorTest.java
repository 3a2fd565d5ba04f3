package org.bnn4j.examples.reliability;

import static org.bnn4j.examples.reliability.Replay.assertOneLineUsage;
import static org.bnn4j.examples.reliability.Replay.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.bnn4j.examples.cli.CliRun;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.model.LayerwiseNormalPrior;
import org.bnn4j.model.NormalPrior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bnn fit --prior normal:S|layerwise:S}, as {@code bnn clusters} has it. */
class FitPriorTest {

    @TempDir
    Path dir;

    @Test
    void thePriorIsUsedAndSavedAndRefusedWhereItCannotApply() throws IOException {
        Path train = Replay.trainCsv(dir);
        Path m = dir.resolve("m.bnn");
        CliRun r = run("fit", "--csv", train.toString(), "--target", "y", "--epochs", "20", "--hidden", "4",
                "--prior", "layerwise:5", "--quiet", "--save", m.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(new LayerwiseNormalPrior(5), PosteriorIO.load(m).model().prior());
        assertEquals(0, run("fit", "--csv", train.toString(), "--target", "y", "--epochs", "20", "--hidden", "4",
                "--inference", "map", "--homoskedastic", "--prior", "normal:0.5", "--quiet", "--save",
                m.toString()).exit());
        assertEquals(new NormalPrior(0.5), PosteriorIO.load(m).model().prior());
        assertEquals(0, run("fit", "--csv", train.toString(), "--target", "y", "--epochs", "20", "--hidden", "4",
                "--quiet", "--save", m.toString()).exit());
        assertEquals(new NormalPrior(NormalPrior.DEFAULT_PRIOR_STD), PosteriorIO.load(m).model().prior());
        assertOneLineUsage(run("fit", "--csv", train.toString(), "--target", "y", "--inference", "mle", "--prior",
                "normal:1", "--save", m.toString()), "--prior does not apply to --inference mle");
        assertOneLineUsage(run("fit", "--csv", train.toString(), "--target", "y", "--prior", "cauchy:1", "--save",
                m.toString()), "--prior must be normal:S or layerwise:S");
    }
}
