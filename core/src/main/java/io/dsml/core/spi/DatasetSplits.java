package io.dsml.core.spi;

import java.util.Objects;

/**
 * The training and test parts of one dataset under one split protocol.
 *
 * @param train training samples; labels dense in [0, train classes)
 * @param test test samples
 * @param sharedClasses true when test labels mean the same classes as training labels
 *     (classification protocols), so a loss's classifier can be scored on the test split; false
 *     for zero-shot retrieval splits, whose test classes are disjoint from training classes and
 *     relabelled densely from 0
 * @param description where the data came from, for logs and result provenance
 */
public record DatasetSplits(LabeledImages train, LabeledImages test, boolean sharedClasses, String description) {
    public DatasetSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        description = description == null ? "" : description;
    }
}
