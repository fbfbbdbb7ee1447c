package io.dsml.core.train;

import io.dsml.core.error.DsmlException;

/**
 * Training stopped because the process was asked to end (SIGTERM, SIGINT); the cell's checkpoint
 * holds the position it stopped at, so {@code --resume} continues exactly there.
 */
public final class TrainingStoppedException extends DsmlException {
    private static final long serialVersionUID = 1L;

    public TrainingStoppedException(String message) {
        super(message);
    }
}
