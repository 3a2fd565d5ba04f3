package org.bnn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bnn4j.inference.Posterior;
import org.bnn4j.inference.io.PosteriorIO;
import org.bnn4j.model.DegreesOfFreedom;
import org.bnn4j.model.HeteroskedasticGaussian;
import org.bnn4j.model.HeteroskedasticStudentT;
import org.bnn4j.model.HomoskedasticStudentT;
import org.bnn4j.model.NoiseModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --likelihood gaussian|student-t[:NU]} on {@code bnn fit}, {@code bnn clusters} and its parsing. */
class LikelihoodOptionTest {

    @Test
    void parsesTheFamilies() {
        NoiseModel noise = new NoiseModel.PointEstimate(0.1);
        assertInstanceOf(HeteroskedasticGaussian.class, LikelihoodChoice.parse("gaussian").likelihood(true, noise));
        assertEquals(new HeteroskedasticStudentT(new DegreesOfFreedom.Fixed(4)),
                LikelihoodChoice.parse("student-t:4").likelihood(true, noise));
        assertEquals(new HomoskedasticStudentT(noise, DegreesOfFreedom.learned()),
                LikelihoodChoice.parse("Student-T").likelihood(false, noise));
        for (String bad : new String[] {"cauchy", "student-t:", "student-t:-1", "student-t:x", "student-t:Infinity"}) {
            assertThrows(IllegalArgumentException.class, () -> LikelihoodChoice.parse(bad), bad);
        }
    }

    @Test
    void fitSavesAStudentTModelThatPredicts(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("t.csv");
        Files.writeString(train, "x,y\n0,0.1\n0.5,0.4\n1,0.9\n1.5,1.4\n2,9.1\n2.5,2.4\n3,2.9\n3.5,3.6\n");
        Path model = dir.resolve("t.bnn");
        CliRun fit = CliRun.run("fit", "--csv", train.toString(), "--target", "y", "--inference", "map",
                "--epochs", "200", "--hidden", "4", "--homoskedastic", "--likelihood", "student-t:4", "--save",
                model.toString());
        assertEquals(0, fit.exit(), fit.err());
        Posterior p = PosteriorIO.load(model);
        assertEquals(new HomoskedasticStudentT(new NoiseModel.PointEstimate(ClustersCommand.NOISE_INIT_SCALE),
                new DegreesOfFreedom.Fixed(4)), p.model().likelihood());
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "x\n1.0\n3.0\n");
        CliRun pr = CliRun.run("predict", "--model", model.toString(), "--csv", x.toString());
        assertEquals(0, pr.exit(), pr.err());
        assertEquals(3, pr.out().strip().lines().count(), pr.out());
    }

    @Test
    void clustersRunsWithAStudentTLikelihood(@TempDir Path dir) {
        CliRun r = CliRun.run("clusters", "--inference", "map", "--epochs", "200", "--likelihood", "student-t:5",
                "--no-plots", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(dir.resolve("metrics.json")));
    }

    @Test
    void aBadLikelihoodGivesExitCode2AndOneLine(@TempDir Path dir) {
        CliRun r = CliRun.run("clusters", "--likelihood", "student-t:0", "--out", dir.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("student-t"), r.err());
    }
}
