package org.bnn4j.inference.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link AtomicWrite} does with each kind of destination, and the modes of what it writes. */
class AtomicWriteTest {

    @TempDir
    Path dir;

    private static void write(Path target, String text) throws IOException {
        AtomicWrite.write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return the directory's entries other than the given ones (e.g. a temporary file left behind) */
    private List<String> others(String... expected) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !List.of(expected).contains(n)).toList();
        }
    }

    @Test
    void regularFileIsReplacedAndNoTemporaryFileRemains() throws IOException {
        Path f = dir.resolve("a.txt");
        write(f, "one");
        write(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals(List.of(), others("a.txt"));
    }

    @Test
    void symbolicLinkChainStaysAndItsTargetIsUpdated() throws IOException {
        Path models = Files.createDirectory(dir.resolve("models"));
        Path v1 = models.resolve("v1.bnn");
        Files.writeString(v1, "old");
        Path mid = Files.createSymbolicLink(dir.resolve("mid.bnn"), Path.of("models/v1.bnn")); // relative link
        Path current = Files.createSymbolicLink(dir.resolve("current.bnn"), mid);
        write(current, "new");
        assertTrue(Files.isSymbolicLink(current) && Files.isSymbolicLink(mid));
        assertEquals("new", Files.readString(v1));
        assertEquals(v1.toAbsolutePath(), AtomicWrite.destination(current));
    }

    @Test
    void danglingLinkCreatesItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("out.csv"), dir.resolve("sub/real.csv"));
        write(link, "x");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("x", Files.readString(dir.resolve("sub/real.csv")));
    }

    @Test
    void linkLoopAndDirectoryAreRefused() throws IOException {
        Path a = dir.resolve("a");
        Files.createSymbolicLink(a, dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), a);
        FileSystemException loop = assertThrows(FileSystemException.class, () -> write(a, "x"));
        assertTrue(loop.getMessage().contains("too many levels of symbolic links"), loop.getMessage());
        FileSystemException d = assertThrows(FileSystemException.class, () -> write(dir, "x"));
        assertTrue(d.getMessage().contains("is a directory"), d.getMessage());
    }

    @Test
    void fifoIsWrittenThroughAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("ff");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        write(fifo, "through the pipe");
        assertEquals("through the pipe", reader.get(10, TimeUnit.SECONDS));
        assertEquals(AtomicWrite.Mode.WRITE_THROUGH, AtomicWrite.modeFor(fifo));
        assertFalse(Files.isRegularFile(fifo) || Files.isSymbolicLink(fifo), "still a FIFO");
        assertEquals(List.of(), others("ff"));
    }

    @Test
    void devicesAreWrittenThroughNeverReplaced() {
        // only the decision is checked on the system's devices: a test must never risk replacing /dev/null
        assumeTrue(Files.exists(Path.of("/dev/null")), "no /dev/null on this system");
        assertEquals(AtomicWrite.Mode.WRITE_THROUGH, AtomicWrite.modeFor(Path.of("/dev/null")));
        assertEquals(AtomicWrite.Mode.DIRECTORY, AtomicWrite.modeFor(Path.of("/dev")));
    }

    @Test
    void newFileGetsTheUmaskModeAndAReplacedFileKeepsItsMode() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "needs POSIX file modes");
        // Files.createFile applies the process umask to 0666, as the shell's '>' does: the mode to expect
        Path reference = Files.createFile(dir.resolve("reference"));
        Path f = dir.resolve("new.txt");
        write(f, "a");
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(f));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        write(f, "b");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        write(f, "c"); // a read-only file is replaced (as mv does) and stays read-only
        assertEquals("c", Files.readString(f));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void failingBodyLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("keep.txt");
        write(f, "old");
        assertThrows(IOException.class, () -> AtomicWrite.write(f, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of(), others("keep.txt"));
        assertArrayEquals("old".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(f));
    }
}
