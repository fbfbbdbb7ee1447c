package io.dsml.core.train;

import ai.djl.nn.Block;
import io.dsml.core.config.EvaluationConfig;
import io.dsml.core.config.TrainingConfig;
import io.dsml.core.spi.BatchSampler;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.MetricLoss;
import java.util.List;

/**
 * Everything one training run needs, already built: one cell of an experiment's grid.
 *
 * @param embedder the embedding network (uninitialised)
 * @param loss the loss (uninitialised)
 * @param data training and test splits
 * @param sampler builds the training batches
 * @param training optimisation settings
 * @param evaluation what to measure on the test split
 * @param classification whether train and test share classes, so the loss's classifier applies
 * @param seed seeds parameter initialisation, batch order and augmentation
 * @param listeners extra listeners (metric logs, progress)
 * @param checkpoint where the cell's checkpoint lives (resumed from if it exists), or {@code null}
 *     for none
 * @param validation held-out images measured at every evaluation for model selection ({@code
 *     val_} metrics), or {@code null} for none
 * @param configFingerprint the fingerprint of the configuration the cell belongs to, recorded in
 *     its checkpoints; empty for none
 * @param cellId the cell's id in its run directory, recorded with the seed in its checkpoints so
 *     that a checkpoint of another cell is refused; empty for none
 */
public record Cell(
        Block embedder,
        MetricLoss loss,
        DatasetSplits data,
        BatchSampler sampler,
        TrainingConfig training,
        EvaluationConfig evaluation,
        boolean classification,
        long seed,
        List<TrainingListener> listeners,
        java.nio.file.Path checkpoint,
        io.dsml.core.spi.LabeledImages validation,
        String configFingerprint,
        String cellId) {
    public Cell {
        listeners = List.copyOf(listeners);
        configFingerprint = configFingerprint == null ? "" : configFingerprint;
        cellId = cellId == null ? "" : cellId;
    }

    /** What this cell's checkpoints are bound to. */
    public Checkpoint.Owner owner() {
        return new Checkpoint.Owner(configFingerprint, cellId, seed);
    }
}
