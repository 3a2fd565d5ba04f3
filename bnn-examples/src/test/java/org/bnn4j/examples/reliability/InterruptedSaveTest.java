package org.bnn4j.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM or Ctrl-C (SIGINT) during a save leaves the previous file as it was and no hidden partial temporary file
 * beside it.
 */
class InterruptedSaveTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalDuringASaveLeavesTheOldFileAndNoTemporaryFile(String signal) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")),
                "needs kill(1) to send " + signal);
        assumeFalse("INT".equals(signal) && interruptIgnored(),
                "SIGINT is ignored by this JVM (started as a background job of a non-interactive shell), so a child "
                        + "inherits that and cannot be interrupted");
        Path target = dir.resolve("model.bnn");
        Files.writeString(target, "the previous model");
        Process p = new ProcessBuilder(Replay.javaCommand(SlowSave.class.getName(), target.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("writing", out.readLine());
            assertEquals(2, names().size(), "the save in progress has its temporary file: " + names());
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM exits on SIG" + signal);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of("model.bnn"), names(), "no temporary file left after SIG" + signal);
        assertEquals("the previous model", Files.readString(target));
    }

    /**
     * @return whether this process ignores SIGINT (bit 1 of {@code SigIgn} in {@code /proc/self/status}), as every
     *         background job of a non-interactive shell does; a child process inherits the disposition
     */
    private static boolean interruptIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2L) != 0;
            }
        }
        return false;
    }
}
