package io.dsml.data.files;

import io.dsml.core.error.DsmlException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The one check of an image path that a dataset's index names ({@code images.txt}, {@code
 * Ebay_train.txt}, {@code cars_annos.mat}, ...): it must be relative and stay inside the folder
 * it is relative to, so an index can never make dsml read (or report on) a file outside the data
 * set. Absolute paths, drive letters, {@code ..} components and empty names are refused with the
 * index's file and line.
 */
public final class IndexPath {
    /** Both separators: an index written on Windows uses backslashes, which Linux reads as names. */
    private static final Pattern SEPARATORS = Pattern.compile("[/\\\\]");

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");

    private IndexPath() {}

    /**
     * {@code root.resolve(name)} after checking that {@code name} stays inside {@code root}.
     *
     * @param where the index file and line (or element) that lists {@code name}, for messages
     * @throws DsmlException naming {@code where} if {@code name} is empty, absolute or has a
     *     {@code ..} component, or is no valid path
     */
    public static Path resolve(Path root, String name, String where) {
        return root.resolve(check(name, where));
    }

    /**
     * Checks {@code name} as {@link #resolve} does, for an index read before its folder is known.
     *
     * @return {@code name}
     */
    public static String check(String name, String where) {
        if (name.isEmpty()) {
            throw new DsmlException(where + ": empty image path");
        }
        if (name.startsWith("/") || name.startsWith("\\") || DRIVE.matcher(name).find()) {
            throw new DsmlException(where + ": image path '" + name + "' is absolute; an index names images"
                    + " relative to the dataset's folder");
        }
        for (String component : SEPARATORS.split(name)) {
            if (component.equals("..")) {
                throw new DsmlException(where + ": image path '" + name + "' has a '..' component; an index"
                        + " must not name files outside the dataset's folder");
            }
        }
        try {
            Path.of(name);
        } catch (InvalidPathException e) {
            throw new DsmlException(where + ": image path '" + name + "' is not a valid path (" + e.getReason() + ")");
        }
        return name;
    }
}
