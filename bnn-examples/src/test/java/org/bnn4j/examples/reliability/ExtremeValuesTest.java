package org.bnn4j.examples.reliability;

import static org.bnn4j.examples.reliability.Replay.assertOneLineUsage;
import static org.bnn4j.examples.reliability.Replay.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bnn4j.examples.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Columns of extreme magnitude: a feature of any finite size fits and the saved model predicts (its standard
 * deviation used to overflow to Infinity, so fit saved a file predict called corrupted, or the fit failed with an
 * IllegalArgumentException); a target whose predictive variances would leave double precision is refused at fit time
 * with exit code 2 and no file.
 */
class ExtremeValuesTest {

    @TempDir
    Path dir;

    /** 60 rows of x1, x2, y with x1 scaled by {@code x1Scale} and y by {@code yScale}. */
    private Path csv(String name, double x1Scale, double yScale) throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        StringBuilder sb = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 60; i++) {
            double a = 4 * r.nextDouble() - 2;
            double b = 4 * r.nextDouble() - 2;
            sb.append(String.format(Locale.ROOT, "%s,%s,%s%n", a * x1Scale, b, (a + 0.5 * b) * yScale));
        }
        Path f = dir.resolve(name);
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void hugeAndTinyFeaturesFitAndTheSavedModelPredicts() throws IOException {
        for (double scale : new double[] {1e155, 1e300, 1e-165, 1e-320}) {
            Path data = csv("x" + scale + ".csv", scale, 1);
            Path model = dir.resolve("x" + scale + ".bnn");
            CliRun fit = run("fit", "--csv", data.toString(), "--target", "y", "--epochs", "30", "--hidden", "8",
                    "--quiet", "--save", model.toString());
            assertEquals(0, fit.exit(), scale + ": " + fit.err());
            CliRun p = run("predict", "--model", model.toString(), "--csv", data.toString());
            assertEquals(0, p.exit(), scale + ": " + p.err());
            for (String line : p.out().lines().skip(1).toList()) {
                for (String cell : line.split(",")) {
                    assertTrue(Double.isFinite(Double.parseDouble(cell)), scale + ": " + line);
                }
            }
        }
    }

    @Test
    void targetsWhoseVariancesLeaveDoublePrecisionAreRefusedAtFitTime() throws IOException {
        for (double scale : new double[] {1e155, 1e-165}) {
            Path data = csv("y" + scale + ".csv", 1, scale);
            Path model = dir.resolve("y" + scale + ".bnn");
            assertOneLineUsage(run("fit", "--csv", data.toString(), "--target", "y", "--quiet", "--save",
                    model.toString()), "target column 'y'", "standard deviation", "rescale the column");
            assertFalse(Files.exists(model));
        }
    }
}
