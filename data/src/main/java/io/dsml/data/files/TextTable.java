package io.dsml.data.files;

import io.dsml.core.error.DsmlException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the whitespace-separated index files of CUB and SOP ({@code images.txt}, {@code
 * Ebay_train.txt}, ...). Every malformed value is reported as {@code file:line: what}, so a user
 * can open the file at the offending line.
 */
public final class TextTable {
    private TextTable() {}

    /** One non-blank line, split on whitespace. */
    public record Line(Path file, int number, String[] fields) {
        /** {@code file:line}, for messages. */
        public String where() {
            return file + ":" + number;
        }

        /** Field {@code i} as an integer, named {@code name} in messages. */
        public int integer(int i, String name) {
            try {
                return Integer.parseInt(fields[i]);
            } catch (NumberFormatException e) {
                throw new DsmlException(where() + ": " + name + " '" + fields[i] + "' is not an integer");
            }
        }

        /** Field {@code i} as a finite number. */
        public double decimal(int i, String name) {
            try {
                double v = Double.parseDouble(fields[i]);
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new DsmlException(where() + ": " + name + " '" + fields[i] + "' is not a number");
        }

        public String text(int i) {
            return fields[i];
        }
    }

    /**
     * Reads {@code file}, requiring {@code columns.size()} fields on every non-blank line.
     *
     * @param columns the column names, for messages
     * @param header whether the first non-blank line is a header that must equal {@code columns}
     */
    public static List<Line> read(Path file, List<String> columns, boolean header) {
        List<String> raw;
        try {
            raw = TextLines.read(file);
        } catch (NoSuchFileException e) {
            throw new DsmlException(file + ": no such file");
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read: " + e.getMessage());
        }
        List<Line> lines = new ArrayList<>();
        boolean headerSeen = !header;
        for (int n = 0; n < raw.size(); n++) {
            String text = raw.get(n).strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] fields = text.split("\\s+");
            Line line = new Line(file, n + 1, fields);
            if (!headerSeen) {
                if (!Arrays.asList(fields).equals(columns)) {
                    throw new DsmlException(line.where() + ": expected the header '" + String.join(" ", columns)
                            + "', found '" + text + "'");
                }
                headerSeen = true;
                continue;
            }
            if (fields.length != columns.size()) {
                throw new DsmlException(line.where() + ": expected " + columns.size() + " fields ("
                        + String.join(" ", columns) + "), found " + fields.length + ": '" + text + "'");
            }
            lines.add(line);
        }
        if (lines.isEmpty()) {
            throw new DsmlException(file + ": no entries" + (header && !headerSeen ? " and no header" : ""));
        }
        return lines;
    }
}
