package org.bnn4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared UCI folder as the other modules' tests do. */
public final class UciData {

    private UciData() {
    }

    /** @return the folder holding the UCI dataset folders, or null if absent (tests then skip) */
    public static Path dir() {
        String prop = System.getProperty("bnn.uci.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/data/uci");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        return null;
    }
}
