package org.bnn4j.inference.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes an output file so that no reader ever sees half of it and nothing else at the destination is damaged.
 *
 * <ul>
 *   <li>A regular file (or a new one) is replaced atomically: the bytes go to a temporary file beside it, are forced
 *       to disk, and the temporary file is renamed over the target. A write interrupted at any point leaves the old
 *       file (or none), never a partial one; a temporary file left by SIGTERM or Ctrl-C (SIGINT) is deleted by a
 *       shutdown hook (only {@code kill -9} can leave one behind).</li>
 *   <li>A symbolic link is followed (through any chain of links) and the file it points to is replaced, so the link
 *       stays a link and its target is updated.</li>
 *   <li>A FIFO, a device such as {@code /dev/null} or {@code /dev/stdout}, or any other existing file that is not a
 *       regular file is written through (opened and written in place, as the shell's {@code >} does); it is never
 *       replaced.</li>
 *   <li>A directory is refused.</li>
 *   <li>A new file gets the mode the process's umask gives ({@code 0666 & ~umask}, as {@code >} in a shell); a
 *       replaced file keeps its mode (and, where the process may set them, its owner and group).</li>
 * </ul>
 *
 * <pre>{@code
 * AtomicWrite.write(Path.of("out.csv"), out -> out.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));
 * }</pre>
 */
public final class AtomicWrite {

    /** The body of a write. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param out the stream to write to (closed by the caller)
         * @throws IOException on a write error
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /** How a destination is written. */
    enum Mode {
        /** Temporary file, fsync, rename over the (link-resolved) target. */
        REPLACE,
        /** Opened and written in place: FIFOs, devices, sockets. */
        WRITE_THROUGH,
        /** Refused. */
        DIRECTORY
    }

    /** Longest chain of symbolic links followed, as Linux's {@code MAXSYMLINKS}. */
    private static final int MAX_LINKS = 40;

    /** Temporary files being written; deleted by the shutdown hook if the JVM exits before they are renamed. */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicWrite::deletePending, "bnn4j-temp-file-cleanup"));
        } catch (IllegalStateException | SecurityException e) {
            // the JVM is already shutting down (or hooks are forbidden): nothing to register
        }
    }

    private AtomicWrite() {
    }

    /**
     * @param target the file to create or replace, or a FIFO or device to write to; the parent directories of a new
     *               file (or of a symbolic link's missing target) are created
     * @param body   writes the content
     * @throws IOException if the target is a directory, or the body, the directory creation or the rename fails
     *                     (the temporary file is then deleted and the target untouched)
     */
    public static void write(Path target, Body body) throws IOException {
        Objects.requireNonNull(target, "target must not be null");
        Objects.requireNonNull(body, "body must not be null");
        switch (modeFor(target)) {
            case DIRECTORY -> throw new FileSystemException(target.toString(), null,
                    "is a directory; pass a file name");
            case WRITE_THROUGH -> writeThrough(target, body);
            default -> replace(resolveLinks(target.toAbsolutePath()), body);
        }
    }

    /**
     * The file a {@link #write} to {@code target} creates or replaces: the end of its chain of symbolic links, as an
     * absolute path (for checking before a long computation that the destination is writable).
     *
     * @param target a destination
     * @return the absolute path written
     * @throws IOException if a link cannot be read or the chain loops
     */
    public static Path destination(Path target) throws IOException {
        return resolveLinks(Objects.requireNonNull(target, "target must not be null").toAbsolutePath());
    }

    /**
     * @param target a destination
     * @return how {@link #write} treats it (symbolic links followed)
     */
    static Mode modeFor(Path target) {
        if (Files.isDirectory(target)) {
            return Mode.DIRECTORY;
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            return Mode.WRITE_THROUGH;
        }
        return Mode.REPLACE;
    }

    /**
     * Follows a chain of symbolic links to the path it ends at, which may not exist yet.
     *
     * @param path an absolute path
     * @return the first path of the chain that is not a symbolic link
     * @throws FileSystemException if the chain is longer than {@value #MAX_LINKS} links (a loop)
     */
    static Path resolveLinks(Path path) throws IOException {
        Path p = path;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_LINKS) {
                throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
            }
            Path link = Files.readSymbolicLink(p);
            p = p.resolveSibling(link).normalize();
        }
        return p;
    }

    private static void writeThrough(Path target, Body body) throws IOException {
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
            body.writeTo(out);
            out.flush();
        }
    }

    private static void replace(Path real, Body body) throws IOException {
        Path dir = real.getParent();
        Files.createDirectories(dir);
        Path tmp = createTemp(dir, real.getFileName().toString());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
                keepAttributes(real, tmp); // after writing: a read-only mode would forbid the write
            }
            try {
                Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            PENDING.remove(tmp);
        }
    }

    /**
     * Creates an empty hidden temporary file with the umask's mode ({@code Files.createTempFile} would make it 0600),
     * registered for deletion at shutdown.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            PENDING.add(tmp);
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                PENDING.remove(tmp);
                if (attempt == 100) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                PENDING.remove(tmp);
                throw e;
            }
        }
    }

    /** Gives the temporary file the replaced file's mode, and its owner and group where the process may. */
    private static void keepAttributes(Path real, Path tmp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(real, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: the new file gets the file system's defaults
        }
        PosixFileAttributes a = view.readAttributes();
        Files.setPosixFilePermissions(tmp, a.permissions());
        PosixFileAttributeView t = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        try {
            if (!a.group().equals(t.readAttributes().group())) {
                t.setGroup(a.group());
            }
            if (!a.owner().equals(t.readAttributes().owner())) {
                t.setOwner(a.owner());
            }
        } catch (IOException | SecurityException e) {
            // only root may give a file away, and only a member may set its group: keep the writer's
        }
    }

    private static void deletePending() {
        for (Path p : PENDING) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException | RuntimeException e) {
                // best effort while the JVM exits
            }
        }
    }
}
