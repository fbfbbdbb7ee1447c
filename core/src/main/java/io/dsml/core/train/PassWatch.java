package io.dsml.core.train;

import java.util.List;

/**
 * Watches the training run's inference passes (the class-state refresh over the training set, the
 * evaluation passes): reports their progress to the listeners and stops a pass between two
 * batches when the run is cancelled, instead of finishing a pass that can take minutes.
 */
final class PassWatch implements EmbeddingExtractor.PassMonitor {
    /** A pass stopped by a signal; the trainer says where its checkpoint stands. */
    static final class PassStoppedException extends RuntimeException {
        PassStoppedException(String message) {
            super(message);
        }
    }

    private final Cancellation cancellation;
    private List<TrainingListener> listeners = List.of();
    private TrainingContext context;

    PassWatch(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    /** Where progress goes, once the run has its listeners and context. */
    void reportTo(List<TrainingListener> listeners, TrainingContext context) {
        this.listeners = listeners;
        this.context = context;
    }

    @Override
    public void between(int done, int batches, int samples) {
        if (cancellation.requested()) {
            throw new PassStoppedException("stopped by a signal during a pass over " + samples + " samples (after "
                    + done + " of its " + batches + " batches)");
        }
        for (TrainingListener listener : listeners) {
            listener.onPassProgress(context, done, batches, samples);
        }
    }
}
