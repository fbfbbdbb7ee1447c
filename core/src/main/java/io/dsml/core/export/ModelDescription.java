package io.dsml.core.export;

import io.dsml.core.config.EmbeddingConfig;
import io.dsml.core.spi.TestTimePipeline;
import java.util.Map;

/**
 * The {@code model.json} of a finished cell: everything needed, besides the parameter values, to
 * rebuild its network and loss and to feed it images as the test split was fed. Versioned by
 * {@link #format} and {@link #version}; a reader refuses other versions instead of guessing.
 *
 * @param format always {@link #FORMAT}
 * @param version the layout version, {@link #VERSION}
 * @param cellId the cell's directory name
 * @param backbone the backbone's registered name and resolved hyperparameters
 * @param embedding the embedding head
 * @param loss the loss's registered name and resolved hyperparameters (its class state is in the
 *     parameters)
 * @param classes the number of training classes, which sizes the loss's class state
 * @param sharedClasses whether test labels mean the training classes (classification protocols),
 *     so the loss's classifier applies to test images
 * @param pipeline the test-time image pipeline
 * @param dataset the dataset the cell was trained on, to embed its splits again
 * @param inferenceBatch the batch size the test embeddings were computed with
 * @param seed the cell's seed
 * @param parameters the parameter file's name, relative to the model directory
 * @param epoch the epoch whose parameters these are (with {@code evaluation.select_split}, the
 *     selected epoch); {@code null} in version 1 files, which always held the last epoch
 * @param classNames the dataset's names of the training classes, by class index, or {@code null}
 *     when the dataset numbers its classes only (and in version 1 files)
 * @param engine the engine and version that trained it, e.g. {@code "PyTorch 2.7.1"} (null in files
 *     written before it was recorded); the parameters load on either engine
 */
public record ModelDescription(
        String format,
        int version,
        String cellId,
        Component backbone,
        EmbeddingConfig embedding,
        Component loss,
        int classes,
        boolean sharedClasses,
        TestTimePipeline pipeline,
        Dataset dataset,
        int inferenceBatch,
        long seed,
        String parameters,
        Integer epoch,
        java.util.List<String> classNames,
        String engine) {
    /** The value of {@link #format}. */
    public static final String FORMAT = "dsml-model";
    /**
     * The layout this code writes: 2 adds {@link #epoch} and a checksummed parameter file. Version
     * 1 is still read.
     */
    public static final int VERSION = 2;
    /** The oldest layout this code reads. */
    public static final int OLDEST_VERSION = 1;

    /** The same description for the parameters of {@code epoch}, batched by {@code inferenceBatch}. */
    public ModelDescription at(int epoch, int inferenceBatch) {
        return new ModelDescription(
                format,
                VERSION,
                cellId,
                backbone,
                embedding,
                loss,
                classes,
                sharedClasses,
                pipeline,
                dataset,
                inferenceBatch,
                seed,
                parameters,
                epoch,
                classNames,
                engine);
    }

    /**
     * A registered component with resolved hyperparameters.
     *
     * @param name the registered name
     * @param label the label in result tables
     * @param params every hyperparameter, defaults included
     */
    public record Component(String name, String label, Map<String, Object> params) {}

    /**
     * Where the cell's data came from.
     *
     * @param name the registered dataset name
     * @param split the split protocol
     * @param params the dataset options as configured
     * @param dataDir the configured data directory, or {@code null} for the default search
     */
    public record Dataset(String name, String split, Map<String, Object> params, String dataDir) {}
}
