package io.dsml.data.local;

import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.DatasetSplits;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded dataset and what loading it found. A dataset whose training or test part is empty
 * (every image skipped, or an index that puts none in a part) is refused here, where every
 * provider's loading ends, rather than reported as loaded.
 *
 * @param splits the train and test parts
 * @param directory where the files were found ({@code null} for bundled data)
 * @param skipped how many listed images were skipped as absent or unreadable
 * @param skippedExamples the first few of them, one line each
 */
public record LoadReport(DatasetSplits splits, Path directory, int skipped, List<String> skippedExamples) {
    public LoadReport {
        skippedExamples = List.copyOf(skippedExamples);
        requireImages(splits.train().size(), "training", splits.description());
        requireImages(splits.test().size(), "test", splits.description());
    }

    /**
     * Refuses an empty part of a dataset.
     *
     * @param part "training" or "test"
     * @param description where the data came from, for the message
     * @throws DsmlException when {@code count} is 0
     */
    public static void requireImages(int count, String part, String description) {
        if (count == 0) {
            throw new DsmlException(description + ": the " + part + " part has no images");
        }
    }

    /** A report with nothing skipped. */
    public static LoadReport clean(DatasetSplits splits, Path directory) {
        return new LoadReport(splits, directory, 0, List.of());
    }
}
