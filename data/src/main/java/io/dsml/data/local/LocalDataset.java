package io.dsml.data.local;

import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetProvider;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.data.locate.DataLocator;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A dataset read from files the user downloads: it knows where it looks, how to recognise its
 * directory, where the official distribution is published, and how to report what it skipped.
 */
public interface LocalDataset extends DatasetProvider {

    /** Where the official distribution is published, and what to download from there. */
    String howToGet();

    /** Directories searched after {@code $DSML_DATA}, e.g. where a Debian package installs it. */
    default List<Path> systemDirs() {
        return List.of();
    }

    /**
     * Files whose presence identifies the dataset's directory, relative to a searched directory;
     * a marker in a sub-folder (e.g. {@code CUB_200_2011/images.txt}) makes that sub-folder the
     * dataset's directory.
     */
    List<String> markers();

    /** The official files that {@code dsml datasets fetch} can download; empty if none is public. */
    default List<Download> downloads() {
        return List.of();
    }

    /** The directories searched, in order. */
    default List<Path> searchPath(Path given) {
        return DataLocator.candidates(name(), given, systemDirs());
    }

    /** The dataset's directory, if one of the searched directories holds it. */
    default Optional<Path> find(Path given) {
        return DataLocator.findRoot(searchPath(given), markers());
    }

    /** The dataset's directory, or an error listing what was searched and how to get the data. */
    default Path locate(Path given) {
        return DataLocator.locateRoot(name(), given, systemDirs(), markers(), howToGet());
    }

    /**
     * Loads and validates the dataset, reporting skipped images.
     *
     * @throws io.dsml.core.error.DsmlException naming what is missing or malformed
     */
    LoadReport inspect(Params params, String split, Path dataDir);

    @Override
    default DatasetSplits load(Params params, String split, Path dataDir) {
        return inspect(params, split, dataDir).splits();
    }
}
