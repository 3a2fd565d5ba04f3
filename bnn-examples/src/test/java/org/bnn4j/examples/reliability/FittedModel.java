package org.bnn4j.examples.reliability;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state most replays start from: in a fresh folder, {@code train.csv}, {@code test.csv} and {@code m.bnn}, a small
 * model fitted from them by {@code bnn fit}. Each test class gets its own folder.
 */
abstract class FittedModel {

    @TempDir
    static Path dir;
    static Path train;
    static Path test;
    static Path model;

    @BeforeAll
    static void fitModel() throws IOException {
        train = Replay.trainCsv(dir);
        test = Replay.testCsv(dir);
        model = Replay.model(train, dir.resolve("m.bnn"), 1);
    }
}
