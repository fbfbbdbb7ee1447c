package io.dsml.data.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text files dsml is given (index files, image lists, class names) as UTF-8 lines,
 * without the byte-order mark that Windows editors put at the start: kept, it would become part
 * of the first path or name ({@code "\uFEFFa.jpg"} is not {@code "a.jpg"}).
 */
public final class TextLines {
    private static final char BOM = '\uFEFF';

    private TextLines() {}

    /**
     * The lines of {@code file}, a leading byte-order mark removed.
     *
     * @throws IOException when the file cannot be read or is not UTF-8
     */
    public static List<String> read(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        if (!lines.isEmpty() && !lines.get(0).isEmpty() && lines.get(0).charAt(0) == BOM) {
            lines.set(0, lines.get(0).substring(1));
        }
        return lines;
    }
}
