package io.dsml.core.files;

import io.dsml.core.error.DsmlException;
import java.nio.charset.StandardCharsets;

/**
 * The one check for every name that becomes a single component of a path under a directory dsml
 * writes into (an experiment's name under {@code --runs-dir}, a cell's id under {@code cells/}):
 * it must stay a plain child of that directory. {@code .}, {@code ..}, a separator, a control
 * character or an over-long name would escape the directory, name the directory itself, or make
 * a name no file system or listing shows faithfully.
 */
public final class PathComponent {
    /** The longest file name (in UTF-8 bytes) that common file systems accept. */
    static final int MAX_BYTES = 255;

    private PathComponent() {}

    /**
     * Returns {@code name} if it is a safe single path component.
     *
     * @param key what the name is, for the message: a config key path such as {@code name}, or
     *     {@code cell id}
     * @throws DsmlException naming {@code key} and what is wrong
     */
    public static String require(String key, String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new DsmlException(key + ": '" + printable(name) + "' cannot name a directory (" + problem + ")");
        }
        return name;
    }

    /** What makes {@code name} unsafe as a path component, or {@code null} if it is safe. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'.' and '..' name a directory itself or its parent";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "it contains a path separator";
        }
        String control = ControlCharacters.first(name);
        if (control != null) {
            return "it contains the control character " + control;
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "longer than " + MAX_BYTES + " bytes";
        }
        return null;
    }

    /** The name with control characters shown as {@code U+XXXX}, so the message stays one line. */
    private static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        name.codePoints()
                .forEach(c ->
                        text.append(Character.isISOControl(c) ? String.format("U+%04X", c) : Character.toString(c)));
        return text.toString();
    }
}
