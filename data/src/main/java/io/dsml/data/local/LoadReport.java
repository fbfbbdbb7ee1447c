package io.dsml.data.local;

import io.dsml.core.spi.DatasetSplits;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded dataset and what loading it found.
 *
 * @param splits the train and test parts
 * @param directory where the files were found ({@code null} for bundled data)
 * @param skipped how many listed images were skipped as absent or unreadable
 * @param skippedExamples the first few of them, one line each
 */
public record LoadReport(DatasetSplits splits, Path directory, int skipped, List<String> skippedExamples) {
    public LoadReport {
        skippedExamples = List.copyOf(skippedExamples);
    }

    /** A report with nothing skipped. */
    public static LoadReport clean(DatasetSplits splits, Path directory) {
        return new LoadReport(splits, directory, 0, List.of());
    }
}
