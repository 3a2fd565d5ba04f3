package org.bnn4j.examples.uci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The consumer integration test (src/it/consumer, run by maven-invoker-plugin in {@code mvn verify}) must use
 * exactly the README's dependency snippet and Java example, so editing one without the other fails the build.
 * Lines are compared with leading and trailing blanks stripped (the copies are indented to fit their file).
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
    void consumerRunsTheReadmeExample() throws IOException {
        List<String> readme = fenced(Files.readString(README), "```java");
        List<String> example = between(
                Files.readString(CONSUMER.resolve("src/main/java/example/ReadmeExample.java")),
                "// README example begins", "// README example ends");
        assertEquals(readme, example);
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
