package io.dsml.data.cifar;

import io.dsml.core.error.DsmlException;
import io.dsml.data.files.TextLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the binary version of CIFAR (Krizhevsky 2009): fixed-size records of {@code labelBytes}
 * label bytes (CIFAR-10: the class; CIFAR-100: coarse then fine) followed by 3,072 pixel bytes,
 * 1,024 red, 1,024 green, 1,024 blue, rows of 32 - already the channels-first layout dsml uses.
 */
final class CifarBinary {
    static final int PIXELS = 3 * 32 * 32;

    /**
     * Concatenated records.
     *
     * @param pixels {@code count * 3072} bytes, channels first
     * @param labels the chosen label byte of each record
     */
    record Records(byte[] pixels, int[] labels) {
        int count() {
            return labels.length;
        }
    }

    private CifarBinary() {}

    /**
     * Reads and concatenates {@code files}.
     *
     * @param labelBytes label bytes per record (1 or 2)
     * @param labelIndex which label byte to keep
     * @param classes labels must lie in [0, classes)
     * @param expectedPerFile the official record count of each file, or -1 to accept any whole number
     */
    static Records read(List<Path> files, int labelBytes, int labelIndex, int classes, int expectedPerFile) {
        int recordSize = labelBytes + PIXELS;
        byte[][] contents = new byte[files.size()][];
        int total = 0;
        for (int f = 0; f < files.size(); f++) {
            contents[f] = readAll(files.get(f));
            total += checkSize(files.get(f), contents[f].length, recordSize, expectedPerFile);
        }
        byte[] pixels = new byte[total * PIXELS];
        int[] labels = new int[total];
        int at = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] data = contents[f];
            for (int r = 0; r < data.length / recordSize; r++, at++) {
                int label = data[r * recordSize + labelIndex] & 0xff;
                if (label >= classes) {
                    throw new DsmlException(files.get(f) + ": record " + r + " (byte " + (r * recordSize + labelIndex)
                            + "): label " + label + " is not in 0-" + (classes - 1));
                }
                labels[at] = label;
                System.arraycopy(data, r * recordSize + labelBytes, pixels, at * PIXELS, PIXELS);
            }
            contents[f] = null;
        }
        return new Records(pixels, labels);
    }

    /**
     * Reads a label-names file ({@code batches.meta.txt}, {@code fine_label_names.txt}): one name per
     * line, blank lines ignored.
     *
     * @return the names, or {@code null} when the file is absent
     */
    static List<String> names(Path file, int expected) {
        if (!Files.exists(file)) {
            return null;
        }
        List<String> names;
        try {
            names = TextLines.read(file).stream()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read: " + io.dsml.core.files.IoFailure.reason(e));
        }
        if (names.size() != expected) {
            throw new DsmlException(file + ": " + names.size() + " class names, expected " + expected
                    + " (is this file from the other CIFAR?)");
        }
        return names;
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DsmlException(file + ": no such file");
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read: " + io.dsml.core.files.IoFailure.reason(e));
        }
    }

    private static int checkSize(Path file, long bytes, int recordSize, int expected) {
        if (bytes == 0 || bytes % recordSize != 0) {
            throw new DsmlException(file + ": " + bytes + " bytes is not a whole number of " + recordSize
                    + "-byte records (truncated or not the binary version?)");
        }
        long records = bytes / recordSize;
        if (expected > 0 && records != expected) {
            throw new DsmlException(file + ": " + records + " records, the official file has " + expected
                    + " (truncated? set dataset param strict_counts=false to accept it)");
        }
        return (int) records;
    }
}
