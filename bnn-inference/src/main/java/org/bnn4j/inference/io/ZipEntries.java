package org.bnn4j.inference.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Reads every entry of a zip archive into memory, checking the archive's structure and each entry's CRC-32. */
final class ZipEntries {

    /** Local file header signature "PK\3\4" of a zip archive (PKWARE APPNOTE 4.3.7). */
    private static final byte[] ZIP_MAGIC = {0x50, 0x4b, 0x03, 0x04};
    /** Refuse entries larger than this: a posterior of 10^8 float64 values is 800 MB. */
    private static final long MAX_ENTRY_BYTES = 1L << 31;

    private ZipEntries() {
    }

    static Map<String, byte[]> readAll(Path file) throws IOException {
        boolean zipMagic = startsWithZipMagic(file);
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (e.getSize() > MAX_ENTRY_BYTES) {
                    throw new PosteriorFileException(file, "entry " + e.getName() + " claims " + e.getSize()
                            + " bytes; the file is corrupted: save the posterior again", null);
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                    throw new PosteriorFileException(file, "entry " + e.getName()
                            + " fails its CRC check; the file is corrupted: save the posterior again", null);
                }
                out.put(e.getName(), bytes);
            }
        } catch (ZipException | java.io.EOFException e) {
            String why = e.getMessage() != null ? e.getMessage()
                    : e instanceof java.io.EOFException ? "unexpected end of file" : e.getClass().getSimpleName();
            String what = zipMagic ? "truncated or corrupted (" + why + "); save the posterior again"
                    : "not a bnn4j posterior file (not a zip archive); pass a file written by 'bnn fit --save' "
                            + "or PosteriorIO.save";
            throw new PosteriorFileException(file, what, e);
        }
        return out;
    }

    private static boolean startsWithZipMagic(Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] head = in.readNBytes(ZIP_MAGIC.length);
            return java.util.Arrays.equals(head, ZIP_MAGIC);
        }
    }
}
