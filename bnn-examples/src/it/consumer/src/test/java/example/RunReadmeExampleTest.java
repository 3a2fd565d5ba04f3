package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's example (copied verbatim from README.md into src/main/java by prebuild.groovy) in the consumer's
 * test JVM and checks what it prints: 11 grid points, each with a finite mean and non-negative standard deviations.
 */
class RunReadmeExampleTest {

    private static final Pattern LINE = Pattern.compile(
            "x +(\\S+) +mean +(\\S+) +aleatoric std +(\\S+) +epistemic std +(\\S+)");

    @Test
    void readmeExampleRuns() throws Exception {
        Properties p = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/readme-example.properties")) {
            p.load(in);
        }
        Class<?> main = Class.forName(p.getProperty("mainClass"));
        PrintStream stdout = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            main.getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(11, lines.size(), lines.toString());
        for (String l : lines) {
            Matcher m = LINE.matcher(l.strip());
            assertTrue(m.matches(), l);
            for (int g = 1; g <= 4; g++) {
                double v = Double.parseDouble(m.group(g));
                assertTrue(Double.isFinite(v) && (g < 3 || v >= 0), l);
            }
        }
        System.out.println("README example OK: " + lines.size() + " lines, e.g. " + lines.get(0));
    }
}
