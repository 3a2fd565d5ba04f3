package org.bnn4j.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's consumer path cannot drift from the code: the consumer integration test (src/it/consumer, run by
 * maven-invoker-plugin in {@code mvn verify}) declares exactly the README's dependency snippet (lines compared with
 * leading and trailing blanks stripped, as the copy is indented) and builds the README's Java example taken from
 * README.md itself; here, in every {@code mvn test}, the same example is compiled and run against this module's
 * class path.
 */
class ReadmeConsumerSyncTest {

    private static final Path README = Path.of("../README.md");
    private static final Path CONSUMER = Path.of("src/it/consumer");

    @Test
    void consumerPomDeclaresTheReadmeSnippet() throws IOException {
        List<String> readme = fenced(Files.readString(README), "```xml");
        List<String> pom = between(Files.readString(CONSUMER.resolve("pom.xml")), "<!-- README snippet begins -->",
                "<!-- README snippet ends -->");
        // the consumer takes the version being built (filtered by the invoker); the README shows it literally
        List<String> expected = readme.stream().map(l -> l.replaceAll("<version>[^<]*SNAPSHOT</version>",
                "<version>@project.version@</version>")).toList();
        assertEquals(expected, pom);
    }

    @Test
    void readmeJavaExampleCompilesAndRunsAsWritten(@TempDir Path tmp) throws Exception {
        String code = fencedText(Files.readString(README), "```java");
        Matcher name = Pattern.compile("public\\s+class\\s+(\\w+)").matcher(code);
        assertTrue(name.find(), "the README example declares no public class");
        Path src = tmp.resolve(name.group(1) + ".java");
        Files.writeString(src, code);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null, List.of("-classpath", System.getProperty("java.class.path"),
                "-d", tmp.toString(), "-Xlint:all"), null, javac.getStandardFileManager(null, null, null)
                .getJavaFileObjects(src)).call();
        assertTrue(ok, "the README example does not compile:\n" + diagnostics);
        assertEquals("", diagnostics.toString(), "the README example compiles with warnings");
        PrintStream stdout = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (URLClassLoader cl = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            cl.loadClass(name.group(1)).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(11, lines.size(), lines.toString()); // grid points 0, 190, ..., 1900 of 1901
        for (String l : lines) {
            assertTrue(l.matches("x +-?\\d+\\.\\d+ +mean +-?\\d+\\.\\d+ +aleatoric std \\d+\\.\\d+ +epistemic std "
                    + "\\d+\\.\\d+"), l);
        }
    }

    /** The text of the first fenced block opened by {@code fence}, as written. */
    private static String fencedText(String text, String fence) {
        int a = text.indexOf(fence + "\n");
        assertFalse(a < 0, "README.md has no " + fence + " block");
        return text.substring(a + fence.length() + 1, text.indexOf("```", a + fence.length()));
    }

    /** Stripped, non-blank lines of the first fenced block opened by {@code fence}. */
    private static List<String> fenced(String text, String fence) {
        int a = text.indexOf(fence + "\n");
        assertFalse(a < 0, "README.md has no " + fence + " block");
        int b = text.indexOf("```", a + fence.length());
        return lines(text.substring(a + fence.length() + 1, b));
    }

    private static List<String> between(String text, String begin, String end) {
        int a = text.indexOf(begin);
        int b = text.indexOf(end);
        assertFalse(a < 0 || b < a, "markers " + begin + " / " + end + " not found");
        return lines(text.substring(a + begin.length(), b));
    }

    private static List<String> lines(String s) {
        return s.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
