package io.dsml.data.locate;

import io.dsml.core.error.DsmlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a dataset's directory: the directory the user gave ({@code --data-dir} or {@code
 * dataset.data_dir}), else {@code $DSML_DATA/<name>}, else {@code $DSML_DATA}, else the dataset's
 * system locations (e.g. Debian's {@code /usr/share/datasets/fashion-mnist}). A directory
 * qualifies when it holds the dataset's marker file.
 */
public final class DataLocator {
    /** The environment variable naming the root of the user's datasets. */
    public static final String DATA_ENV = "DSML_DATA";

    private DataLocator() {}

    /** The places searched, in order. */
    public static List<Path> candidates(String dataset, Path given, List<Path> systemDirs) {
        List<Path> dirs = new ArrayList<>();
        if (given != null) {
            dirs.add(given);
            return dirs;
        }
        String env = System.getenv(DATA_ENV);
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env).resolve(dataset));
            dirs.add(Path.of(env));
        }
        dirs.addAll(systemDirs);
        return dirs;
    }

    /**
     * The first candidate holding one of {@code markers}.
     *
     * @param howToGet one sentence on where to obtain the data, appended to the error
     * @throws DsmlException listing what was searched
     */
    public static Path locate(
            String dataset, Path given, List<Path> systemDirs, List<String> markers, String howToGet) {
        List<Path> dirs = candidates(dataset, given, systemDirs);
        for (Path dir : dirs) {
            if (firstPresent(dir, markers).isPresent()) {
                return dir;
            }
        }
        String searched = dirs.isEmpty() ? "(nowhere: no --data-dir, $" + DATA_ENV + " unset)" : dirs.toString();
        throw new DsmlException(dataset + ": " + markers.get(0) + " not found in " + searched
                + (given == null && System.getenv(DATA_ENV) == null ? " ($" + DATA_ENV + " is unset)" : "")
                + ". " + howToGet);
    }

    /**
     * The directory holding the first marker found: for a marker {@code sub/file} found under a
     * candidate {@code c}, that is {@code c/sub}. Lets users point at either the dataset folder or
     * the folder they unpacked the archive into.
     */
    public static Optional<Path> findRoot(List<Path> candidates, List<String> markers) {
        for (Path dir : candidates) {
            Optional<Path> marker = firstPresent(dir, markers);
            if (marker.isPresent()) {
                return Optional.of(marker.get().getParent());
            }
        }
        return Optional.empty();
    }

    /**
     * Like {@link #locate}, but returns the directory holding the marker (see {@link #findRoot}).
     *
     * @throws DsmlException listing what was searched and how to get the data
     */
    public static Path locateRoot(
            String dataset, Path given, List<Path> systemDirs, List<String> markers, String howToGet) {
        Path dir = locate(dataset, given, systemDirs, markers, howToGet);
        return findRoot(List.of(dir), markers).orElseThrow();
    }

    /** The first of {@code names} that exists in {@code dir}. */
    public static Optional<Path> firstPresent(Path dir, List<String> names) {
        return names.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst();
    }
}
