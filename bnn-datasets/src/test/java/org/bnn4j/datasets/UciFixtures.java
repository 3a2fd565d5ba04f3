package org.bnn4j.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * UCI folders for tests, shared with the other modules' tests through this module's test jar: the real benchmark
 * folders ({@link #sharedDir()}) and a tiny synthetic one in the same layout ({@link #writeSynthetic}).
 *
 * <pre>{@code
 * Path dir = UciFixtures.writeSynthetic(tmp, "toy", 1.0);
 * UciDataset d = UciDataset.load(dir); // 40 rows, features 0 and 2, target 3, 3 splits of 36 / 4
 * }</pre>
 */
public final class UciFixtures {

    /** Rows of the synthetic folder. */
    public static final int ROWS = 40;
    /** Splits of the synthetic folder. */
    public static final int SPLITS = 3;
    /** Test rows of each synthetic split (the other {@code ROWS - TEST_ROWS} train). */
    public static final int TEST_ROWS = 4;

    private UciFixtures() {
    }

    /**
     * The shared UCI folder: system property {@code bnn.uci.dir} if set (then it must exist), else
     * {@code ../../shared/data/uci} relative to the module directory, else the first {@code shared/data/uci} found
     * walking up from the working directory; null if none exists (tests then skip).
     *
     * @return the folder holding the UCI dataset folders, or null
     */
    public static Path sharedDir() {
        String prop = System.getProperty("bnn.uci.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        Path def = Path.of("../../shared/data/uci");
        if (Files.isDirectory(def)) {
            return def;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/data/uci");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Writes {@code root/name} in the UCI layout: {@link #ROWS} tab-separated rows of (x1, unused, x2, y) with
     * {@code y = (3 x1 - 2 x2 + 0.3 eps) yScale}, x uniform on [-2, 2] (seed 7); features 0 and 2, target 3;
     * {@link #SPLITS} random splits of {@code ROWS - TEST_ROWS} training and {@link #TEST_ROWS} test rows.
     *
     * @param root   the parent folder
     * @param name   the dataset's folder name
     * @param yScale factor on the target
     * @return the dataset's folder
     * @throws IOException if a file cannot be written
     */
    public static Path writeSynthetic(Path root, String name, double yScale) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        SplittableRandom rng = new SplittableRandom(7);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            double x1 = rng.nextDouble(-2, 2);
            double x2 = rng.nextDouble(-2, 2);
            double y = (3 * x1 - 2 * x2 + 0.3 * rng.nextGaussian()) * yScale;
            lines.add(String.format(Locale.ROOT, "%.17g\t%.3f\t%.17g\t%.17g", x1, 99.0, x2, y));
        }
        Files.write(dir.resolve("data.txt"), lines);
        Files.writeString(dir.resolve("index_features.txt"), "0\n2\n");
        Files.writeString(dir.resolve("index_target.txt"), "3\n");
        Files.writeString(dir.resolve("n_splits.txt"), SPLITS + "\n");
        for (int s = 0; s < SPLITS; s++) {
            int[] perm = IntStream.range(0, ROWS).toArray();
            for (int i = ROWS - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            Files.writeString(dir.resolve("index_train_" + s + ".txt"), join(perm, 0, ROWS - TEST_ROWS));
            Files.writeString(dir.resolve("index_test_" + s + ".txt"), join(perm, ROWS - TEST_ROWS, ROWS));
        }
        return dir;
    }

    private static String join(int[] a, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> Integer.toString(a[i])).collect(Collectors.joining("\n")) + "\n";
    }
}
