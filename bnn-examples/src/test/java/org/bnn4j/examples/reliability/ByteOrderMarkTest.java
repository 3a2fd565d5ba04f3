package org.bnn4j.examples.reliability;

import static org.bnn4j.examples.reliability.Replay.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bnn4j.examples.cli.CliRun;
import org.bnn4j.inference.io.PosteriorIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A UTF-8 byte-order mark (Excel's "CSV UTF-8") is not part of the first column name: {@code --target y} finds y in
 * the first column, and a model fitted from a file with the mark predicts on the same data without it, and the other
 * way round.
 */
class ByteOrderMarkTest {

    @TempDir
    Path dir;

    @Test
    void theMarkIsNotPartOfTheFirstColumnName() throws IOException {
        Path plain = Replay.trainCsv(dir);
        String text = Files.readString(plain);
        String yFirst = text.lines().map(l -> {
            String[] c = l.split(",");
            return c[2] + "," + c[0] + "," + c[1];
        }).reduce("", (a, l) -> a + l + "\n");
        Path plainYFirst = dir.resolve("y-first.csv");
        Files.writeString(plainYFirst, yFirst);
        Path bomYFirst = dir.resolve("bom-y-first.csv");
        Files.writeString(bomYFirst, "\uFEFF" + yFirst, StandardCharsets.UTF_8);

        Path fromBom = dir.resolve("bom.bnn");
        CliRun fit = run("fit", "--csv", bomYFirst.toString(), "--target", "y", "--epochs", "20", "--hidden", "4",
                "--quiet", "--save", fromBom.toString());
        assertEquals(0, fit.exit(), fit.err());
        assertEquals(java.util.List.of("y"), PosteriorIO.read(fromBom).attributes().get("targets"));
        CliRun p = run("predict", "--model", fromBom.toString(), "--csv", plain.toString());
        assertEquals(0, p.exit(), p.err());

        Path fromPlain = Replay.model(plain, dir.resolve("plain.bnn"), 1);
        CliRun q = run("predict", "--model", fromPlain.toString(), "--csv", bomYFirst.toString());
        assertEquals(0, q.exit(), q.err());
        assertEquals(61, q.out().lines().count());
    }
}
