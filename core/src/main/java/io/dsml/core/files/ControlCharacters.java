package io.dsml.core.files;

/**
 * Finds control characters (newlines, tabs, NUL, escapes) in text that dsml writes into one-line
 * places: a path component, a label in a table row, a line of a report.
 */
public final class ControlCharacters {
    private ControlCharacters() {}

    /** The first control character of {@code text} as {@code U+XXXX}, or {@code null} if it has none. */
    public static String first(String text) {
        return text.codePoints()
                .filter(Character::isISOControl)
                .mapToObj(c -> String.format("U+%04X", c))
                .findFirst()
                .orElse(null);
    }
}
