package org.bnn4j.examples.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bnn4j.examples.csv.BadInputException;
import org.bnn4j.examples.io.FileProblems;
import org.bnn4j.inference.internal.AtomicWrite;

/**
 * Checks of output paths made before any long work starts, so that a fit never runs for minutes only to fail at the
 * save: an output is not a directory (or, for a folder, not a file), is not one of the command's inputs (compared as
 * files, so a symbolic link or another spelling of an input counts), and its folder exists or can be created and is
 * writable. Each failure is a {@link BadInputException}: one line, exit code 2.
 */
public final class Outputs {

    private Outputs() {
    }

    /**
     * @param out    the output file (may not exist; a FIFO or device is written through)
     * @param option the option naming it, e.g. {@code --save}
     * @param inputs the command's input files by option (e.g. {@code --csv -> train.csv}); missing ones are skipped
     * @throws BadInputException if the output cannot be written or would overwrite an input
     */
    public static void requireFile(Path out, String option, Map<String, Path> inputs) {
        if (Files.isDirectory(out)) {
            throw new BadInputException(option + " " + out + " is a directory; pass a file name inside it");
        }
        if (Files.exists(out) && !Files.isRegularFile(out)) {
            // a FIFO or device is written through, which destroys no input (and /dev/stdout may be the same
            // terminal as /dev/stdin)
            if (!Files.isWritable(out)) {
                throw new BadInputException(option + " " + out + ": permission denied; pass a writable file");
            }
            return;
        }
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            if (in.getValue() != null && sameFile(out, in.getValue())) {
                throw new BadInputException(option + " " + out + " is the same file as " + in.getKey() + " "
                        + in.getValue() + ", which this command reads; pass another " + option + " file");
            }
        }
        Path dest;
        try {
            dest = AtomicWrite.destination(out);
        } catch (IOException e) {
            throw new BadInputException(option + " " + out + ": " + FileProblems.reason(e) + "; pass another file", e);
        }
        requireWritableFolder(dest.getParent(), option, out);
    }

    /**
     * @param dir    the output folder (created later if missing)
     * @param option the option naming it, e.g. {@code --out}
     * @throws BadInputException if it is an existing file, or it cannot be created or written
     */
    public static void requireFolder(Path dir, String option) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException(option + " " + dir + " is a file, not a folder; pass a folder name (it is "
                    + "created if missing)");
        }
        requireWritableFolder(dir.toAbsolutePath(), option, dir);
    }

    /** The nearest existing folder on the way to {@code dir} must be a folder that accepts a new file. */
    private static void requireWritableFolder(Path dir, String option, Path given) {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return; // nothing exists up to the root: the write will report its own error
        }
        if (!Files.isDirectory(p)) {
            throw new BadInputException(option + " " + given + " cannot be created: " + p + " is a file, not a "
                    + "folder; pass a path in an existing or new folder");
        }
        try {
            Files.delete(Files.createTempFile(p, ".bnn-write-check", ".tmp"));
        } catch (AccessDeniedException e) {
            throw new BadInputException(option + " " + given + " cannot be written: permission denied in folder " + p
                    + "; pass a path in a writable folder", e);
        } catch (IOException e) {
            throw new BadInputException(option + " " + given + " cannot be written in folder " + p + ": "
                    + FileProblems.reason(e) + "; pass a path in a writable folder", e);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // unreadable: cannot be the same readable input
        }
    }
}
